package org.jcare.training.predict;

import java.util.Arrays;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.io.image.Axes;
import org.jcare.io.image.FloatImage;
import org.jcare.training.model.ProjectionNetwork;

/**
 * Restores stacks with a projection network (CSBDeep's {@code ProjectionCARE.predict}): percentile normalization per
 * channel over the whole stack, reflect padding of Y and X to the network's divisibility (Z as it is), tiles in Y and X
 * only, each tile holding the whole Z extent (CSBDeep refuses tiles along Z), with the network's exact halo, planned
 * from the device memory; the output is 2D (the input's axes without Z) with the normalization undone when input and
 * output channels match. Optionally the surface weights (softmax along Z) come back as a stack of the input's size, so
 * a user can see which surface the network chose.
 */
public final class ProjectionPredictor implements ImagePredictor {
    private final ProjectionNetwork net;

    /**
     * A restoration with the projection weights.
     *
     * @param restoration the 2D mean (and scale)
     * @param weights     per input voxel the weight of its Z position (summing to 1 along Z), axes of the input
     *                    without C; null when not asked for
     */
    public record Result(Restoration restoration, FloatImage weights) {
    }

    /** A predictor for {@code net}. */
    public ProjectionPredictor(ProjectionNetwork net) {
        this.net = net;
    }

    @Override
    public Restoration predict(FloatImage image, PredictOptions options, PredictionListener listener) {
        return predict(image, options, listener, false).restoration();
    }

    /** Restores {@code image}; with {@code withWeights} the projection weights are returned too. */
    public Result predict(FloatImage image, PredictOptions options, PredictionListener listener, boolean withWeights) {
        ZStack in = ZStack.of(image, "a projection model");
        if (in.channels != net.inputChannels()) {
            throw new IllegalArgumentException("image " + image + " has " + in.channels + " channel(s); the model takes "
                    + net.inputChannels() + ": give the channel axis as C");
        }
        PercentileNormalizer norm = options.normalize()
                ? PercentileNormalizer.fit(in.image, options.pmin(), options.pmax()) : null;
        boolean prob = net.probabilistic();
        int meanChannels = net.outputChannels() / (prob ? 2 : 1);
        PercentileNormalizer undo = norm != null && PercentileNormalizer.undoApplies(net.inputChannels(), meanChannels)
                ? norm : null;
        FloatImage mean = in.withoutZ(meanChannels);
        FloatImage scale = prob ? in.withoutZ(meanChannels) : null;
        FloatImage weights = withWeights ? in.withDepth(1, in.depth) : null;
        if (weights != null && weights.axes().has('C')) {
            String a = weights.axes().letters();
            long[] s = weights.shape();
            long[] ns = new long[s.length - 1];
            for (int i = 0, j = 0; i < s.length; i++) {
                if (a.charAt(i) != 'C') {
                    ns[j++] = s[i];
                }
            }
            weights = weights.withAxes(a.replace("C", ""), ns);
        }
        long[] spatial = {in.depth, in.height, in.width};
        int[] div = net.divisibility();
        PadAndCrop pad = PadAndCrop.plan(Axes.of("ZYX"), spatial, div);
        long[] padded = pad.paddedShape();
        long[] yx = {padded[1], padded[2]};
        int[] block = {div[1], div[2]};
        int[] halo = {net.halo()[1], net.halo()[2]};
        TileGrid grid = options.tiles() != null ? TileGrid.of(yx, block, yxTiles(options.tiles()), halo)
                : TilePlanner.plan(yx, block, halo, costModel(in.depth), DeviceBudget.of(net,
                        options.memoryBudgetBytes())).grid();
        Engine engine = net.engine();
        long total = in.samples() * grid.count();
        long done = 0;
        try (var noGrad = engine.noGrad()) {
            for (long s = 0; s < in.samples(); s++) {
                long[] loop = in.loopIndex(s);
                for (TileGrid.NdTile tile : grid) {
                    int ty = (int) tile.readSize()[0];
                    int tx = (int) tile.readSize()[1];
                    float[] x = gather(in, s, tile, pad, norm);
                    try (Scope scope = engine.scope()) {
                        ProjectionNetwork.Output o = net.forward(engine.tensor(Shape.of(1, in.channels, in.depth, ty,
                                tx), x), withWeights);
                        float[] r = o.restored().toArray();
                        float[] w = withWeights ? o.weights().toArray() : null;
                        scatter(r, w, tile, pad, in, loop, mean, scale, weights, meanChannels, undo);
                    }
                    listener.onTile(++done, total);
                }
            }
        }
        return new Result(new Restoration(mean, scale, new int[] {1, grid.tilesPerAxis()[0],
            grid.tilesPerAxis()[1]}), weights);
    }

