package org.jcare.training.predict;

import java.util.stream.IntStream;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.training.model.CareNetwork;

/**
 * Runs a 2D network over many planes of one size, as CSBDeep's isotropic prediction does with the slices of a stack
 * (there untiled, batch 8): here each plane is cut into tiles with the network's halo, planned from the device memory
 * like any restoration ({@link TilePlanner}), and as many planes as the budget allows (at most {@value #MAX_BATCH})
 * go through the network together. Tiled output equals whole-plane output. Values come from and go to callbacks, so
 * the planes never exist as images.
 */
final class PlaneBatches {
    /** Planes per launch at most (CSBDeep predicts with batch size 8; more rarely pays on a GPU). */
    static final int MAX_BATCH = 16;

    /** Fills a tile of one plane. */
    interface Source {
        /**
         * Writes channel {@code c} of rows {@code [row0, row0 + rows)} and columns {@code [col0, col0 + cols)} of plane
         * {@code plane} (padded coordinates) to {@code dst[offset ...]}, row-major.
         */
        void fill(int plane, int c, long row0, int rows, long col0, int cols, float[] dst, int offset);
    }

    /** Takes the restored tile of one plane. */
    interface Sink {
        /**
         * Receives the network output of plane {@code plane} for {@code tile}: {@code out[offset ...]} holds
         * [channels, tile rows, tile cols]; the caller writes the tile's write window (crop offsets in {@code tile}).
         */
        void take(int plane, TileGrid.NdTile tile, float[] out, int offset);
    }

    private final CareNetwork net;
    private final TileGrid grid;
    private final int batch;

    /**
     * A plan for planes of {@code rows x cols} (padded to the network's divisibility) with {@code planes} planes.
     *
     * @param tiles tiles per plane axis, or null to plan them from the memory budget
     */
    PlaneBatches(CareNetwork net, long rows, long cols, int planes, int[] tiles, long budgetBytes) {
        this.net = net;
        long[] shape = {rows, cols};
        int[] block = net.divisibility();
        int[] halo = net.halo();
        long budget = DeviceBudget.of(net, budgetBytes);
        long fixed = DeviceBudget.parameterBytes(net);
        long perPixel = net.inferenceBytesPerVoxel();
        long maxAlloc = DeviceBudget.maxAllocation(net);
        long widest = 4L * Math.max(2L * net.inputChannels(), perPixel / 8);
        TileCostModel cost = t -> t[0] * t[1] * widest > maxAlloc ? Long.MAX_VALUE : fixed + t[0] * t[1] * perPixel;
        this.grid = tiles != null ? TileGrid.of(shape, block, tiles, halo)
                : TilePlanner.plan(shape, block, halo, cost, budget).grid();
        long[] t = grid.tileShape();
        long perTile = t[0] * t[1] * perPixel;
        long fit = Math.max(1, (budget - fixed) / Math.max(1, perTile));
        long allocFit = Math.max(1, maxAlloc / Math.max(1, t[0] * t[1] * widest));
        this.batch = (int) Math.max(1, Math.min(Math.min(fit, allocFit), Math.min(MAX_BATCH, planes)));
    }

    /** The tile grid of one plane. */
    TileGrid grid() {
        return grid;
    }

    /** Planes per launch. */
    int batch() {
        return batch;
    }

    /** Launches needed for {@code planes} planes. */
    long launches(int planes) {
        return (planes + batch - 1) / batch * grid.count();
    }

    /** Restores planes {@code [0, planes)}; {@code progress} is told after every launch. */
    void run(int planes, Source source, Sink sink, Runnable progress) {
        Engine engine = net.engine();
        int cin = net.inputChannels();
        int cout = net.outputChannels();
        try (var noGrad = engine.noGrad()) {
            for (int p0 = 0; p0 < planes; p0 += batch) {
                int b = Math.min(batch, planes - p0);
                int first = p0;
                for (TileGrid.NdTile tile : grid) {
                    int rows = (int) tile.readSize()[0];
                    int cols = (int) tile.readSize()[1];
                    int plane = rows * cols;
                    float[] x = new float[b * cin * plane];
                    IntStream planeRange = IntStream.range(0, b * cin);
                    (x.length >= 1 << 16 ? planeRange.parallel() : planeRange).forEach(k -> source.fill(first + k / cin,
                            k % cin, tile.readStart()[0], rows, tile.readStart()[1], cols, x, k * plane));
                    float[] out;
                    try (Scope scope = engine.scope()) {
                        out = net.forward(engine.tensor(Shape.of(b, cin, rows, cols), x)).toArray();
                    }
                    IntStream outRange = IntStream.range(0, b);
                    (out.length >= 1 << 16 ? outRange.parallel() : outRange).forEach(k -> sink.take(first + k, tile, out,
                            k * cout * plane));
                    progress.run();
                }
            }
        }
    }
}
