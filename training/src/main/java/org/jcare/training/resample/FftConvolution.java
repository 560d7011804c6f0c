package org.jcare.training.resample;

import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_2D;
import org.jtransforms.fft.DoubleFFT_3D;

/**
 * {@code scipy.signal.fftconvolve(x, kernel, mode='same')} for 2D and 3D arrays (C order, X fastest): the full linear
 * convolution with zero boundaries, computed through FFTs (JTransforms, double precision) of sizes at least
 * {@code n + k - 1} per axis, cropped to the input's size starting at {@code (k - 1) / 2} per axis (centred for odd
 * kernels, as scipy's {@code _centered}). A 3D kernel with one plane convolves each plane on its own (what a 2D PSF
 * with a singleton axis does in CSBDeep's {@code anisotropic_distortions}).
 *
 * <p>scipy transforms float32 input in single precision; this class uses double, so results agree to float32 rounding
 * of the FFT (relative 1e-6 of the largest value), not bit for bit.
 */
public final class FftConvolution {
    private FftConvolution() {
    }

    /**
     * The 'same' convolution of a 3D array {@code x} of {@code shape} (Z, Y, X) with a 3D {@code kernel} of
     * {@code kshape}; 2D arrays are given with Z = 1.
     */
    public static float[] same(float[] x, int[] shape, double[] kernel, int[] kshape) {
        check(x, shape, kernel, kshape);
        int nz = shape[0];
        int ny = shape[1];
        int nx = shape[2];
        if (kshape[0] == 1) {
            float[] out = new float[x.length];
            Plane2d conv = new Plane2d(ny, nx, kernel, kshape[1], kshape[2]);
            float[] plane = new float[ny * nx];
            for (int z = 0; z < nz; z++) {
                System.arraycopy(x, z * ny * nx, plane, 0, ny * nx);
                float[] r = conv.apply(plane);
                System.arraycopy(r, 0, out, z * ny * nx, ny * nx);
            }
            return out;
        }
        return volume(x, shape, kernel, kshape);
    }

    private static void check(float[] x, int[] shape, double[] kernel, int[] kshape) {
        if (shape.length != 3 || kshape.length != 3 || (long) shape[0] * shape[1] * shape[2] != x.length
                || (long) kshape[0] * kshape[1] * kshape[2] != kernel.length) {
            throw new IllegalArgumentException("convolution needs 3D shapes that fit the arrays: image "
                    + Arrays.toString(shape) + " (" + x.length + " values), kernel " + Arrays.toString(kshape) + " ("
                    + kernel.length + " values)");
        }
    }

    /** The FFT convolution of many planes of one size with one 2D kernel, its transform computed once. */
    public static final class Plane2d {
        private final int ny;
        private final int nx;
        private final int ky;
        private final int kx;
        private final int fy;
        private final int fx;
        private final DoubleFFT_2D fft;
        private final double[] kernelHat;

        /** Prepares the convolution of {@code ny x nx} planes with the {@code ky x kx} kernel (row-major). */
        public Plane2d(int ny, int nx, double[] kernel, int ky, int kx) {
            this.ny = ny;
            this.nx = nx;
            this.ky = ky;
            this.kx = kx;
            this.fy = fastLength(ny + ky - 1);
            this.fx = fastLength(nx + kx - 1);
            this.fft = new DoubleFFT_2D(fy, fx);
            this.kernelHat = new double[2 * fy * fx];
            for (int y = 0; y < ky; y++) {
                for (int x = 0; x < kx; x++) {
                    kernelHat[2 * (y * fx + x)] = kernel[y * kx + x];
                }
            }
            fft.complexForward(kernelHat);
        }

