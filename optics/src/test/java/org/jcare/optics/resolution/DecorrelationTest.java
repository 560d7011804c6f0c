package org.jcare.optics.resolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DecorrelationTest {
    @Test
    void cutoffOfABandLimitedImageIsItsBandLimit() {
        for (double k0 : new double[] {0.3, 0.5, 0.7}) {
            float[] img = TestImages.plusNoise(TestImages.bandLimited(256, k0, 1), 0.1, 2);
            Decorrelation.Result r = Decorrelation.analyze(img, 256, 256);
            assertEquals(k0, r.cutoff(), 0.06, "band limit " + k0 + ": " + r);
            assertEquals(2 / r.cutoff(), r.resolutionPx(), 1e-9);
            assertEquals(100 * 2 / r.cutoff(), r.resolutionNm(100), 1e-6);
            assertTrue(r.amplitude() >= Decorrelation.MIN_AMPLITUDE);
        }
    }

    @Test
    void noisierImagesResolveLessAndPureNoiseNothingSpecific() {
        float[] base = TestImages.bandLimited(200, 0.6, 3);
        double clean = Decorrelation.analyze(TestImages.plusNoise(base, 0.05, 4), 200, 200).cutoff();
        double noisy = Decorrelation.analyze(TestImages.plusNoise(base, 2.0, 4), 200, 200).cutoff();
        assertTrue(noisy < clean - 0.05, "noise hides the high frequencies: " + noisy + " vs " + clean);
        assertThrows(IllegalArgumentException.class, () -> Decorrelation.analyze(new float[256], 16, 16));
        assertThrows(IllegalArgumentException.class, () -> Decorrelation.analyze(new float[100], 10, 10));
    }

    @Test
    void peakRuleSkipsARisingEnd() {
        assertEquals(2, Decorrelation.peak(new double[] {0.1, 0.3, 0.5, 0.4, 0.2})[0]);
        // rising to the end: the earlier significant maximum counts
        assertEquals(1, Decorrelation.peak(new double[] {0.1, 0.5, 0.3, 0.35, 0.6})[0]);
        assertEquals(0, Decorrelation.peak(new double[] {0.1, 0.2, 0.3})[1], 1e-12);
    }
}
