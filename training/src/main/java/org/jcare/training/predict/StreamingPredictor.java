package org.jcare.training.predict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongPredicate;
import org.jcare.engine.Engine;
import org.jcare.io.image.Tczyx;
import org.jcare.io.zarr.Boxes;
import org.jcare.training.model.CareNetwork;

/**
 * Restores a volume that need not fit in memory, unit by unit ({@link StreamPlan}): read a tile with its halo from the
 * input, normalize it, run the network, write the tile's core to a {@link CellSink}. The tiles are those
 * {@link TiledPredictor} plans (its padding, grid and device transfers are reused), the normalization is the same
 * float32 arithmetic with bounds computed per time point ({@link StreamingPercentiles}), so the output equals the
 * in-memory restoration of each time point, bit for bit, for the same tiles. Host memory holds a few units: the one
 * on the device, the next one read ahead on another thread, and up to two being written on a third.
 */
public final class StreamingPredictor {
    /** Where restored cells go (a Zarr array, a TIFF file). */
    public interface CellSink {
        /**
         * Writes one cell: {@code data} in C order of {@code size} (TCZYX) at {@code start}. Called from one writer
         * thread at a time per predictor, possibly while other predictors write other cells.
         */
        void write(long[] start, int[] size, float[] data) throws IOException;

        /** Whether the cell is already written (a resumed run skips it). */
        boolean isWritten(long[] start, int[] size) throws IOException;
    }

    private static final int PENDING_WRITES = 2;
    private final CareNetwork net;
    private final TiledPredictor tiled;
    private final TileProgram program;
    private final int nDim;

    /** A predictor for {@code net}. */
    public StreamingPredictor(CareNetwork net) {
        this.net = net;
        this.program = TileProgram.of(net);
        this.tiled = new TiledPredictor(program);
        this.nDim = net.divisibility().length;
    }

    /**
     * Plans the restoration of a TCZYX volume of {@code shape}: {@link TiledPredictor}'s tiles for the same options,
     * with tiles also kept under {@code hostBudgetBytes} of host memory per unit when the counts are planned.
     *
     * @param zGroup Z planes per unit for a 2D network (the output chunks' depth); ignored for a 3D network
     * @throws IllegalArgumentException when the channels or axes do not fit the network
     */
    public StreamPlan plan(long[] shape, PredictOptions options, int zGroup, long hostBudgetBytes) {
        if (shape[1] != net.inputChannels()) {
            throw new IllegalArgumentException("the volume has " + shape[1] + " channel(s); the model takes "
                    + net.inputChannels() + ": give the channel axis as C");
        }
        if (nDim == 3 && shape[2] < 2 && net.divisibility()[0] > 1) {
            throw new IllegalArgumentException("a 3D model needs a Z axis; the volume has none (axes without Z)");
        }
        int group = nDim == 3 ? 1 : (int) Math.max(1, Math.min(zGroup, shape[2]));
        long[] spatial = nDim == 3 ? new long[] {shape[2], shape[3], shape[4]} : new long[] {shape[3], shape[4]};
        int inCh = net.inputChannels();
        int outAll = net.outputChannels();
        TileCostModel device = tiled.costModel();
        // host bytes of one tile voxel: input box and tile, output tile and cell, each for the unit being read ahead,
        // computed and written (x2), times the planes of a Z group
        long perVoxel = 4L * (2L * inCh + 2L * outAll) * group * 2;
        TileCostModel cost = tile -> {
            long voxels = 1;
            for (long t : tile) {
                voxels *= t;
            }
            return hostBudgetBytes > 0 && voxels * perVoxel > hostBudgetBytes ? Long.MAX_VALUE : device.bytes(tile);
        };
        TiledPredictor.Tiles t = tiled.plan(spatial, options, cost);
        int meanChannels = outAll / (program.outputs().size() > 1 ? 2 : 1);
        return new StreamPlan(shape.clone(), meanChannels, nDim, t.pad(), t.grid(), net.divisibility(), group);
    }

