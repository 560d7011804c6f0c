package org.jcare.training.eval;

import org.jcare.training.predict.Percentiles;

/**
 * Foreground pixels of a fluorescence image: those above Otsu's threshold (the one that maximizes the variance
 * between the two classes), computed on a 256-bin histogram between the image's 0.1st and 99.9th percentiles so that
 * a few hot pixels do not squeeze the histogram. Used to report calibration and disagreement on the structures as
 * well as on all pixels.
 */
public final class ForegroundMask {
    private static final int BINS = 256;

    private ForegroundMask() {
    }

    /** True where {@code image} exceeds {@link #otsuThreshold}. */
    public static boolean[] of(float[] image) {
        double t = otsuThreshold(image);
        boolean[] mask = new boolean[image.length];
        for (int i = 0; i < image.length; i++) {
            mask[i] = image[i] > t;
        }
        return mask;
    }

    /** Otsu's threshold of {@code image}. */
    public static double otsuThreshold(float[] image) {
        double[] p = Percentiles.of(image, 0.1, 99.9);
        double lo = p[0];
        double hi = p[1];
        if (!(hi > lo)) {
            return lo;
        }
        long[] hist = new long[BINS];
        for (float v : image) {
            int b = (int) ((v - lo) / (hi - lo) * BINS);
            hist[Math.max(0, Math.min(BINS - 1, b))]++;
        }
        long total = image.length;
        double sumAll = 0;
        for (int b = 0; b < BINS; b++) {
            sumAll += b * (double) hist[b];
        }
        double sumLow = 0;
        long low = 0;
        double best = -1;
        int bestBin = 0;
        for (int b = 0; b < BINS; b++) {
            low += hist[b];
            sumLow += b * (double) hist[b];
            long high = total - low;
            if (low == 0 || high == 0) {
                continue;
            }
            double meanLow = sumLow / low;
            double meanHigh = (sumAll - sumLow) / high;
            double between = (double) low * high * (meanLow - meanHigh) * (meanLow - meanHigh);
            if (between > best) {
                best = between;
                bestBin = b;
            }
        }
        return lo + (bestBin + 1) * (hi - lo) / BINS;
    }
}
