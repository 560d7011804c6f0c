package org.jcare.optics.fft;

import java.util.Arrays;
import org.jcare.optics.psf.Psf;
import org.jcare.optics.psf.VoxelGrid;

/**
 * Linear (zero-boundary) convolution of arrays of one size with one kernel, by FFT, the output the size of the input:
 * {@code out[i] = sum_j a[i + c - j] k[j]} per axis, where {@code c} is the kernel's centre index (the tap that
 * shifts nothing). With {@code c = (k - 1) / 2} this is {@code scipy.signal.fftconvolve(a, k, mode='same')}
 * ({@link #same}); with a PSF's focus voxel {@code k / 2} it is image formation and the two convolutions of
 * Richardson-Lucy ({@link #of(Psf, int, int, int)}, {@link #correlate}). The transforms are {@link ComplexFft}'s
 * (float32, JTransforms) on a canvas of at least {@code n + k - 1} per axis, so nothing wraps around; the kernel's
 * transform is computed once. A kernel of one plane on a stack convolves every plane on its own with 2D transforms
 * (what a 2D PSF with a singleton Z does in CSBDeep's {@code anisotropic_distortions}).
 *
 * <p>scipy transforms float32 input in single precision too; the two agree to float32 rounding of the transforms
 * (about 1e-6 of the largest value), not bit for bit. Deterministic for any thread count ({@link ComplexFft}).
 */
public final class LinearConvolution {
    private final int nz;
    private final int ny;
    private final int nx;
    private final int fz;
    private final int fy;
    private final int fx;
    private final ComplexFft fft;
    private final float[] kernelHat;

    /**
     * Prepares the convolution of {@code nz x ny x nx} arrays (C order, z, y, x; nz = 1 for 2D) with {@code kernel}.
     *
     * @param kernel values, C order, {@code kz x ky x kx}
     * @param centre the kernel's centre index per axis (z, y, x)
     * @throws IllegalArgumentException when the sizes do not fit the arrays, or the centre lies outside the kernel
     */
    public LinearConvolution(int nz, int ny, int nx, float[] kernel, int[] kshape, int[] centre) {
        if (nz < 1 || ny < 1 || nx < 1 || kshape.length != 3 || centre.length != 3
                || (long) kshape[0] * kshape[1] * kshape[2] != kernel.length) {
            throw new IllegalArgumentException("convolution of " + nz + " x " + ny + " x " + nx + " arrays with a kernel"
                    + " of " + Arrays.toString(kshape) + " (" + kernel.length + " values) is not possible");
        }
        for (int a = 0; a < 3; a++) {
            if (kshape[a] < 1 || centre[a] < 0 || centre[a] >= kshape[a]) {
                throw new IllegalArgumentException("kernel " + Arrays.toString(kshape) + " has no centre "
                        + Arrays.toString(centre));
            }
        }
        if (kshape[0] > 1 && nz == 1) {
            throw new IllegalArgumentException("a kernel of " + kshape[0] + " planes cannot convolve a 2D array");
        }
        this.nz = nz;
        this.ny = ny;
        this.nx = nx;
        // a kernel of one plane: plane by plane, 2D transforms
        this.fz = kshape[0] == 1 ? 1 : ComplexFft.goodSize(nz + kshape[0] - 1);
        this.fy = ComplexFft.goodSize(ny + kshape[1] - 1);
        this.fx = ComplexFft.goodSize(nx + kshape[2] - 1);
        long n = 2L * fz * fy * fx;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("FFT convolution of " + nz + " x " + ny + " x " + nx + " with a kernel of "
                    + Arrays.toString(kshape) + " needs " + n + " values in one array; crop the stack");
        }
        this.fft = new ComplexFft(fz, fy, fx);
        this.kernelHat = Otf.of(kernel, kshape, centre, fz, fy, fx);
    }

    /** The convolution with a PSF (its focus voxel {@code (nz / 2, ny / 2, nx / 2)} shifts nothing). */
    public static LinearConvolution of(Psf psf, int nz, int ny, int nx) {
        VoxelGrid g = psf.grid();
        return new LinearConvolution(nz, ny, nx, psf.voxels(), new int[] {g.nz(), g.ny(), g.nx()},
                new int[] {g.nz() / 2, g.ny() / 2, g.nx() / 2});
    }

    /**
     * {@code scipy.signal.fftconvolve(x, kernel, mode='same')} of a 3D array {@code x} of {@code shape} (Z, Y, X; 2D
     * arrays with Z = 1) with a kernel of {@code kshape}: the full convolution cropped from {@code (k - 1) / 2} per
     * axis.
     *
     * @throws IllegalArgumentException when the shapes do not fit the arrays
     */
    public static float[] same(float[] x, int[] shape, double[] kernel, int[] kshape) {
        if (shape.length != 3 || kshape.length != 3 || (long) shape[0] * shape[1] * shape[2] != x.length) {
            throw new IllegalArgumentException("convolution needs 3D shapes that fit the arrays: image "
                    + Arrays.toString(shape) + " (" + x.length + " values), kernel " + Arrays.toString(kshape));
        }
        float[] k = new float[kernel.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) kernel[i];
        }
        int[] centre = {(kshape[0] - 1) / 2, (kshape[1] - 1) / 2, (kshape[2] - 1) / 2};
        return new LinearConvolution(shape[0], shape[1], shape[2], k, kshape, centre).convolve(x);
    }

    /** The convolution of {@code a} (the prepared size) with the kernel. */
    public float[] convolve(float[] a) {
        return apply(a, false);
    }

    /** The correlation of {@code a} with the kernel: the convolution with its mirror image about the centre. */
    public float[] correlate(float[] a) {
        return apply(a, true);
    }

    private float[] apply(float[] a, boolean correlate) {
        if (a.length != nz * ny * nx) {
            throw new IllegalArgumentException("convolution prepared for " + nz + " x " + ny + " x " + nx + " arrays got "
                    + a.length + " values");
        }
        float[] out = new float[a.length];
        int planes = fz == 1 ? nz : 1; // a 2D kernel: each plane on its own
        int depth = fz == 1 ? 1 : nz;
        float[] c = new float[2 * fz * fy * fx];
        for (int p = 0; p < planes; p++) {
            Arrays.fill(c, 0f);
            int base = p * ny * nx;
            for (int z = 0; z < depth; z++) {
                for (int y = 0; y < ny; y++) {
                    int src = base + (z * ny + y) * nx;
                    int dst = (z * fy + y) * fx;
                    for (int x = 0; x < nx; x++) {
                        c[2 * (dst + x)] = a[src + x];
                    }
                }
            }
            fft.forward(c);
            if (correlate) {
                Otf.multiplyConjugate(c, kernelHat);
            } else {
                Otf.multiply(c, kernelHat);
            }
            fft.inverse(c);
            for (int z = 0; z < depth; z++) {
                for (int y = 0; y < ny; y++) {
                    int dst = base + (z * ny + y) * nx;
                    int src = (z * fy + y) * fx;
                    for (int x = 0; x < nx; x++) {
                        out[dst + x] = c[2 * (src + x)];
                    }
                }
            }
        }
        return out;
    }
}
