package org.jcare.optics.deconv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.jcare.optics.psf.Optics;
import org.jcare.optics.psf.Psf;
import org.jcare.optics.psf.Psfs;
import org.junit.jupiter.api.Test;

class FineGridRichardsonLucyTest {
    private static final Optics OPTICS = Optics.widefield(1.4, 520, 1.518);

    @Test
    void withFactorOneItIsRichardsonLucy() {
        Psf psf = Psfs.widefield(OPTICS, 0, 65, 65);
        SplittableRandom rng = new SplittableRandom(3);
        float[] img = new float[21 * 26];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) (10 * rng.nextDouble());
        }
        assertArrayEquals(RichardsonLucy.deconvolve(img, 1, 21, 26, psf, 7, 0, RichardsonLucy.Listener.NONE),
                FineGridRichardsonLucy.deconvolve(img, 1, 21, 26, psf, 1, 7, RichardsonLucy.Listener.NONE));
    }

    /** A fine image blurred on its grid and summed over F x F blocks: what the camera records. */
    static float[] camera(float[] fine, int ny, int nx, Psf finePsf, int f) {
        float[] blurred = RichardsonLucyTest.direct(fine, ny * f, nx * f, finePsf, false);
        float[] out = new float[ny * nx];
        for (int y = 0; y < ny * f; y++) {
            for (int x = 0; x < nx * f; x++) {
                out[(y / f) * nx + x / f] += blurred[y * nx * f + x];
            }
        }
        return out;
    }

    @Test
    void locatesPointsBetweenCameraPixelsAndFitsTheData() {
        int n = 32;
        int f = 2;
        Psf finePsf = Psfs.widefield(OPTICS, 0, 50, 50); // camera pixels of 100 nm
        float[] truth = new float[n * f * n * f];
        int[][] points = {{25, 30}, {40, 17}, {41, 44}}; // fine indices; odd ones fall between camera pixel centres
        for (int[] p : points) {
            truth[p[0] * n * f + p[1]] = 1000;
        }
        float[] data = camera(truth, n, n, finePsf, f);
        for (int i = 0; i < data.length; i++) {
            data[i] += 2; // a flat background
        }
        float[] few = FineGridRichardsonLucy.deconvolve(data, 1, n, n, finePsf, f, 2, RichardsonLucy.Listener.NONE);
        float[] many = FineGridRichardsonLucy.deconvolve(data, 1, n, n, finePsf, f, 150, RichardsonLucy.Listener.NONE);
        assertEquals(n * f * n * f, many.length);
        for (int[] p : points) {
            int best = -1;
            for (int y = p[0] - 3; y <= p[0] + 3; y++) {
                for (int x = p[1] - 3; x <= p[1] + 3; x++) {
                    if (best < 0 || many[y * n * f + x] > many[best]) {
                        best = y * n * f + x;
                    }
                }
            }
            assertEquals(p[0] * n * f + p[1], best, "the peak near fine pixel (" + p[0] + ", " + p[1] + ")");
        }
        // the camera model of the estimate approaches the data, and the flux stays the data's
        assertTrue(misfit(many, data, n, finePsf, f) < 0.2 * misfit(few, data, n, finePsf, f));
        double sumData = 0;
        double sumEstimate = 0;
        for (float v : data) {
            sumData += v;
        }
        for (float v : many) {
            sumEstimate += v;
        }
        assertEquals(sumData, sumEstimate, 0.02 * sumData);
    }

    @Test
    void aSmoothImageGetsNoCameraPixelStaircase() {
        // a smooth field (a broad Gaussian on an offset) has nothing beyond the camera's Nyquist frequency: after a few
        // iterations the fine estimate must not carry the camera's pixel edges (a start copied to the sub-pixels would:
        // those steps lie beyond the PSF's pass band, where the iteration never corrects them)
        int n = 24;
        int f = 2;
        Psf finePsf = Psfs.widefield(OPTICS, 0, 50, 50);
        float[] data = new float[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                data[y * n + x] = (float) (20 + 200 * Math.exp(-((y - 11.3) * (y - 11.3) + (x - 12.6) * (x - 12.6)) / 32));
            }
        }
        float[] u = FineGridRichardsonLucy.deconvolve(data, 1, n, n, finePsf, f, 3, RichardsonLucy.Listener.NONE);
        // the energy beyond the camera's Nyquist frequency (along X, inside), relative to all the non-constant energy
        double flat = beyondCameraNyquist(u, n * f, 6);
        double staircase = beyondCameraNyquist(copied(data, n, f), n * f, 6);
        assertTrue(staircase > 1e-3, "the measure sees a staircase: " + staircase);
        assertTrue(flat < 0.02 * staircase, "beyond the camera's Nyquist frequency: " + flat + " vs " + staircase);
    }

    /** The data copied to its sub-pixels, shared equally. */
    private static float[] copied(float[] data, int n, int f) {
        float[] out = new float[n * f * n * f];
        for (int i = 0; i < out.length; i++) {
            int y = i / (n * f);
            int x = i % (n * f);
            out[i] = data[(y / f) * n + x / f] / (f * f);
        }
        return out;
    }

    /**
     * Of the rows {@code margin} to {@code m - margin} of an m x m image: the DFT energy along X at frequencies above a
     * quarter of the sampling rate (the camera's Nyquist when F = 2) over the energy at all non-zero frequencies.
     */
    private static double beyondCameraNyquist(float[] a, int m, int margin) {
        double high = 0;
        double all = 0;
        for (int y = margin; y < m - margin; y++) {
            for (int k = 1; k < m; k++) {
                double re = 0;
                double im = 0;
                for (int x = 0; x < m; x++) {
                    double w = 2 * Math.PI * k * x / m;
                    re += a[y * m + x] * Math.cos(w);
                    im -= a[y * m + x] * Math.sin(w);
                }
                double e = re * re + im * im;
                all += e;
                int kk = Math.min(k, m - k);
                if (kk > m / 4) {
                    high += e;
                }
            }
        }
        return high / all;
    }

    private static double misfit(float[] estimate, float[] data, int n, Psf finePsf, int f) {
        float[] model = camera(estimate, n, n, finePsf, f);
        double s = 0;
        // inside, away from the borders the direct convolution treats as zero
        for (int y = 4; y < n - 4; y++) {
            for (int x = 4; x < n - 4; x++) {
                double d = model[y * n + x] - data[y * n + x];
                s += d * d;
            }
        }
        return s;
    }

    @Test
    void badArgumentsAreRefused() {
        Psf psf = Psfs.widefield(OPTICS, 0, 50, 50);
        assertThrows(IllegalArgumentException.class, () -> FineGridRichardsonLucy.deconvolve(new float[16 * 16], 1, 16,
                16, psf, 0, 5, RichardsonLucy.Listener.NONE));
        assertThrows(IllegalArgumentException.class, () -> FineGridRichardsonLucy.deconvolve(new float[15], 1, 16, 16,
                psf, 2, 5, RichardsonLucy.Listener.NONE));
    }
}
