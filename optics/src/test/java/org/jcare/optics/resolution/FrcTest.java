package org.jcare.optics.resolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FrcTest {
    @Test
    void twoNoiseRealizationsOfABandLimitedFieldCrossAtTheBandLimit() {
        float[] base = TestImages.bandLimited(256, 0.5, 5); // band limit 0.25 cycles per pixel
        // in-band signal-to-noise about 5 per coefficient (at far higher SNR the apodization's leakage beyond the
        // band edge, shared by both frames, would move the crossing out by a few rings)
        float[] a = TestImages.plusNoise(base, 1.0, 6);
        float[] b = TestImages.plusNoise(base, 1.0, 7);
        Frc.Result r = Frc.compute(a, b, 256, 256);
        assertEquals(0.25, r.cutoff(), 0.01, r.toString());
        assertEquals(1 / r.cutoff(), r.resolutionPx(), 1e-9);
        // well inside the band the two frames agree
        assertTrue(r.correlation()[20] > 0.7);
    }

    @Test
    void independentNoiseHasNoResolutionAndIdenticalFramesReachNyquist() {
        float[] a = TestImages.plusNoise(new float[128 * 128], 1, 1);
        float[] b = TestImages.plusNoise(new float[128 * 128], 1, 2);
        Frc.Result noise = Frc.compute(a, b, 128, 128);
        double max = 0;
        for (int i = 5; i < noise.correlation().length; i++) {
            max = Math.max(max, Math.abs(noise.correlation()[i])); // the first rings hold a handful of coefficients
        }
        assertTrue(max < 0.35, "independent noise correlates only by chance: " + max);
        assertTrue(noise.cutoff() < 0.05, noise.toString());
        Frc.Result same = Frc.compute(a, a, 128, 128);
        assertEquals(0.5, same.cutoff(), 1e-12);
        assertEquals(2, same.resolutionPx(), 1e-12);
    }
}
