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
