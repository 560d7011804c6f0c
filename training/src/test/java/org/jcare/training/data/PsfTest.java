package org.jcare.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jcare.io.image.FloatImage;
import org.junit.jupiter.api.Test;

class PsfTest {
    @Test
    void axialSliceTurnsTheXzPlaneThroughTheMaximumSoZRunsAlongX() {
        // 3 x 2 x 4 (Z, Y, X); brightest voxel at z=1, y=1, x=2
        float[] v = new float[24];
        for (int z = 0; z < 3; z++) {
            for (int x = 0; x < 4; x++) {
                v[(z * 2 + 1) * 4 + x] = 10 * z + x;
            }
        }
        v[(1 * 2 + 1) * 4 + 2] = 100;
        Psf k = Psf.of(FloatImage.of("ZYX", new long[] {3, 2, 4}, v), "test").axialSliceAlongX();
        assertEquals("YX", k.kernel().axes().letters());
        assertArrayEquals(new long[] {4, 3}, k.kernel().shape());
        // out[y = psf x][x = psf z]
        assertEquals(100f, k.kernel().get(2, 1));
        assertEquals(23f, k.kernel().get(3, 2));
        assertEquals(1f, k.kernel().get(1, 0));
    }

    @Test
    void alignedKernelsGetSingletonAxesAndSumToOne() {
        Psf p = Psf.of(FloatImage.of("YX", new long[] {1, 3}, new float[] {1, 2, 1}), "line");
        Psf.Aligned a = p.alignedTo("ZYX");
        assertArrayEquals(new int[] {1, 1, 3}, a.shape());
        assertArrayEquals(new double[] {0.25, 0.5, 0.25}, a.values(), 1e-15);
        Psf vol = Psf.of(FloatImage.of("ZYX", new long[] {3, 1, 1}, new float[] {1, 1, 1}), "z");
        assertThrows(IllegalArgumentException.class, () -> vol.alignedTo("YX"));
    }

    @Test
    void negativeOrEmptyKernelsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Psf.of(FloatImage.of("YX", new long[] {1, 2}, new float[] {1, -1}), "bad"));
        assertThrows(IllegalArgumentException.class,
                () -> Psf.of(FloatImage.of("YX", new long[] {1, 2}, new float[] {0, 0}), "zero"));
    }
}