        /** The 'same' convolution of one plane. */
        public float[] apply(float[] plane) {
            double[] a = new double[2 * fy * fx];
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    a[2 * (y * fx + x)] = plane[y * nx + x];
                }
            }
            fft.complexForward(a);
            multiply(a, kernelHat);
            fft.complexInverse(a, true);
            float[] out = new float[ny * nx];
            int oy = (ky - 1) / 2;
            int ox = (kx - 1) / 2;
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    out[y * nx + x] = (float) a[2 * ((y + oy) * fx + x + ox)];
                }
            }
            return out;
        }
    }

    private static float[] volume(float[] x, int[] shape, double[] kernel, int[] kshape) {
        int[] f = new int[3];
        for (int i = 0; i < 3; i++) {
            f[i] = fastLength(shape[i] + kshape[i] - 1);
        }
        long n = 2L * f[0] * f[1] * f[2];
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("3D FFT convolution of " + Arrays.toString(shape) + " with a kernel of "
                    + Arrays.toString(kshape) + " needs " + n + " values in one array; crop the stack");
        }
        DoubleFFT_3D fft = new DoubleFFT_3D(f[0], f[1], f[2]);
        double[] a = new double[(int) n];
        double[] b = new double[(int) n];
        for (int z = 0; z < shape[0]; z++) {
            for (int y = 0; y < shape[1]; y++) {
                for (int xx = 0; xx < shape[2]; xx++) {
                    a[2 * ((z * f[1] + y) * f[2] + xx)] = x[(z * shape[1] + y) * shape[2] + xx];
                }
            }
        }
        for (int z = 0; z < kshape[0]; z++) {
            for (int y = 0; y < kshape[1]; y++) {
                for (int xx = 0; xx < kshape[2]; xx++) {
                    b[2 * ((z * f[1] + y) * f[2] + xx)] = kernel[(z * kshape[1] + y) * kshape[2] + xx];
                }
            }
        }
        fft.complexForward(a);
        fft.complexForward(b);
        multiply(a, b);
        fft.complexInverse(a, true);
        float[] out = new float[x.length];
        int oz = (kshape[0] - 1) / 2;
        int oy = (kshape[1] - 1) / 2;
        int ox = (kshape[2] - 1) / 2;
        for (int z = 0; z < shape[0]; z++) {
            for (int y = 0; y < shape[1]; y++) {
                for (int xx = 0; xx < shape[2]; xx++) {
                    out[(z * shape[1] + y) * shape[2] + xx] = (float) a[2 * (((z + oz) * f[1] + y + oy) * f[2] + xx + ox)];
                }
            }
        }
        return out;
    }

    private static void multiply(double[] a, double[] b) {
        for (int i = 0; i < a.length; i += 2) {
            double re = a[i] * b[i] - a[i + 1] * b[i + 1];
            double im = a[i] * b[i + 1] + a[i + 1] * b[i];
            a[i] = re;
            a[i + 1] = im;
        }
    }

    /** The smallest length >= n whose only prime factors are 2, 3 and 5 (fast FFT sizes). */
    static int fastLength(int n) {
        for (int m = Math.max(n, 1);; m++) {
            int r = m;
            for (int p : new int[] {2, 3, 5}) {
                while (r % p == 0) {
                    r /= p;
                }
            }
            if (r == 1) {
                return m;
            }
        }
    }

    /**
     * The direct 'same' convolution (the definition, O(n k)): {@code out[i] = sum_j x[i + (k-1)/2 - j] kernel[j]} per
     * axis with zeros outside; the reference the FFT path is tested against.
     */
    public static double[] direct(float[] x, int[] shape, double[] kernel, int[] kshape) {
        check(x, shape, kernel, kshape);
        double[] out = new double[x.length];
        int oz = (kshape[0] - 1) / 2;
        int oy = (kshape[1] - 1) / 2;
        int ox = (kshape[2] - 1) / 2;
        for (int z = 0; z < shape[0]; z++) {
            for (int y = 0; y < shape[1]; y++) {
                for (int xx = 0; xx < shape[2]; xx++) {
                    double s = 0;
                    for (int a = 0; a < kshape[0]; a++) {
                        int sz = z + oz - a;
                        if (sz < 0 || sz >= shape[0]) {
                            continue;
                        }
                        for (int b = 0; b < kshape[1]; b++) {
                            int sy = y + oy - b;
                            if (sy < 0 || sy >= shape[1]) {
                                continue;
                            }
                            for (int c = 0; c < kshape[2]; c++) {
                                int sx = xx + ox - c;
                                if (sx >= 0 && sx < shape[2]) {
                                    s += x[(sz * shape[1] + sy) * shape[2] + sx]
                                            * kernel[(a * kshape[1] + b) * kshape[2] + c];
                                }
                            }
                        }
                    }
                    out[(z * shape[1] + y) * shape[2] + xx] = s;
                }
            }
        }
        return out;
    }
}
