package org.jcare.training.predict;

import java.util.function.BiFunction;
import org.jcare.io.image.FloatImage;

/**
 * Restores an image that holds non-finite pixels (NaN, infinity: saturation markers, masked regions, failed
 * reconstructions) without letting them spread: one NaN would otherwise make every normalized value, and through
 * the convolutions every restored pixel near it, NaN. The rule:
 * <ol>
 * <li>the normalization percentiles of each channel are taken over its finite pixels only;
 * <li>for the network, each non-finite pixel is replaced by its channel's low percentile (which normalizes to 0,
 * the background);
 * <li>the restoration is computed as for any image (same normalization formula, tiles, undo);
 * <li>the output is set back to NaN at exactly the pixels that were non-finite in the input (all output channels
 * there when the network changes the channel count), in the mean and in the scale.
 * </ol>
 * Without normalization the low percentile still fills the non-finite pixels.
 */
public final class NonFiniteFill {
    private NonFiniteFill() {
    }

    /**
     * The restoration of {@code image} by {@code predictor} under the rule of the class comment.
     *
     * @param predictor   restores an image with options (for example a model's {@code predict})
     * @param channelsIn  the network's input channels
     * @param meanChannels the network's output channels (of the mean)
     * @throws IllegalArgumentException when a channel has no finite pixel at all
     */
    public static Restoration restore(FloatImage image, PredictOptions options,
            BiFunction<FloatImage, PredictOptions, Restoration> predictor, int channelsIn, int meanChannels) {
        int nc = ChannelRuns.channelCount(image);
        float[] lo = new float[nc];
        float[] hi = new float[nc];
        for (int c = 0; c < nc; c++) {
            double[] p = Percentiles.of(finiteValues(image, c), options.pmin(), options.pmax());
            lo[c] = (float) p[0];
            hi[c] = (float) p[1];
        }
        FloatImage filled = filledCopy(image, lo);
        Restoration r;
        if (options.normalize()) {
            PercentileNormalizer norm = PercentileNormalizer.of(lo, hi);
            for (int c = 0; c < nc; c++) {
                int channel = c;
                ChannelRuns.of(filled, c).forEach((a, off, cnt, stride) -> {
                    int end = off + cnt * stride;
                    for (int i = off; i < end; i += stride) {
                        a[i] = norm.normalize(channel, a[i]);
                    }
                });
            }
            Restoration raw = predictor.apply(filled, options.withoutNormalization());
            FloatImage[] undone = norm.undo(raw.mean(), raw.scale(), channelsIn, meanChannels);
            r = new Restoration(undone[0], undone[1], raw.tilesPerAxis());
        } else {
            r = predictor.apply(filled, options);
        }
        markNonFinite(image, r.mean());
        if (r.scale() != null) {
            markNonFinite(image, r.scale());
        }
        return r;
    }

    /** The finite values of channel {@code c}. */
    private static float[] finiteValues(FloatImage img, int c) {
        long[] count = {0};
        ChannelRuns.of(img, c).forEach((a, off, cnt, stride) -> {
            int end = off + cnt * stride;
            for (int i = off; i < end; i += stride) {
                if (Float.isFinite(a[i])) {
                    count[0]++;
                }
            }
        });
        if (count[0] == 0) {
            throw new IllegalArgumentException("channel " + c + " of the image has no finite pixel: nothing to"
                    + " restore");
        }
        float[] out = new float[Math.toIntExact(count[0])];
        int[] k = {0};
        ChannelRuns.of(img, c).forEach((a, off, cnt, stride) -> {
            int end = off + cnt * stride;
            for (int i = off; i < end; i += stride) {
                if (Float.isFinite(a[i])) {
                    out[k[0]++] = a[i];
                }
            }
        });
        return out;
    }

    /** A copy with each non-finite voxel replaced by its channel's value of {@code fill}. */
    private static FloatImage filledCopy(FloatImage img, float[] fill) {
        float[][] planes = new float[img.planeCount()][];
        for (int p = 0; p < planes.length; p++) {
            planes[p] = img.plane(p).clone();
        }
        FloatImage copy = new FloatImage(img.axes(), img.shape(), planes, img.calibration());
        for (int c = 0; c < fill.length; c++) {
            float v = fill[c];
            ChannelRuns.of(copy, c).forEach((a, off, cnt, stride) -> {
                int end = off + cnt * stride;
                for (int i = off; i < end; i += stride) {
                    if (!Float.isFinite(a[i])) {
                        a[i] = v;
                    }
                }
            });
        }
        return copy;
    }

    /** Sets {@code out} to NaN where {@code in} is non-finite (every output channel when the channels differ). */
    static void markNonFinite(FloatImage in, FloatImage out) {
        if (java.util.Arrays.equals(in.shape(), out.shape()) && in.axes().equals(out.axes())) {
            for (int p = 0; p < in.planeCount(); p++) {
                float[] a = in.plane(p);
                float[] b = out.plane(p);
                for (int i = 0; i < a.length; i++) {
                    if (!Float.isFinite(a[i])) {
                        b[i] = Float.NaN;
                    }
                }
            }
            return;
        }
        String axes = in.axes().letters();
        int ci = out.axes().indexOf('C');
        long outChannels = ci < 0 ? 1 : out.shape()[ci];
        long n = in.numel();
        long[] shape = in.shape();
        for (long f = 0; f < n; f++) {
            if (Float.isFinite(in.getFlat(f))) {
                continue;
            }
            long[] idx = new long[shape.length];
            long rest = f;
            for (int i = shape.length - 1; i >= 0; i--) {
                idx[i] = rest % shape[i];
                rest /= shape[i];
            }
            long[] o = new long[out.axes().size()];
            for (int i = 0; i < o.length; i++) {
                char a = out.axes().letters().charAt(i);
                int k = axes.indexOf(a);
                o[i] = a == 'C' || k < 0 ? 0 : idx[k];
            }
            for (long c = 0; c < outChannels; c++) {
                if (ci >= 0) {
                    o[ci] = c;
                }
                out.set(Float.NaN, o);
            }
        }
    }
}
