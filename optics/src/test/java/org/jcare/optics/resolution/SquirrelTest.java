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
}
