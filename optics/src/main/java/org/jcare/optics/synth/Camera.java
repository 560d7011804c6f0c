package org.jcare.optics.synth;

import java.util.random.RandomGenerator;
import org.apache.commons.math3.special.Gamma;

/**
 * A scientific camera: photoelectrons are Poisson distributed around the expected signal, read noise adds a zero-mean
 * Gaussian in electrons, and the result is {@code offset + gain * electrons} in ADU (not quantized). So for an
 * expected signal s (electrons): mean = offset + gain s, variance = gain^2 (s + readNoise^2).
 *
 * @param readNoise electrons, standard deviation
 * @param offset    ADU added to every pixel
 * @param gain      ADU per electron
 */
record Camera(double readNoise, double offset, double gain) {
    /** log(k!) for k below 1024, a constant table: the rejection test of every large-mean sample needs one. */
    private static final double[] LOG_FACTORIAL = new double[1024];

    static {
        for (int k = 1; k < LOG_FACTORIAL.length; k++) {
            LOG_FACTORIAL[k] = LOG_FACTORIAL[k - 1] + Math.log(k);
        }
    }

    private static double logFactorial(long k) {
        return k < LOG_FACTORIAL.length ? LOG_FACTORIAL[(int) k] : Gamma.logGamma(k + 1.0);
    }

    /** Replaces each expected signal in {@code electrons} (negative values count as 0) by a camera reading in ADU. */
    void expose(float[] electrons, RandomGenerator rng) {
        for (int i = 0; i < electrons.length; i++) {
            double s = Math.max(0, electrons[i]);
            double e = poisson(s, rng) + readNoise * rng.nextGaussian();
            electrons[i] = (float) (offset + gain * e);
        }
    }

    /**
     * An exact Poisson sample of mean {@code lambda}: inversion by sequential search below 10, above it Hormann's
     * transformed rejection with squeeze (PTRS, Insurance: Mathematics and Economics 12, 39-45, 1993).
     */
    static long poisson(double lambda, RandomGenerator rng) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda < 10) {
            double u = rng.nextDouble();
            double p = Math.exp(-lambda);
            double cdf = p;
            long k = 0;
            while (u > cdf && k < 1000) {
                k++;
                p *= lambda / k;
                cdf += p;
            }
            return k;
        }
        double slam = Math.sqrt(lambda);
        double loglam = Math.log(lambda);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = rng.nextDouble() - 0.5;
            double v = rng.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b)
                    <= -lambda + k * loglam - logFactorial(k)) {
                return k;
            }
        }
    }
}
