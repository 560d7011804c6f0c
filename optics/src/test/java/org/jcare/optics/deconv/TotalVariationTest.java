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

    @Test
    void updateByHand() {
        // a single bright voxel in a 5 x 5 plane: div = -2 - sqrt 2 there (its own unit gradient (-1, -1)/sqrt 2,
        // minus the unit gradients +x and +y of its backward neighbours)
        double[] u = new double[25];
        java.util.Arrays.fill(u, 1);
        u[12] = 2;
        double[] div = TotalVariation.divergence(u, 1, 5, 5, 1e-9);
        assertEquals(2 / (1 + 0.1 * (2 + Math.sqrt(2))), TotalVariation.update(u[12], 1, div[12], 0.1, 0.1), 1e-9);
        // left neighbour: its gradient (1, 0) points into the spike; before it the gradient is 0 -> div = +1
        assertEquals(1 / (1 - 0.1), TotalVariation.update(u[11], 1, div[11], 0.1, 0.1), 1e-9);
        // a large lambda cannot make the denominator fall below the minimum
        assertEquals(1 / 0.1, TotalVariation.update(u[11], 1, div[11], 10, 0.1), 1e-9);
        // float32 and float64 images give the same divergence
        float[] f = new float[25];
        for (int i = 0; i < 25; i++) {
            f[i] = (float) u[i];
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(div, TotalVariation.divergence(f, 1, 5, 5, 1e-9));
    }
}