    /**
     * Restores the units of {@code plan} that {@code select} accepts, in order.
     *
     * @param norms  per time point the normalizer of its channels, or null to feed values as they are
     * @param mean   receives the restoration
     * @param scale  receives a probabilistic network's Laplace scale, or null
     * @param resume skip units whose cell {@code mean} has already
     * @return the number of units restored (not skipped)
     */
    public long run(Tczyx input, StreamPlan plan, PercentileNormalizer[] norms, LongPredicate select, CellSink mean,
                    CellSink scale, boolean resume, PredictionListener listener) throws IOException {
        long total = plan.unitCount();
        ExecutorService reader = Executors.newSingleThreadExecutor(daemon("jcare-read"));
        ExecutorService writer = Executors.newSingleThreadExecutor(daemon("jcare-write"));
        Deque<Future<?>> writes = new ArrayDeque<>();
        TiledPredictor.HostBuffers host = new TiledPredictor.HostBuffers();
        Engine engine = net.engine();
        long restored = 0;
        try (var noGrad = engine.noGrad()) {
            Future<Prepared> next = null;
            long k = nextUnit(plan, select, mean, resume, 0);
            if (k < total) {
                long first = k;
                next = reader.submit(() -> prepare(input, plan, norms, first));
            }
            long done = 0;
            while (next != null) {
                Prepared p = get(next);
                long after = nextUnit(plan, select, mean, resume, p.index + 1);
                next = null;
                if (after < total) {
                    next = reader.submit(() -> prepare(input, plan, norms, after));
                }
                Cell out = compute(p, plan, norms);
                while (writes.size() >= PENDING_WRITES) {
                    get(writes.removeFirst());
                }
                writes.addLast(writer.submit(() -> {
                    mean.write(out.start, out.size, out.mean);
                    if (scale != null && out.scale != null) {
                        scale.write(out.start, out.size, out.scale);
                    }
                    return null;
                }));
                restored++;
                done = p.index + 1;
                listener.onTile(done, total);
            }
            while (!writes.isEmpty()) {
                get(writes.removeFirst());
            }
        } finally {
            reader.shutdownNow();
            writer.shutdown();
        }
        return restored;
    }

    /** The first unit from {@code k} on that is selected and (when resuming) not yet written. */
    private static long nextUnit(StreamPlan plan, LongPredicate select, CellSink sink, boolean resume, long k)
            throws IOException {
        for (; k < plan.unitCount(); k++) {
            if (!select.test(k)) {
                continue;
            }
            if (resume) {
                long[][] c = plan.cell(plan.unit(k));
                if (sink.isWritten(c[0], Boxes.toInts(c[1]))) {
                    continue;
                }
            }
            return k;
        }
        return k;
    }

    /** A unit's network inputs, normalized, one per Z plane of the group (one for a 3D network). */
    private record Prepared(long index, StreamPlan.Unit unit, TileGrid.NdTile tile, float[][] inputs) {
    }

    /** A unit's output cell. */
    private record Cell(long[] start, int[] size, float[] mean, float[] scale) {
    }

    private Prepared prepare(Tczyx input, StreamPlan plan, PercentileNormalizer[] norms, long k) throws IOException {
        StreamPlan.Unit u = plan.unit(k);
        TileGrid.NdTile tile = plan.grid().tile(u.tile());
        long[] spatial = plan.spatial();
        int[][] maps = TiledPredictor.sourceMaps(tile, plan.pad(), spatial);
        int r = maps.length;
        int[] lo = new int[r];
        int[] hi = new int[r];
        for (int a = 0; a < r; a++) {
            lo[a] = Integer.MAX_VALUE;
            for (int v : maps[a]) {
                lo[a] = Math.min(lo[a], v);
                hi[a] = Math.max(hi[a], v);
            }
        }
        int channels = (int) plan.shape()[1];
        int bz = nDim == 3 ? hi[0] - lo[0] + 1 : u.nz();
        int by = hi[r - 2] - lo[r - 2] + 1;
        int bx = hi[r - 1] - lo[r - 1] + 1;
        long[] start = {u.t(), 0, nDim == 3 ? lo[0] : u.z0(), lo[r - 2], lo[r - 1]};
        float[] box = input.read(start, new int[] {1, channels, bz, by, bx});
        PercentileNormalizer norm = norms == null ? null : norms[(int) u.t()];
        int[] ys = maps[r - 2];
        int[] xs = maps[r - 1];
        int nz = nDim == 3 ? maps[0].length : 1;
        float[][] inputs = new float[nDim == 3 ? 1 : u.nz()][];
        for (int p = 0; p < inputs.length; p++) {
            float[] t = new float[channels * nz * ys.length * xs.length];
            int i = 0;
            for (int c = 0; c < channels; c++) {
                for (int z = 0; z < nz; z++) {
                    int bzIndex = nDim == 3 ? maps[0][z] - lo[0] : p;
                    for (int y : ys) {
                        int row = ((c * bz + bzIndex) * by + (y - lo[r - 2])) * bx - lo[r - 1];
                        if (norm == null) {
                            for (int x : xs) {
                                t[i++] = box[row + x];
                            }
                        } else {
                            for (int x : xs) {
                                t[i++] = norm.normalize(c, box[row + x]);
                            }
                        }
                    }
                }
            }
            inputs[p] = t;
        }
        return new Prepared(k, u, tile, inputs);
    }

