package org.jcare.optics.deconv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.jcare.optics.psf.Optics;
import org.jcare.optics.psf.Psf;
import org.jcare.optics.psf.Psfs;
import org.junit.jupiter.api.Test;

class RichardsonLucyTest {
    private static final Psf PSF = Psfs.widefield(Optics.widefield(1.4, 520, 1.518), 0, 65, 65);

    /** Direct linear 'same' convolution with zero outside, the definition the FFT path must meet. */
    static float[] direct(float[] a, int ny, int nx, Psf psf, boolean correlate) {
        int ky = psf.grid().ny();
        int kx = psf.grid().nx();
        float[] out = new float[a.length];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                double s = 0;
                for (int j = 0; j < ky; j++) {
                    for (int i = 0; i < kx; i++) {
                        int sy = correlate ? y + j - ky / 2 : y - j + ky / 2;
                        int sx = correlate ? x + i - kx / 2 : x - i + kx / 2;
                        if (sy >= 0 && sy < ny && sx >= 0 && sx < nx) {
                            s += psf.get(0, j, i) * (double) a[sy * nx + sx];
                        }
                    }
                }
                out[y * nx + x] = (float) s;
            }
        }
        return out;
    }

    @Test
    void fftConvolutionIsLinearConvolutionOnTheExtendedCanvas() {
        // an asymmetric kernel, so convolution and correlation differ
        float[] k = new float[5 * 7];
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) rng.nextDouble();
        }
        Psf psf = new Psf(org.jcare.optics.psf.VoxelGrid.plane(5, 7, 100, 100), k, "random");
        float[] img = new float[13 * 17];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) rng.nextDouble();
        }
        RichardsonLucy.Extended e = RichardsonLucy.Extended.of(img, 1, 13, 17, psf);
        assertEquals(13 + 4, e.ey);
        assertEquals(17 + 6, e.ex);
        assertEquals(img[0], e.data[2 * e.ex + 3]);
        assertEquals(img[1 * 17 + 0], e.data[(2 - 2) * e.ex + 3 + 0], 0, "mirror: row -2 is row 1");
        var c = e.convolution(psf);
        for (boolean corr : new boolean[] {false, true}) {
            float[] fft = corr ? c.correlate(e.data) : c.convolve(e.data);
            float[] ref = direct(e.data, e.ey, e.ex, psf, corr);
            for (int i = 0; i < ref.length; i++) {
                assertEquals(ref[i], fft[i], 1e-5, "correlate " + corr + " at " + i);
            }
        }
    }

    @Test
    void deconvolutionResolvesTwoPointsTheBlurMerged() {
        int n = 48;
        float[] obj = new float[n * n];
        obj[24 * n + 21] = 1000;
        obj[24 * n + 26] = 1000; // 5 pixels of 65 nm = 325 nm apart: below the 0.61 lambda / NA = 227 nm... resolvable
        obj[10 * n + 10] = 500;
        float[] blurred = direct(obj, n, n, PSF, false);
        for (int i = 0; i < blurred.length; i++) {
            blurred[i] += 1; // a flat background
        }
        float[] rl = RichardsonLucy.deconvolve(blurred, 1, n, n, PSF, 200, 0, RichardsonLucy.Listener.NONE);
        double dipBlurred = blurred[24 * n + 23] / (double) blurred[24 * n + 21];
        double dipRl = rl[24 * n + 23] / (double) rl[24 * n + 21];
        assertTrue(dipRl < 0.5 * dipBlurred, "dip between the points: " + dipBlurred + " -> " + dipRl);
        assertTrue(rl[24 * n + 21] > 3 * blurred[24 * n + 21], "the peaks sharpen");
        double sumIn = 0;
        double sumOut = 0;
        for (int i = 0; i < rl.length; i++) {
            sumIn += blurred[i];
            sumOut += rl[i];
        }
        assertEquals(sumIn, sumOut, 0.02 * sumIn, "RL keeps the flux");
    }

    @Test
    void totalVariationSmoothsNoise() {
        int n = 40;
        SplittableRandom rng = new SplittableRandom(3);
        float[] img = new float[n * n];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) (100 + 10 * rng.nextGaussian());
        }
        float[] plain = RichardsonLucy.deconvolve(img, 1, n, n, PSF, 30, 0, RichardsonLucy.Listener.NONE);
        int[] calls = {0};
        float[] tv = RichardsonLucy.deconvolve(img, 1, n, n, PSF, 30, 0.01, (d, t) -> calls[0] = d);
        assertEquals(30, calls[0]);
        assertTrue(variation(tv, n) < 0.8 * variation(plain, n), variation(tv, n) + " vs " + variation(plain, n));
        assertThrows(IllegalArgumentException.class, () -> RichardsonLucy.deconvolve(img, 1, n, n, PSF, 0, 0,
                RichardsonLucy.Listener.NONE));
        assertThrows(IllegalArgumentException.class, () -> RichardsonLucy.deconvolve(new float[8 * n * n], 8, n, n,
                PSF, 1, 0, RichardsonLucy.Listener.NONE));
    }

    private static double variation(float[] a, int n) {
        double s = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x + 1 < n; x++) {
                s += Math.abs(a[y * n + x + 1] - a[y * n + x]);
            }
        }
        return s;
    }
}
