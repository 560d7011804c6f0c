package org.jcare.training.predict;

import org.jcare.io.image.Axes;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.training.model.UNet;
import org.jcare.optics.resample.ScipyZoom;

/**
 * Isotropic restoration of an anisotropic stack with a 2D network, as CSBDeep's {@code IsotropicCARE.predict}
 * ({@code csbdeep/models/care_isotropic.py}):
 * <ol>
 * <li>percentile normalization per channel over the whole stack, <em>before</em> zooming;
 * <li>Z upsampled by the factor with scipy's linear zoom (Z' = round(Z f), end points aligned, {@link ScipyZoom});
 * <li>Z', Y and X reflect-padded to multiples of 2^depth;
 * <li>the network restores the YZ' slices (one per X; rows Y, columns Z' reversed) and the XZ' slices (one per Y;
 * rows X, columns Z'), so Z' always lies along the network's X, the axis degraded in training;
 * <li>the two results are combined by the geometric mean {@code sqrt(max(a, 0) max(b, 0))}, the Laplace scales of a
 * probabilistic model by their maximum; the normalization is undone when input and output channels match.
 * </ol>
 * Unlike CSBDeep (whole slices, out of device memory on real stacks) every slice is tiled with the network's halo and
 * the tiles planned from the device memory ({@link PlaneBatches}); the upsampled stack is never held: tiles are
 * interpolated from the original while they are cut. Host memory holds the input and the output.
 */
public final class IsotropicPredictor implements ImagePredictor {
    private final UNet net;
    private final double factor;

