package org.jcare.optics.fft;

import org.jcare.optics.psf.Psf;
import org.jcare.optics.psf.VoxelGrid;

/**
 * Optical transfer functions: the FFT of a PSF placed on a canvas with its centre voxel at the origin (wrapped
 * around), so that multiplying a canvas's transform by it and transforming back is the circular convolution with the
 * PSF. The PSF must be no larger than the canvas.
 */
public final class Otf {
    private Otf() {
    }

    /**
     * The transfer function (interleaved complex, 2 * canvas size floats) of {@code psf} on a canvas of
     * {@code nz x ny x nx} voxels.
     *
     * @throws IllegalArgumentException when the PSF is larger than the canvas along an axis, or 3D on a 2D canvas
     */
    public static float[] of(Psf psf, int nz, int ny, int nx) {
        VoxelGrid g = psf.grid();
        if (g.nz() > nz || g.ny() > ny || g.nx() > nx) {
            throw new IllegalArgumentException("PSF of " + g.nz() + " x " + g.ny() + " x " + g.nx() + " voxels does not"
                    + " fit a canvas of " + nz + " x " + ny + " x " + nx);
        }
        return of(psf.voxels(), new int[] {g.nz(), g.ny(), g.nx()}, new int[] {g.nz() / 2, g.ny() / 2, g.nx() / 2},
                nz, ny, nx);
    }

    /**
     * The transfer function of any kernel ({@code kshape}, C order) whose tap {@code centre} (z, y, x) is placed at the
     * origin, on a canvas of {@code nz x ny x nx} at least as large as the kernel.
     */
    static float[] of(float[] kernel, int[] kshape, int[] centre, int nz, int ny, int nx) {
        float[] a = new float[2 * nz * ny * nx];
        for (int z = 0; z < kshape[0]; z++) {
            int wz = Math.floorMod(z - centre[0], nz);
            for (int y = 0; y < kshape[1]; y++) {
                int wy = Math.floorMod(y - centre[1], ny);
                for (int x = 0; x < kshape[2]; x++) {
                    int wx = Math.floorMod(x - centre[2], nx);
                    a[2 * ((wz * ny + wy) * nx + wx)] += kernel[(z * kshape[1] + y) * kshape[2] + x];
                }
            }
        }
        new ComplexFft(nz, ny, nx).forward(a);
        return a;
    }

    /** Multiplies complex {@code a} by complex {@code h} in place, element by element. */
    public static void multiply(float[] a, float[] h) {
        for (int i = 0; i < a.length; i += 2) {
            float re = a[i] * h[i] - a[i + 1] * h[i + 1];
            float im = a[i] * h[i + 1] + a[i + 1] * h[i];
            a[i] = re;
            a[i + 1] = im;
        }
    }

    /** Multiplies complex {@code a} by the complex conjugate of {@code h} in place (correlation instead of convolution). */
    public static void multiplyConjugate(float[] a, float[] h) {
        for (int i = 0; i < a.length; i += 2) {
            float re = a[i] * h[i] + a[i + 1] * h[i + 1];
            float im = a[i + 1] * h[i] - a[i] * h[i + 1];
            a[i] = re;
            a[i + 1] = im;
        }
    }
}
