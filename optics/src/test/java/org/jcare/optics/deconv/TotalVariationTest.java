package org.jcare.optics.deconv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TotalVariationTest {
    @Test
    void divergenceOfTheNormalizedGradient() {
        // a ramp along x has a constant unit normal: no curvature inside, and the boundary terms of the definition
        float[] ramp = new float[3 * 5];
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 5; x++) {
                ramp[y * 5 + x] = 2 * x;
            }
        }
        double[] d = TotalVariation.divergence(ramp, 1, 3, 5, 1e-9);
        assertEquals(1, d[1 * 5 + 0], 1e-6); // n(0) - 0
        assertEquals(0, d[1 * 5 + 2], 1e-6);
        assertEquals(-1, d[1 * 5 + 4], 1e-6); // 0 (last voxel) - n(3)
        // a single bright voxel is a peak: negative curvature there
        float[] spike = new float[5 * 5];
        spike[12] = 1;
        double[] s = TotalVariation.divergence(spike, 1, 5, 5, 1e-9);
        // n(spike) = (-1, -1) / sqrt 2 (forward differences), minus the unit normals pointing into it from -x and -y
        assertEquals(-2 - Math.sqrt(2), s[12], 1e-6);
    }
}
