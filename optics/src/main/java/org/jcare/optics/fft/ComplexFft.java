package org.jcare.optics.fft;

import org.jtransforms.fft.FloatFFT_2D;
import org.jtransforms.fft.FloatFFT_3D;

/**
 * In-place complex FFTs of a 2D ({@code nz == 1}) or 3D array, interleaved (re, im) in C order (z, y, x), through
 * JTransforms (any size: radix 2/3/4/5, Bluestein otherwise; {@link #goodSize} picks fast ones). One instance per
 * thread: the plans hold scratch space. JTransforms may use its own threads for large arrays; its results do not
 * depend on how many it uses (every 1D transform is computed the same way), so callers stay deterministic.
 */
public final class ComplexFft {
    private final int nz;
    private final int ny;
    private final int nx;
    private final FloatFFT_2D fft2;
    private final FloatFFT_3D fft3;

    /** Plans for arrays of {@code nz x ny x nx} complex values. */
    public ComplexFft(int nz, int ny, int nx) {
        if (nz < 1 || ny < 1 || nx < 1) {
            throw new IllegalArgumentException("FFT size " + nz + " x " + ny + " x " + nx + " must be positive");
        }
        this.nz = nz;
        this.ny = ny;
        this.nx = nx;
        this.fft2 = nz == 1 ? new FloatFFT_2D(ny, nx) : null;
        this.fft3 = nz == 1 ? null : new FloatFFT_3D(nz, ny, nx);
    }

    /** Complex values per array. */
    public int size() {
        return nz * ny * nx;
    }

    /** Sizes (z, y, x). */
    public int[] dims() {
        return new int[] {nz, ny, nx};
    }

    /** Forward transform (no scaling) of {@code a}: 2 * size() floats, interleaved. */
    public void forward(float[] a) {
        check(a);
        if (fft2 != null) {
            fft2.complexForward(a);
        } else {
            fft3.complexForward(a);
        }
    }

    /** Inverse transform scaled by 1 / size(), so inverse(forward(a)) == a. */
    public void inverse(float[] a) {
        check(a);
        if (fft2 != null) {
            fft2.complexInverse(a, true);
        } else {
            fft3.complexInverse(a, true);
        }
    }

    private void check(float[] a) {
        if (a.length != 2 * size()) {
            throw new IllegalArgumentException("FFT of " + nz + " x " + ny + " x " + nx + " complex values needs "
                    + 2 * size() + " floats, got " + a.length);
        }
    }

    /** The smallest size >= {@code n} whose only prime factors are 2, 3 and 5 (fast for JTransforms). */
    public static int goodSize(int n) {
        for (int m = Math.max(1, n); ; m++) {
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

    /** Frequency of index {@code i} of an axis of {@code n} samples, in cycles per sample, in [-0.5, 0.5). */
    public static double frequency(int i, int n) {
        return (i <= (n - 1) / 2 ? i : i - n) / (double) n;
    }
}