    /** A predictor for the 2D network {@code net} upsampling Z by {@code factor} (> 0). */
    public IsotropicPredictor(UNet net, double factor) {
        if (net.spec().nDim() != 2) {
            throw new IllegalArgumentException("isotropic restoration needs a 2D network, got " + net.spec());
        }
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("isotropic factor must be a finite number > 0, got " + factor);
        }
        this.net = net;
        this.factor = factor;
    }

    /** The Z upsampling factor. */
    public double factor() {
        return factor;
    }

    /** Z spacing divided by the factor. */
    @Override
    public Calibration outputCalibration(Calibration in) {
        return new Calibration(in.x(), in.y(), in.z() / factor, in.unit(), in.t());
    }

    @Override
    public Restoration predict(FloatImage image, PredictOptions options, PredictionListener listener) {
        ZStack in = ZStack.of(image, "isotropic restoration");
        if (in.channels != net.inputChannels()) {
            throw new IllegalArgumentException("image " + image + " has " + in.channels + " channel(s); the model takes "
                    + net.inputChannels() + ": give the channel axis as C");
        }
        PercentileNormalizer norm = options.normalize()
                ? PercentileNormalizer.fit(in.image, options.pmin(), options.pmax()) : null;
        boolean prob = net.spec().probabilistic();
        int meanChannels = net.spec().channelsOut();
        int zs = ScipyZoom.outputSize(in.depth, factor);
        double step = ScipyZoom.step(in.depth, zs);
        int d = net.divisibility()[0];
        PadAndCrop pad = PadAndCrop.plan(Axes.of("ZYX"), new long[] {zs, in.height, in.width}, new int[] {d, d, d});
        long[] padded = pad.paddedShape();
        FloatImage mean = in.withDepth(meanChannels, zs).withCalibration(outputCalibration(image.calibration()));
        FloatImage scale = prob ? in.withDepth(meanChannels, zs).withCalibration(mean.calibration()) : null;
        int[] tiles = options.tiles() == null ? null : planeTiles(options.tiles());
        PlaneBatches rot1 = new PlaneBatches(net, padded[1], padded[0], in.width, tiles, options.memoryBudgetBytes());
        PlaneBatches rot2 = new PlaneBatches(net, padded[2], padded[0], in.height, tiles, options.memoryBudgetBytes());
        long total = in.samples() * (rot1.launches(in.width) + rot2.launches(in.height));
        long[] done = {0};
        Runnable tick = () -> listener.onTile(++done[0], total);
        for (long s = 0; s < in.samples(); s++) {
            Zoomed z = new Zoomed(in, s, norm, step, zs, pad);
            long[] loop = in.loopIndex(s);
            int zp = (int) padded[0];
            // rotation 1: one slice per X, rows Y, columns Z' reversed
            rot1.run(in.width, (x, c, r0, rows, c0, cols, dst, off) -> {
                for (int r = 0; r < rows; r++) {
                    for (int k = 0; k < cols; k++) {
                        dst[off + r * cols + k] = z.at(c, zp - 1 - (c0 + k), r0 + r, x + pad.padBefore(2));
                    }
                }
            }, (x, tile, out, off) -> write(out, off, tile, pad, in, loop, x, true, zp, mean, scale, meanChannels,
                    false), tick);
            // rotation 2: one slice per Y, rows X, columns Z'; combined with rotation 1 while written
            rot2.run(in.height, (y, c, r0, rows, c0, cols, dst, off) -> {
                for (int r = 0; r < rows; r++) {
                    for (int k = 0; k < cols; k++) {
                        dst[off + r * cols + k] = z.at(c, c0 + k, y + pad.padBefore(1), r0 + r);
                    }
                }
            }, (y, tile, out, off) -> write(out, off, tile, pad, in, loop, y, false, zp, mean, scale, meanChannels,
                    true), tick);
        }
        if (norm != null && PercentileNormalizer.undoApplies(net.inputChannels(), meanChannels)) {
            undoInPlace(norm, in, mean, scale, meanChannels, zs);
        }
        return new Restoration(mean, scale, new int[] {rot1.grid().tilesPerAxis()[1], rot1.grid().tilesPerAxis()[0],
            rot2.grid().tilesPerAxis()[0]});
    }

    /** CSBDeep's {@code normalizer.after} in place (the output can be as large as the host's memory allows). */
    private static void undoInPlace(PercentileNormalizer norm, ZStack in, FloatImage mean, FloatImage scale,
                                    int channels, int depth) {
        for (long s = 0; s < in.samples(); s++) {
            long[] loop = in.loopIndex(s);
            for (int c = 0; c < channels; c++) {
                for (int z = 0; z < depth; z++) {
                    float[] m = ZStack.planeOf(mean, loop, c, z);
                    for (int i = 0; i < m.length; i++) {
                        m[i] = norm.undoMean(c, m[i]);
                    }
                    if (scale != null) {
                        float[] b = ZStack.planeOf(scale, loop, c, z);
                        for (int i = 0; i < b.length; i++) {
                            b[i] = norm.undoScale(c, b[i]);
                        }
                    }
                }
            }
        }
    }

    private static int[] planeTiles(int[] tiles) {
        if (tiles.length == 2) {
            return tiles;
        }
        throw new IllegalArgumentException("tiles " + java.util.Arrays.toString(tiles) + ": an isotropic model tiles"
                + " its 2D slices, give two counts (along the slice's lateral axis and along Z)");
    }

    /**
     * Writes the window of a restored tile of slice {@code slice}: rotation 1 (slice = x, rows y, columns reversed
     * Z'), rotation 2 (slice = y, rows x, columns Z'). With {@code combine} the value is merged with what rotation 1
     * wrote: geometric mean of the clipped means, maximum of the scales.
     */
    private static void write(float[] out, int off, TileGrid.NdTile tile, PadAndCrop pad, ZStack in, long[] loop,
                              int slice, boolean first, int zp, FloatImage mean, FloatImage scale, int meanChannels,
                              boolean combine) {
        int rows = (int) tile.readSize()[0];
        int cols = (int) tile.readSize()[1];
        int plane = rows * cols;
        int rowAxis = first ? 1 : 2;
        long rowLimit = first ? in.height : in.width;
        int outChannels = scale == null ? meanChannels : 2 * meanChannels;
        long zLimit = mean.size('Z');
        for (int kr = 0; kr < tile.writeSize()[0]; kr++) {
            long r = tile.writeStart()[0] + kr - pad.padBefore(rowAxis);
            if (r < 0 || r >= rowLimit) {
                continue;
            }
            int sr = (int) tile.cropStart()[0] + kr;
            for (int kc = 0; kc < tile.writeSize()[1]; kc++) {
                long col = tile.writeStart()[1] + kc;
                long z = (first ? zp - 1 - col : col) - pad.padBefore(0);
                if (z < 0 || z >= zLimit) {
                    continue;
                }
                int sc = (int) tile.cropStart()[1] + kc;
                int y = (int) (first ? r : slice);
                int x = (int) (first ? slice : r);
                for (int oc = 0; oc < outChannels; oc++) {
                    boolean isScale = oc >= meanChannels;
                    int c = isScale ? oc - meanChannels : oc;
                    float v = out[off + oc * plane + sr * cols + sc];
                    float[] dst = ZStack.planeOf(isScale ? scale : mean, loop, c, (int) z);
                    int i = y * in.width + x;
                    if (!combine) {
                        dst[i] = v;
                    } else if (isScale) {
                        dst[i] = Math.max(dst[i], v);
                    } else {
                        dst[i] = (float) Math.sqrt(Math.max(dst[i], 0f) * Math.max(v, 0f));
                    }
                }
            }
        }
    }

    /**
     * The normalized stack of one sample zoomed along Z, read at padded coordinates (reflect padding, then scipy's
     * order-1 zoom of the float32 normalized values, rounded to float32 as scipy writes its float32 output).
     */
    private static final class Zoomed {
        private final ZStack in;
        private final long sample;
        private final PercentileNormalizer norm;
        private final double step;
        private final int zs;
        private final PadAndCrop pad;

        Zoomed(ZStack in, long sample, PercentileNormalizer norm, double step, int zs, PadAndCrop pad) {
            this.in = in;
            this.sample = sample;
            this.norm = norm;
            this.step = step;
            this.zs = zs;
            this.pad = pad;
        }

        float at(int c, long zPadded, long yPadded, long xPadded) {
            int z = PadAndCrop.reflect(zPadded - pad.padBefore(0), zs);
            int y = PadAndCrop.reflect(yPadded - pad.padBefore(1), in.height);
            int x = PadAndCrop.reflect(xPadded - pad.padBefore(2), in.width);
            double coord = z * step;
            if (coord > in.depth - 1) {
                return 0f; // scipy's zoom (mode 'constant') past the last slice by rounding, see ScipyZoom
            }
            int i0 = (int) Math.floor(coord);
            double t = coord - i0;
            int i1 = i0 + 1 < in.depth ? i0 + 1 : Math.max(0, in.depth - 2);
            int p = y * in.width + x;
            float a = value(c, i0, p);
            float b = in.depth == 1 ? a : value(c, i1, p);
            return (float) ((1 - t) * a + t * b);
        }

        private float value(int c, int z, int p) {
            float v = in.plane(sample, c, z)[p];
            return norm == null ? v : norm.normalize(c, v);
        }
    }
}
