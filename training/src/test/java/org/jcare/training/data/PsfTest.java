package org.jcare.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jcare.io.image.FloatImage;
import org.jcare.optics.psf.AxialBlur;
import org.jcare.optics.psf.GaussianPsf;
import org.jcare.optics.psf.PsfSampler;
import org.jcare.optics.psf.VoxelGrid;
import org.junit.jupiter.api.Test;

class PsfTest {
    @Test
    void theIsotropicKernelIsOneRowAlongX() {
        AxialBlur.Widths w = AxialBlur.of(new GaussianPsf(100, 300, "test"));
        Psf k = Psf.axialBlur(w, 50);
        assertEquals("YX", k.kernel().axes().letters());
        long taps = 2 * (long) Math.ceil(4 * w.sigmaNm() / 50) + 1;
        assertArrayEquals(new long[] {1, taps}, k.kernel().shape());
        assertTrue(k.source().contains("sigma 282.8 nm"), k.source());
        Psf.Aligned a = k.alignedTo("ZYX");
        assertArrayEquals(new int[] {1, 1, (int) taps}, a.shape(), "every lateral plane blurred along X only");
    }

    @Test
    void opticsPsfsKeepTheirAxesAndValues() {
        org.jcare.optics.psf.Psf p = PsfSampler.sample(new GaussianPsf(100, 300, "g"), new VoxelGrid(5, 7, 9, 200,
                50, 50));
        Psf k = Psf.of(p);
        assertEquals("ZYX", k.kernel().axes().letters());
        assertArrayEquals(new long[] {5, 7, 9}, k.kernel().shape());
        assertArrayEquals(p.voxels(), k.kernel().toArray());
        assertTrue(k.source().contains("200 x 50 x 50 nm"), k.source());
        assertEquals("YX", Psf.of(p.focalPlane()).kernel().axes().letters());
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
