package org.jcare.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.jcare.io.image.FloatImage;
import org.jcare.kernels.mixture.MixtureRef;
import org.jcare.training.predict.LaplaceReadouts;
import org.jcare.training.predict.Restoration;
import org.junit.jupiter.api.Test;

/** The maximum-likelihood scale factor recovers a known miscalibration and lowers the calibration error. */
class ScaleRecalibrationTest {
    @Test
    void laplaceFactorUndoesHalvedScales() {
        SplittableRandom r = new SplittableRandom(1);
        int n = 200_000;
        float[] mu = new float[n];
        float[] half = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            mu[i] = (float) r.nextDouble();
            double b = 0.02 + 0.1 * r.nextDouble();
            half[i] = (float) (b / 2);
            y[i] = (float) LaplaceReadouts.sample(mu[i], b, r);
        }
        double s = ScaleRecalibration.fitLaplace(mu, half, y);
        assertEquals(2, s, 0.02);
        float[] fixed = new float[n];
        for (int i = 0; i < n; i++) {
            fixed[i] = (float) (half[i] * s);
        }
        double before = Calibration.of(Calibration.laplacePit(mu, half, y), null).ece();
        double after = Calibration.of(Calibration.laplacePit(mu, fixed, y), null).ece();
        assertTrue(after < 0.005 && before > 0.1, before + " -> " + after);
    }

    @Test
    void mixtureFactorUndoesScaledMembers() {
        SplittableRandom r = new SplittableRandom(2);
        int n = 60_000;
        int m = 3;
        float[][] mu = new float[m][n];
        float[][] b = new float[m][n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double[] pm = new double[m];
            double[] pb = new double[m];
            for (int k = 0; k < m; k++) {
                pm[k] = r.nextDouble() * 0.2;
                pb[k] = 0.03 + 0.05 * r.nextDouble();
                mu[k][i] = (float) pm[k];
                b[k][i] = (float) (pb[k] / 3); // three times too confident
            }
            y[i] = (float) MixtureRef.sample(pm, pb, 5, i, 0);
        }
        double s = ScaleRecalibration.fitMixture(mu, b, y);
        assertEquals(3, s, 0.1);
        assertTrue(ScaleRecalibration.mixtureNll(mu, b, y, s) < ScaleRecalibration.mixtureNll(mu, b, y, 1));
        assertTrue(ScaleRecalibration.mixtureNll(mu, b, y, s) <= ScaleRecalibration.mixtureNll(mu, b, y, s * 1.05));
        assertTrue(ScaleRecalibration.mixtureNll(mu, b, y, s) <= ScaleRecalibration.mixtureNll(mu, b, y, s / 1.05));
    }

    @Test
    void applyMultipliesTheScaleOnly() {
        FloatImage mean = FloatImage.of("YX", new long[] {1, 2}, new float[] {1, 2});
        FloatImage scale = FloatImage.of("YX", new long[] {1, 2}, new float[] {0.5f, 0.25f});
        Restoration r = new Restoration(mean, scale, new int[] {1, 1});
        Restoration twice = ScaleRecalibration.apply(r, 2.0);
        assertSame(mean, twice.mean());
        assertEquals(1f, twice.scale().plane(0)[0]);
        assertEquals(0.5f, twice.scale().plane(0)[1]);
        assertEquals(0.5f, scale.plane(0)[0], "the input is not changed");
        assertSame(r, ScaleRecalibration.apply(r, null));
        assertSame(r, ScaleRecalibration.apply(r, 1.0));
        assertThrows(IllegalArgumentException.class,
                () -> ScaleRecalibration.fitLaplace(new float[2], new float[2], new float[3]));
    }
}
