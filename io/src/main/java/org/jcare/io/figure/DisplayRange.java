package org.jcare.io.figure;

import java.util.Arrays;

/**
 * The display range of an image for figures: its 0.5th and 99.8th percentiles (NumPy's linear interpolation), the
 * choice CSBDeep's plotting helpers use, so that a few hot pixels do not darken the whole panel. NaN and infinite
 * values are ignored.
 *
 * @param low  value shown black
 * @param high value shown white
 */
public record DisplayRange(double low, double high) {
    /** Lower percentile of the display range. */
    public static final double LOW_PERCENTILE = 0.5;
    /** Upper percentile of the display range. */
    public static final double HIGH_PERCENTILE = 99.8;

    /**
     * The display range of {@code values}.
     *
     * @param values pixel values (not modified)
     * @return the range; (0, 1) when there is no finite value
     */
    public static DisplayRange of(float[] values) {
        float[] v = finiteSorted(values);
        if (v.length == 0) {
            return new DisplayRange(0, 1);
        }
        return new DisplayRange(percentile(v, LOW_PERCENTILE), percentile(v, HIGH_PERCENTILE));
    }

    /** The {@code p}th percentile of sorted values, interpolated linearly between ranks as NumPy's default does. */
    static double percentile(float[] sorted, double p) {
        double rank = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double f = rank - lo;
        return sorted[lo] + f * (sorted[hi] - sorted[lo]);
    }

    private static float[] finiteSorted(float[] values) {
        float[] v = new float[values.length];
        int n = 0;
        for (float x : values) {
            if (Float.isFinite(x)) {
                v[n++] = x;
            }
        }
        v = Arrays.copyOf(v, n);
        Arrays.sort(v);
        return v;
    }

    /**
     * A grey level in [0, 255] for {@code value}: linear between low and high, clipped; NaN shows black.
     *
     * @param value the pixel value
     * @return the grey level
     */
    public int grey(float value) {
        if (Float.isNaN(value)) {
            return 0;
        }
        double span = high - low;
        double t = span > 0 ? (value - low) / span : (value > low ? 1 : 0);
        return (int) Math.round(255 * Math.max(0, Math.min(1, t)));
    }
}
