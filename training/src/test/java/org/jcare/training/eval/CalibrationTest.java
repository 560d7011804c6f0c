package org.jcare.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.jcare.kernels.mixture.MixtureRef;
import org.junit.jupiter.api.Test;

/** Calibration on synthetic Laplace data whose calibration is known. */
class CalibrationTest {
    private static final int N = 400_000;

    /** Predictions (mu, b) and true values drawn from Laplace(mu, b): calibrated by construction. */
    private static float[][] calibratedData(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] mu = new float[N];
        float[] b = new float[N];
        float[] y = new float[N];
        for (int i = 0; i < N; i++) {
            mu[i] = (float) r.nextDouble();
            b[i] = (float) (0.01 + 0.2 * r.nextDouble());
            y[i] = (float) org.jcare.training.predict.LaplaceReadouts.sample(mu[i], b[i], r);
        }
        return new float[][] {mu, b, y};
    }

    @Test
    void calibratedPredictionsHaveAnEceNearZero() {
        float[][] d = calibratedData(1);
        Calibration.Result c = Calibration.of(Calibration.laplacePit(d[0], d[1], d[2]), null);
        assertEquals(N, c.pixels());
        // sampling noise of a coverage over 4e5 pixels: sd <= 0.0008
        assertTrue(c.ece() < 0.003, c.toString());
        assertTrue(c.qce() < 1e-4, c.toString());
        for (int j = 0; j < c.levels().length; j++) {
            assertEquals(c.levels()[j], c.coverage()[j], 0.004, "level " + c.levels()[j]);
        }
    }

    @Test
    void halvedScalesGiveTheExpectedOverConfidence() {
        float[][] d = calibratedData(2);
        float[] half = new float[N];
        for (int i = 0; i < N; i++) {
            half[i] = d[1][i] / 2;
        }
        Calibration.Result c = Calibration.of(Calibration.laplacePit(d[0], half, d[2]), null);
        // P(|Y - mu| <= (b/2) ln(1/(1-c))) = 1 - (1-c)^(1/2): intervals half as wide cover less
        double expectedEce = 0;
        for (int j = 0; j < c.levels().length; j++) {
            double level = c.levels()[j];
            double expected = 1 - Math.sqrt(1 - level);
            assertEquals(expected, c.coverage()[j], 0.004, "level " + level);
            expectedEce += Math.abs(expected - level) / c.levels().length;
        }
        assertEquals(expectedEce, c.ece(), 0.003);
        assertTrue(c.ece() > 0.1, "clearly miscalibrated: " + c);
        assertTrue(c.meanGap() < -0.1, "over-confident: coverage below the nominal level, " + c);
        // doubled scales: under-confident, the gap has the other sign
        float[] twice = new float[N];
        for (int i = 0; i < N; i++) {
            twice[i] = d[1][i] * 2;
        }
        assertTrue(Calibration.of(Calibration.laplacePit(d[0], twice, d[2]), null).meanGap() > 0.1);
    }

    @Test
    void aMixtureIsCalibratedForDataDrawnFromIt() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 100_000;
        float[] pit = new float[n];
        for (int i = 0; i < n; i++) {
            double[] mu = {r.nextDouble(), r.nextDouble(), r.nextDouble()};
            double[] b = {0.05, 0.1 * r.nextDouble() + 0.01, 0.2};
            double y = MixtureRef.sample(mu, b, 77, i, 0);
            pit[i] = (float) MixtureRef.cdf(mu, b, y);
        }
        assertTrue(Calibration.of(pit, null).ece() < 0.006);
    }

    @Test
    void theMaskSelectsPixels() {
        float[] pit = {0.5f, 0.5f, 0.01f, 0.99f};
        Calibration.Result all = Calibration.of(pit, null);
        Calibration.Result centre = Calibration.of(pit, new boolean[] {true, true, false, false});
        assertEquals(4, all.pixels());
        assertEquals(2, centre.pixels());
        assertEquals(1, centre.coverage()[0], 0, "both within the 5 % interval");
        assertEquals(0.5, all.coverage()[0], 0);
        assertThrows(IllegalArgumentException.class, () -> Calibration.of(pit, new boolean[4]));
        assertThrows(IllegalArgumentException.class, () -> Calibration.of(pit, new boolean[3]));
    }
}
