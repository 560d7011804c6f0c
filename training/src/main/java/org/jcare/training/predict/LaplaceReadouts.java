package org.jcare.training.predict;

import java.util.SplittableRandom;

/**
 * Readouts of the per-pixel Laplace distribution a probabilistic CARE network predicts (mean {@code mu}, scale
 * {@code b > 0}; density {@code exp(-|x - mu| / b) / (2b)}), as CSBDeep's {@code ProbabilisticPrediction} offers
 * them through scipy's {@code laplace}:
 * <ul>
 * <li>variance {@code 2 b^2}, standard deviation {@code sqrt(2) b}, entropy {@code 1 + ln(2b)};
 * <li>cdf {@code 1/2 exp((x - mu)/b)} for {@code x < mu}, {@code 1 - 1/2 exp(-(x - mu)/b)} otherwise;
 * <li>quantile (ppf) {@code mu + b ln(2p)} for {@code p <= 1/2}, {@code mu - b ln(2(1 - p))} otherwise;
 * <li>central interval of probability {@code c}: {@code mu -+ b ln(1/(1 - c))}, since
 * {@code P(|X - mu| <= t) = 1 - exp(-t/b)} (90 %: {@code mu -+ 2.302585 b});
 * <li>samples by inverting the cdf at uniform draws from a seeded {@link SplittableRandom}.
 * </ul>
 * Array methods work element-wise on equally long {@code mu} and {@code b} arrays (one channel of an image, or any
 * flat buffer) and return new arrays.
 */
public final class LaplaceReadouts {
    private LaplaceReadouts() {
    }

    /** Variance {@code 2 b^2}. */
    public static double variance(double b) {
        return 2 * b * b;
    }

    /** Standard deviation {@code sqrt(2) b}. */
    public static double std(double b) {
        return Math.sqrt(2) * b;
    }

    /** Differential entropy {@code 1 + ln(2b)} (nats). */
    public static double entropy(double b) {
        return 1 + Math.log(2 * b);
    }

    /** Density at {@code x}. */
    public static double pdf(double mu, double b, double x) {
        return Math.exp(-Math.abs(x - mu) / b) / (2 * b);
    }

    /** Cumulative distribution at {@code x}. */
    public static double cdf(double mu, double b, double x) {
        double z = (x - mu) / b;
        return z < 0 ? 0.5 * Math.exp(z) : 1 - 0.5 * Math.exp(-z);
    }

    /** Quantile (inverse cdf) of probability {@code p} in [0, 1]. */
    public static double quantile(double mu, double b, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability " + p + " is outside [0, 1]");
        }
        return p <= 0.5 ? mu + b * Math.log(2 * p) : mu - b * Math.log(2 * (1 - p));
    }

    /** Half width {@code b ln(1/(1 - c))} of the central interval holding probability {@code c} in [0, 1). */
    public static double intervalHalfWidth(double b, double confidence) {
        if (!(confidence >= 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence " + confidence + " is outside [0, 1)");
        }
        return -b * Math.log1p(-confidence);
    }

    /** Per-element variance {@code 2 b^2}. */
    public static float[] variance(float[] b) {
        float[] out = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (float) variance(b[i]);
        }
        return out;
    }

    /** Per-element standard deviation {@code sqrt(2) b}. */
    public static float[] std(float[] b) {
        float[] out = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (float) std(b[i]);
        }
        return out;
    }

    /** Per-element entropy {@code 1 + ln(2b)}. */
    public static float[] entropy(float[] b) {
        float[] out = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (float) entropy(b[i]);
        }
        return out;
    }

    /** Per-element quantile of probability {@code p}. */
    public static float[] quantile(float[] mu, float[] b, double p) {
        check(mu, b);
        float[] out = new float[mu.length];
        for (int i = 0; i < mu.length; i++) {
            out[i] = (float) quantile(mu[i], b[i], p);
        }
        return out;
    }

    /**
     * Per-element central interval holding probability {@code confidence}.
     *
     * @return {@code {lower, upper}}
     */
    public static float[][] interval(float[] mu, float[] b, double confidence) {
        check(mu, b);
        float[] lo = new float[mu.length];
        float[] hi = new float[mu.length];
        for (int i = 0; i < mu.length; i++) {
            double w = intervalHalfWidth(b[i], confidence);
            lo[i] = (float) (mu[i] - w);
            hi[i] = (float) (mu[i] + w);
        }
        return new float[][] {lo, hi};
    }

    /**
     * One random sample per element, reproducible for a given {@code seed}: {@code mu - b sgn(u) ln(1 - 2|u|)} with
     * {@code u} uniform in (-1/2, 1/2) (both ends excluded, so samples are finite).
     */
    public static float[] sample(float[] mu, float[] b, long seed) {
        check(mu, b);
        SplittableRandom rng = new SplittableRandom(seed);
        float[] out = new float[mu.length];
        for (int i = 0; i < mu.length; i++) {
            out[i] = (float) sample(mu[i], b[i], rng);
        }
        return out;
    }

    /** One sample drawn with {@code rng}. */
    public static double sample(double mu, double b, SplittableRandom rng) {
        // (k + 0.5) / 2^53 for k uniform in [0, 2^53): uniform in (0, 1) with both ends excluded
        double u = ((rng.nextLong() >>> 11) + 0.5) * 0x1.0p-53 - 0.5;
        return mu - b * Math.signum(u) * Math.log1p(-2 * Math.abs(u));
    }

    private static void check(float[] mu, float[] b) {
        if (mu.length != b.length) {
            throw new IllegalArgumentException("mean and scale differ in length: " + mu.length + " and " + b.length);
        }
    }
}