    /** Runs the network on every plane of a unit and assembles its cell (normalization undone as CSBDeep). */
    private Cell compute(Prepared p, StreamPlan plan, PercentileNormalizer[] norms) {
        long[][] cell = plan.cell(p.unit);
        int[] size = Boxes.toInts(cell[1]);
        int meanCh = plan.outChannels();
        boolean prob = program.outputs().size() > 1;
        float[] mean = new float[Boxes.count(size)];
        float[] scale = prob ? new float[mean.length] : null;
        PercentileNormalizer norm = norms == null ? null : norms[(int) p.unit.t()];
        PercentileNormalizer undo = norm != null && PercentileNormalizer.undoApplies(net.inputChannels(), meanCh)
                ? norm : null;
        TileGrid.NdTile tile = p.tile;
        long[] rs = tile.readSize();
        int r = rs.length;
        int tz = r == 3 ? (int) rs[0] : 1;
        int ty = (int) rs[r - 2];
        int tx = (int) rs[r - 1];
        // the cell's first original pixel sits at this offset in the tile output (crop start plus the padding cut)
        long[][] kept = plan.kept(tile);
        int[] off = new int[r];
        for (int a = 0; a < r; a++) {
            off[a] = (int) (tile.cropStart()[a] + kept[a][0] - (tile.writeStart()[a] - plan.pad().padBefore(a)));
        }
        TiledPredictor.InFlight running = null;
        try {
            for (int plane = 0; plane < p.inputs.length; plane++) {
                // one network: its forward pass does not depend on where the tile lies (a position-dependent program,
                // an ensemble's, is not streamed)
                TiledPredictor.TileJob job = new TiledPredictor.TileJob(plane, new long[0], tile);
                running = TiledPredictor.InFlight.start(net.engine(), program, job,
                        TiledPredictor.tileShape(net.inputChannels(), rs), p.inputs[plane],
                        TiledPredictor.position(job, plan.pad(), java.util.Arrays.copyOfRange(plan.shape(), 5 - nDim, 5)));
                float[] out = running.finish(new TiledPredictor.HostBuffers());
                running = null;
                int voxels = tz * ty * tx;
                int cz = size[2];
                int cy = size[3];
                int cx = size[4];
                int zCount = nDim == 3 ? cz : 1;
                for (int oc = 0; oc < (prob ? 2 * meanCh : meanCh); oc++) {
                    boolean isScale = oc >= meanCh;
                    int c = isScale ? oc - meanCh : oc;
                    float[] dst = isScale ? scale : mean;
                    for (int z = 0; z < zCount; z++) {
                        int zt = nDim == 3 ? off[0] + z : 0;
                        int zc = nDim == 3 ? z : plane;
                        for (int y = 0; y < cy; y++) {
                            int src = oc * voxels + (zt * ty + off[r - 2] + y) * tx + off[r - 1];
                            int d = ((c * cz + zc) * cy + y) * cx;
                            for (int x = 0; x < cx; x++) {
                                float v = out[src + x];
                                if (undo != null) {
                                    v = isScale ? undo.undoScale(c, v) : undo.undoMean(c, v);
                                }
                                dst[d + x] = v;
                            }
                        }
                    }
                }
            }
        } finally {
            if (running != null) {
                running.abandon();
            }
        }
        return new Cell(cell[0], size, mean, scale);
    }

    private static <T> T get(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
