package org.jcare.training.eval;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Calibration of per-pixel predictive distributions against ground truth, from the probability integral transform
 * {@code u_i = F_i(y_i)} of every pixel (the predicted cdf at the true value; uniform on [0, 1] when the predictions
 * are calibrated). The CARE paper shows accuracy against confidence and an expected calibration error for
 * regression without the exact definitions (its supplement is not available); jcare uses these, documented in the
 * README:
 * <ul>
 * <li>coverage of central intervals: at nominal level c, the fraction of pixels whose true value lies in the central
 * interval of probability c, {@code |u - 1/2| <= c/2}, for c = 0.05, 0.10, ..., 0.95 (the accuracy/confidence
 * curve, a reliability diagram);
 * <li>ECE = the mean over those levels of |coverage(c) - c| (0 when calibrated; an over-confident model, whose
 * intervals are too narrow, has coverage below c, and the signed mean gap {@code mean(coverage - c)} is negative);
 * <li>QCE, the quantile calibration error of Kuleshov et al. (ICML 2018), {@code sum_j (p_j - phat_j)^2} with
 * {@code phat_j} the fraction of pixels with {@code u <= p_j}, p_j = 0, 0.1, ..., 1.
 * </ul>
 */
public final class Calibration {
    /** The nominal levels of the central intervals. */
    public static final double[] LEVELS = IntStream.rangeClosed(1, 19).mapToDouble(j -> j / 20.0).toArray();
    /** The quantile levels of the QCE. */
    public static final double[] QUANTILE_LEVELS = IntStream.rangeClosed(0, 10).mapToDouble(j -> j / 10.0).toArray();

    private Calibration() {
    }

    /**
     * The calibration of one set of pixels.
     *
     * @param pixels   how many pixels
     * @param levels   the nominal levels ({@link #LEVELS})
     * @param coverage the coverage at each level
     * @param ece      the mean absolute gap between coverage and level
     * @param qce      the quantile calibration error
     * @param meanGap  the mean signed gap (negative: over-confident)
     */
    public record Result(long pixels, double[] levels, double[] coverage, double ece, double qce, double meanGap) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "ECE %.4f, QCE %.4f, mean gap %+.4f over %d pixels", ece, qce,
                    meanGap, pixels);
        }
    }

    /**
     * The calibration of the pixels where {@code mask} is true (every pixel when it is null), from their probability
     * integral transforms.
     *
     * @throws IllegalArgumentException when no pixel is selected or the lengths differ
     */
    public static Result of(float[] pit, boolean[] mask) {
        if (mask != null && mask.length != pit.length) {
            throw new IllegalArgumentException("calibration: " + pit.length + " values but a mask of " + mask.length);
        }
        // |u - 1/2| and u of the selected pixels, sorted: every coverage is then a binary search
        float[] dist = new float[pit.length];
        float[] u = new float[pit.length];
        int n = 0;
        for (int i = 0; i < pit.length; i++) {
            if (mask == null || mask[i]) {
                if (Float.isNaN(pit[i])) {
                    throw new IllegalArgumentException("calibration: pixel " + i + " has no cdf value (NaN)");
                }
                dist[n] = Math.abs(pit[i] - 0.5f);
                u[n++] = pit[i];
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("calibration: no pixel selected");
        }
        dist = Arrays.copyOf(dist, n);
        u = Arrays.copyOf(u, n);
        Arrays.parallelSort(dist);
        Arrays.parallelSort(u);
        double[] cov = new double[LEVELS.length];
        double ece = 0;
        double gap = 0;
        for (int j = 0; j < LEVELS.length; j++) {
            cov[j] = (double) countAtMost(dist, (float) (LEVELS[j] / 2)) / n;
            ece += Math.abs(cov[j] - LEVELS[j]) / LEVELS.length;
            gap += (cov[j] - LEVELS[j]) / LEVELS.length;
        }
        double qce = 0;
        for (double p : QUANTILE_LEVELS) {
            double d = p - (double) countAtMost(u, (float) p) / n;
            qce += d * d;
        }
        return new Result(n, LEVELS.clone(), cov, ece, qce, gap);
    }

    /**
     * The Laplace cdf of every pixel at its true value, {@code F(y) = 1/2 exp(z)} for {@code z = (y - mu) / b < 0},
     * else {@code 1 - 1/2 exp(-z)}.
     */
    public static float[] laplacePit(float[] mu, float[] b, float[] y) {
        if (mu.length != y.length || b.length != y.length) {
            throw new IllegalArgumentException("calibration: " + mu.length + " means, " + b.length + " scales and "
                    + y.length + " true values");
        }
        float[] u = new float[y.length];
        IntStream.range(0, y.length).parallel().forEach(i -> {
            double z = ((double) y[i] - mu[i]) / b[i];
            u[i] = (float) (z < 0 ? 0.5 * Math.exp(z) : 1 - 0.5 * Math.exp(-z));
        });
        return u;
    }

    /** How many of the sorted values are at most {@code x}. */
    private static int countAtMost(float[] sorted, float x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
