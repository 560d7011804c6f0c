package org.jcare.optics.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CameraTest {
    @Test
    void poissonSamplesHaveTheirMeanAsMeanAndVariance() {
        SplittableRandom rng = new SplittableRandom(5);
        for (double lambda : new double[] {0.3, 3, 9.99, 10, 31.6, 1000}) {
            int n = 200_000;
            double s = 0;
            double s2 = 0;
            for (int i = 0; i < n; i++) {
                long k = Camera.poisson(lambda, rng);
                s += k;
                s2 += (double) k * k;
            }
            double mean = s / n;
            double var = s2 / n - mean * mean;
            assertEquals(lambda, mean, 4 * Math.sqrt(lambda / n) + 1e-9, "mean at " + lambda);
            assertEquals(lambda, var, 0.02 * lambda + 0.01, "variance at " + lambda);
        }
        // P(0) for lambda 0.3 is exp(-0.3)
        long zeros = 0;
        for (int i = 0; i < 100_000; i++) {
            zeros += Camera.poisson(0.3, rng) == 0 ? 1 : 0;
        }
        assertEquals(Math.exp(-0.3), zeros / 1e5, 0.005);
    }

    @Test
    void cameraMeanAndVarianceFollowPoissonPlusGaussianPerIntensity() {
        Camera cam = new Camera(3, 100, 2.5);
        SplittableRandom rng = new SplittableRandom(8);
        for (double signal : new double[] {0, 4, 50, 400}) {
            float[] px = new float[200_000];
            Arrays.fill(px, (float) signal);
            cam.expose(px, rng);
            double s = 0;
            double s2 = 0;
            for (float v : px) {
                s += v;
                s2 += (double) v * v;
            }
            double mean = s / px.length;
            double var = s2 / px.length - mean * mean;
            double expVar = 2.5 * 2.5 * (signal + 9);
            assertEquals(100 + 2.5 * signal, mean, 5 * Math.sqrt(expVar / px.length), "mean at " + signal);
            assertEquals(expVar, var, 0.02 * expVar, "variance at " + signal);
        }
    }
}
