package org.jcare.optics.resolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SquirrelTest {
    @Test
    void imageAgainstItsOwnBlurredCopyHasNoError() {
        int n = 96;
        float[] sharp = TestImages.bandLimited(n, 0.9, 11);
        for (int i = 0; i < sharp.length; i++) {
            sharp[i] = sharp[i] * sharp[i]; // non-negative, structured
        }
        float[] ref = new Squirrel.Blur(sharp, n, n).at(1.3);
        for (int i = 0; i < ref.length; i++) {
            ref[i] = 2.5f * ref[i] + 10;
        }
        Squirrel.Result r = Squirrel.map(ref, sharp, n, n);
        assertEquals(1.3, r.sigmaPx(), 0.01, r.toString());
        assertEquals(2.5, r.alpha(), 0.01);
        assertEquals(10, r.beta(), 0.05);
        assertTrue(r.rse() < 1e-3 * 10, r.toString());
        assertEquals(1, r.rsp(), 1e-5);
    }

    @Test
    void anInventedSpotShowsInTheErrorMap() {
        int n = 64;
        float[] truth = TestImages.bandLimited(n, 0.5, 12);
        for (int i = 0; i < truth.length; i++) {
            truth[i] = 5 + truth[i];
        }
        float[] ref = new Squirrel.Blur(truth, n, n).at(2.0);
        float[] restored = truth.clone();
        restored[40 * n + 20] += 40; // a bright point the reference does not have
        Squirrel.Result r = Squirrel.map(ref, restored, n, n);
        int arg = 0;
        for (int i = 1; i < r.errorMap().length; i++) {
            if (r.errorMap()[i] > r.errorMap()[arg]) {
                arg = i;
            }
        }
        assertTrue(Math.abs(arg / n - 40) <= 1 && Math.abs(arg % n - 20) <= 1, "error peak at " + arg / n + "," + arg % n);
        assertTrue(r.rsp() < 0.999);
    }

    @Test
    void aFinerRestorationIsBlurredOnItsGridAndSampledAtTheReferencePixels() {
        int n = 48;
        int m = 2 * n;
        float[] sharp = TestImages.bandLimited(m, 0.6, 13);
        for (int i = 0; i < sharp.length; i++) {
            sharp[i] = sharp[i] * sharp[i];
        }
        float[] blurred = new Squirrel.Blur(sharp, m, m).at(2.4);
        // the reference: the blurred fine image at the reference pixels of a linear zoom's grid (j (m-1)/(n-1)) ...
        float[] zoomRef = new float[n * n];
        double s = (m - 1.0) / (n - 1);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                zoomRef[y * n + x] = 3 * bilinear(blurred, m, y * s, x * s) + 1;
            }
        }
        Squirrel.Result z = Squirrel.map(zoomRef, n, n, sharp, m, m);
        assertEquals(2.4, z.sigmaPx(), 0.02, z.toString());
        assertEquals(1, z.rsp(), 1e-4, z.toString());
        assertEquals(n * n, z.errorMap().length);
        // ... or summed over 2 x 2 sub-pixels
        float[] binRef = new float[n * n];
        for (int y = 0; y < m; y++) {
            for (int x = 0; x < m; x++) {
                binRef[(y / 2) * n + x / 2] += blurred[y * m + x];
            }
        }
        Squirrel.Result b = Squirrel.map(binRef, n, n, sharp, m, m, Squirrel.Grid.BINNED);
        assertEquals(2.4, b.sigmaPx(), 0.02, b.toString());
        assertEquals(1, b.rsp(), 1e-4, b.toString());
        // the wrong grid shifts the fine image by a quarter reference pixel, and the fit says so
        assertTrue(Squirrel.map(binRef, n, n, sharp, m, m).rse() > 5 * b.rse());
    }

    private static float bilinear(float[] a, int n, double y, double x) {
        int y0 = Math.min(n - 2, (int) Math.floor(y));
        int x0 = Math.min(n - 2, (int) Math.floor(x));
        double ty = y - y0;
        double tx = x - x0;
        double top = a[y0 * n + x0] * (1 - tx) + a[y0 * n + x0 + 1] * tx;
        double bottom = a[(y0 + 1) * n + x0] * (1 - tx) + a[(y0 + 1) * n + x0 + 1] * tx;
        return (float) (top * (1 - ty) + bottom * ty);
    }
}
