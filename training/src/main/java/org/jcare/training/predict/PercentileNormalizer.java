package org.jcare.training.predict;

import java.util.Arrays;
import org.jcare.io.image.FloatImage;

/**
 * CSBDeep's {@code PercentileNormalizer}: per channel, {@code lo} and {@code hi} are the {@code pmin} and
 * {@code pmax} percentiles (defaults 2 and 99.8) of that channel over all other axes, rounded to float32, and
 * {@code v -> (v - lo) / (hi - lo + 1e-20)} in float32 arithmetic, without clipping. After prediction,
 * {@link #undo} maps the mean back with {@code mu * (hi - lo) + lo} and the Laplace scale with
 * {@code sigma * (hi - lo)}; CSBDeep does this only when the network has as many output as input channels
 * ({@link #undoApplies}), because otherwise there is no channel correspondence.
 */
public final class PercentileNormalizer {
    /** CSBDeep's default low percentile for prediction. */
    public static final double DEFAULT_PMIN = 2;
    /** CSBDeep's default high percentile for prediction. */
    public static final double DEFAULT_PMAX = 99.8;
    /** The epsilon in the denominator, as float32. */
    public static final float EPS = 1e-20f;

    private final float[] lo;
    private final float[] hi;

    private PercentileNormalizer(float[] lo, float[] hi) {
        if (lo.length != hi.length || lo.length == 0) {
            throw new IllegalArgumentException("need one lo and one hi per channel, got " + lo.length + " and "
                    + hi.length);
        }
        this.lo = lo.clone();
        this.hi = hi.clone();
    }

    /** A normalizer fitted to {@code img} with CSBDeep's prediction defaults (2, 99.8). */
    public static PercentileNormalizer fit(FloatImage img) {
        return fit(img, DEFAULT_PMIN, DEFAULT_PMAX);
    }

    /** A normalizer with per-channel percentiles {@code pmin} and {@code pmax} of {@code img}. */
    public static PercentileNormalizer fit(FloatImage img, double pmin, double pmax) {
        if (!(pmin >= 0 && pmin < pmax && pmax <= 100)) {
            throw new IllegalArgumentException("need 0 <= pmin < pmax <= 100, got pmin " + pmin + ", pmax " + pmax);
        }
        double[][] p = Percentiles.perChannel(img, pmin, pmax);
        float[] lo = new float[p.length];
        float[] hi = new float[p.length];
        for (int c = 0; c < p.length; c++) {
            lo[c] = (float) p[c][0];
            hi[c] = (float) p[c][1];
        }
        return new PercentileNormalizer(lo, hi);
    }

    /** A normalizer with given per-channel bounds (for example stored with a model or computed elsewhere). */
    public static PercentileNormalizer of(float[] lo, float[] hi) {
        return new PercentileNormalizer(lo, hi);
    }

    /** Whether CSBDeep undoes the normalization after prediction: only when n_channel_in == n_channel_out. */
    public static boolean undoApplies(int nChannelIn, int nChannelOut) {
        return nChannelIn == nChannelOut;
    }

    /** Per-channel low bounds (copy). */
    public float[] lo() {
        return lo.clone();
    }

    /** Per-channel high bounds (copy). */
    public float[] hi() {
        return hi.clone();
    }

    /** Number of channels. */
    public int channels() {
        return lo.length;
    }

    /** One normalized value of channel {@code c}, in float32 arithmetic as CSBDeep's {@code normalize_mi_ma}. */
    public float normalize(int c, float v) {
        return (v - lo[c]) / (hi[c] - lo[c] + EPS);
    }

    /** A normalized copy of {@code img}, which must have as many channels as this normalizer. */
    public FloatImage normalize(FloatImage img) {
        FloatImage out = copyOf(img, "normalize");
        for (int c = 0; c < lo.length; c++) {
            float l = lo[c];
            float d = hi[c] - lo[c] + EPS;
            ChannelRuns.of(out, c).forEach((a, off, cnt, stride) -> {
                int end = off + cnt * stride;
                for (int i = off; i < end; i += stride) {
                    a[i] = (a[i] - l) / d;
                }
            });
        }
        return out;
    }

    /**
     * Normalizes {@code count} values of channel {@code c} in place, from {@code data[offset]} on, for callers that
     * stream images in pieces (for example tile by tile).
     */
    public void normalizeInPlace(float[] data, int offset, int count, int c) {
        float l = lo[c];
        float d = hi[c] - lo[c] + EPS;
        for (int i = offset; i < offset + count; i++) {
            data[i] = (data[i] - l) / d;
        }
    }

    /** One restored mean value of channel {@code c}: {@code mu * (hi - lo) + lo} (float32, no epsilon, as CSBDeep). */
    public float undoMean(int c, float mu) {
        return (hi[c] - lo[c]) * mu + lo[c];
    }

    /** One restored Laplace scale value of channel {@code c}: {@code sigma * (hi - lo)}. */
    public float undoScale(int c, float sigma) {
        return (hi[c] - lo[c]) * sigma;
    }

    /** The restored mean {@code mu * (hi - lo) + lo} (float32, no epsilon, as CSBDeep), a copy. */
    public FloatImage undoMean(FloatImage mean) {
        FloatImage out = copyOf(mean, "undo the normalization of");
        for (int c = 0; c < lo.length; c++) {
            float alpha = hi[c] - lo[c];
            float beta = lo[c];
            ChannelRuns.of(out, c).forEach((a, off, cnt, stride) -> {
                int end = off + cnt * stride;
                for (int i = off; i < end; i += stride) {
                    a[i] = alpha * a[i] + beta;
                }
            });
        }
        return out;
    }

    /** The restored Laplace scale {@code sigma * (hi - lo)} (float32), a copy. */
    public FloatImage undoScale(FloatImage scale) {
        FloatImage out = copyOf(scale, "undo the normalization of");
        for (int c = 0; c < lo.length; c++) {
            float alpha = hi[c] - lo[c];
            ChannelRuns.of(out, c).forEach((a, off, cnt, stride) -> {
                int end = off + cnt * stride;
                for (int i = off; i < end; i += stride) {
                    a[i] = alpha * a[i];
                }
            });
        }
        return out;
    }

    /**
     * The prediction pipeline's last step: restores mean and scale when {@link #undoApplies} (n_in == n_out),
     * otherwise returns them unchanged, as CSBDeep does.
     *
     * @param scale null for a non-probabilistic network
     * @return {@code {mean, scale}} (scale null when given null)
     */
    public FloatImage[] undo(FloatImage mean, FloatImage scale, int nChannelIn, int nChannelOut) {
        if (!undoApplies(nChannelIn, nChannelOut)) {
            return new FloatImage[] {mean, scale};
        }
        return new FloatImage[] {undoMean(mean), scale == null ? null : undoScale(scale)};
    }

    private FloatImage copyOf(FloatImage img, String what) {
        int nc = ChannelRuns.channelCount(img);
        if (nc != lo.length) {
            throw new IllegalArgumentException("cannot " + what + " " + img + ": it has " + nc
                    + " channels, the normalizer " + lo.length);
        }
        float[][] planes = new float[img.planeCount()][];
        for (int p = 0; p < planes.length; p++) {
            planes[p] = img.plane(p).clone();
        }
        return new FloatImage(img.axes(), img.shape(), planes, img.calibration());
    }

    @Override
    public String toString() {
        return "PercentileNormalizer{lo=" + Arrays.toString(lo) + ", hi=" + Arrays.toString(hi) + "}";
    }
}
