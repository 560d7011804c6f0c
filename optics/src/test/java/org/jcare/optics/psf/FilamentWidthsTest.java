package org.jcare.optics.psf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FilamentWidthsTest {
    /** Lines of Gaussian cross-section sigma (pixels) through the image at several angles, on a background, noisy. */
    private static float[] lines(int n, double sigma, double noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] img = new float[n * n];
        double[][] lines = {{0.3, 20}, {1.2, 60}, {2.3, 95}, {-0.7, 30}}; // angle, offset of the line from the origin
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double v = 10 + 0.02 * x;
                for (double[] l : lines) {
                    double d = x * Math.sin(l[0]) - y * Math.cos(l[0]) + l[1] * (l[0] < 0 ? 1 : 0.3);
                    v += 100 * Math.exp(-d * d / (2 * sigma * sigma));
                }
                img[y * n + x] = (float) (v + noise * rng.nextGaussian());
            }
        }
        return img;
    }

    @Test
    void measuresTheWidthOfLinesAtAnyAngle() {
        for (double sigma : new double[] {1.0, 1.6, 2.4}) {
            FilamentWidths.Result r = FilamentWidths.measure(lines(128, sigma, 5, 1), 128, 128, 300);
            assertTrue(r.accepted() > 30, r.toString());
            assertEquals(2.3548 * sigma, r.medianFwhmPx(), 0.04 * 2.3548 * sigma, "sigma " + sigma + ": " + r);
            assertTrue(r.lowerQuartilePx() <= r.medianFwhmPx() && r.medianFwhmPx() <= r.upperQuartilePx());
        }
    }

    @Test
    void noLinesNoWidthAndBadImagesAreRefused() {
        SplittableRandom rng = new SplittableRandom(2);
        float[] noise = new float[64 * 64];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) rng.nextGaussian();
        }
        FilamentWidths.Result r = FilamentWidths.measure(noise, 64, 64, 200);
        assertTrue(r.accepted() < 0.2 * Math.max(1, r.candidates()) || r.accepted() < 10, r.toString());
        assertThrows(IllegalArgumentException.class, () -> FilamentWidths.measure(new float[20 * 20], 20, 20, 10));
        float[] nan = new float[32 * 32];
        nan[5] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> FilamentWidths.measure(nan, 32, 32, 10));
    }
}