    private static int[] yxTiles(int[] tiles) {
        if (tiles.length == 2) {
            return tiles;
        }
        if (tiles.length == 3 && tiles[0] == 1) {
            return new int[] {tiles[1], tiles[2]};
        }
        throw new IllegalArgumentException("tiles " + Arrays.toString(tiles) + ": a projection model tiles Y and X only"
                + " (the whole Z extent is always processed), give Y,X or 1,Y,X");
    }

    /**
     * Device memory of a tile of {@code ty x tx} pixels with the whole {@code depth}: the projection part per voxel,
     * the U-Net per projected pixel, the parameters; no tensor above the largest allocation.
     */
    TileCostModel costModel(int depth) {
        long fixed = DeviceBudget.parameterBytes(net);
        long perVoxel = net.projectionBytesPerVoxel();
        long perPixel = net.denoiser().inferenceBytesPerVoxel();
        long widest = 4L * Math.max(net.spec().projection().nFilt(), net.inputChannels());
        long maxAlloc = DeviceBudget.maxAllocation(net);
        return tile -> {
            long pixels = tile[0] * tile[1];
            if (pixels * depth * widest > maxAlloc || pixels * perPixel / 8 > maxAlloc) {
                return Long.MAX_VALUE;
            }
            return fixed + pixels * depth * perVoxel + pixels * perPixel;
        };
    }

    /** The tile [C, Z, ty, tx] cut from sample {@code s}, reflect-padded in Y and X, normalized. */
    private static float[] gather(ZStack in, long s, TileGrid.NdTile tile, PadAndCrop pad, PercentileNormalizer norm) {
        int ty = (int) tile.readSize()[0];
        int tx = (int) tile.readSize()[1];
        int[] ys = new int[ty];
        int[] xs = new int[tx];
        for (int k = 0; k < ty; k++) {
            ys[k] = PadAndCrop.reflect(tile.readStart()[0] + k - pad.padBefore(1), in.height);
        }
        for (int k = 0; k < tx; k++) {
            xs[k] = PadAndCrop.reflect(tile.readStart()[1] + k - pad.padBefore(2), in.width);
        }
        float[] out = new float[in.channels * in.depth * ty * tx];
        int i = 0;
        for (int c = 0; c < in.channels; c++) {
            for (int z = 0; z < in.depth; z++) {
                float[] plane = in.plane(s, c, z);
                for (int y : ys) {
                    int row = y * in.width;
                    for (int x : xs) {
                        float v = plane[row + x];
                        out[i++] = norm == null ? v : norm.normalize(c, v);
                    }
                }
            }
        }
        return out;
    }

    private static void scatter(float[] r, float[] w, TileGrid.NdTile tile, PadAndCrop pad, ZStack in, long[] loop,
                                FloatImage mean, FloatImage scale, FloatImage weights, int meanChannels,
                                PercentileNormalizer undo) {
        int ty = (int) tile.readSize()[0];
        int tx = (int) tile.readSize()[1];
        int plane = ty * tx;
        int outChannels = scale == null ? meanChannels : 2 * meanChannels;
        for (int ky = 0; ky < tile.writeSize()[0]; ky++) {
            long y = tile.writeStart()[0] + ky - pad.padBefore(1);
            if (y < 0 || y >= in.height) {
                continue;
            }
            int sy = (int) tile.cropStart()[0] + ky;
            for (int kx = 0; kx < tile.writeSize()[1]; kx++) {
                long x = tile.writeStart()[1] + kx - pad.padBefore(2);
                if (x < 0 || x >= in.width) {
                    continue;
                }
                int sx = (int) tile.cropStart()[1] + kx;
                int dst = (int) (y * in.width + x);
                for (int oc = 0; oc < outChannels; oc++) {
                    boolean isScale = oc >= meanChannels;
                    int c = isScale ? oc - meanChannels : oc;
                    float v = r[oc * plane + sy * tx + sx];
                    if (undo != null) {
                        v = isScale ? undo.undoScale(c, v) : undo.undoMean(c, v);
                    }
                    ZStack.planeOf(isScale ? scale : mean, loop, c, 0)[dst] = v;
                }
                if (weights != null) {
                    for (int z = 0; z < in.depth; z++) {
                        ZStack.planeOf(weights, loop, 0, z)[dst] = w[z * plane + sy * tx + sx];
                    }
                }
            }
        }
    }
}
