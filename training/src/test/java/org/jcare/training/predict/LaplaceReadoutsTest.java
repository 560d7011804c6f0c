package org.jcare.training.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.jcare.training.Fixtures;
import org.junit.jupiter.api.Test;

class LaplaceReadoutsTest {
    @Test
    void matchesScipyLaplace() {
        for (JsonNode c : Fixtures.json("laplace.json").get("cases")) {
            double mu = c.get("loc").doubleValue();
            double b = c.get("scale").doubleValue();
            double[] p = Fixtures.doubles(c.get("p"));
            double[] ppf = Fixtures.doubles(c.get("ppf"));
            for (int i = 0; i < p.length; i++) {
                assertEquals(ppf[i], LaplaceReadouts.quantile(mu, b, p[i]), 1e-12, "ppf " + p[i]);
            }
            double[] x = Fixtures.doubles(c.get("x"));
            double[] cdf = Fixtures.doubles(c.get("cdf"));
            double[] pdf = Fixtures.doubles(c.get("pdf"));
            for (int i = 0; i < x.length; i++) {
                assertEquals(cdf[i], LaplaceReadouts.cdf(mu, b, x[i]), 1e-12, "cdf " + x[i]);
                assertEquals(pdf[i], LaplaceReadouts.pdf(mu, b, x[i]), 1e-12, "pdf " + x[i]);
            }
            assertEquals(c.get("var").doubleValue(), LaplaceReadouts.variance(b), 1e-12);
            assertEquals(c.get("std").doubleValue(), LaplaceReadouts.std(b), 1e-12);
            assertEquals(c.get("entropy").doubleValue(), LaplaceReadouts.entropy(b), 1e-12);
            double[] i90 = Fixtures.doubles(c.get("interval90"));
            double w90 = LaplaceReadouts.intervalHalfWidth(b, 0.9);
            assertEquals(i90[0], mu - w90, 1e-12);
            assertEquals(i90[1], mu + w90, 1e-12);
            double[] i50 = Fixtures.doubles(c.get("interval50"));
            assertEquals(i50[1] - mu, LaplaceReadouts.intervalHalfWidth(b, 0.5), 1e-12);
        }
    }

    @Test
    void ninetyPercentIntervalIsMuPlusMinusBLnTen() {
        float[][] iv = LaplaceReadouts.interval(new float[] {1f}, new float[] {2f}, 0.9);
        assertEquals(1 - 2 * Math.log(10), iv[0][0], 1e-6);
        assertEquals(1 + 2 * Math.log(10), iv[1][0], 1e-6);
        assertEquals(0.9, LaplaceReadouts.cdf(1, 2, iv[1][0]) - LaplaceReadouts.cdf(1, 2, iv[0][0]), 1e-6);
    }

    @Test
    void arrayReadouts() {
        float[] b = {0.5f, 2f};
        assertArrayEquals(new float[] {0.5f, 8f}, LaplaceReadouts.variance(b));
        assertArrayEquals(new float[] {(float) (Math.sqrt(2) * 0.5), (float) (Math.sqrt(2) * 2)},
                LaplaceReadouts.std(b));
        assertArrayEquals(new float[] {1f, (float) (1 + Math.log(4))}, LaplaceReadouts.entropy(b));
        assertArrayEquals(new float[] {3f, -1f}, LaplaceReadouts.quantile(new float[] {3f, -1f}, b, 0.5));
    }

    @Test
    void samplesAreSeededFiniteAndLaplaceDistributed() {
        int n = 200_000;
        float[] mu = new float[n];
        float[] b = new float[n];
        Arrays.fill(mu, 3f);
        Arrays.fill(b, 0.5f);
        float[] s = LaplaceReadouts.sample(mu, b, 99);
        assertArrayEquals(s, LaplaceReadouts.sample(mu, b, 99), "same seed, same samples");
        double mean = 0;
        double mad = 0;
        int inside = 0;
        double w = LaplaceReadouts.intervalHalfWidth(0.5, 0.9);
        for (float v : s) {
            assertTrue(Float.isFinite(v));
            mean += v;
            mad += Math.abs(v - 3);
            if (Math.abs(v - 3) <= w) {
                inside++;
            }
        }
        assertEquals(3, mean / n, 0.01);
        assertEquals(0.5, mad / n, 0.01, "E|X - mu| = b");
        assertEquals(0.9, inside / (double) n, 0.005);
        assertTrue(Float.isFinite((float) LaplaceReadouts.sample(0, 1, new SplittableRandom(1))));
    }

    @Test
    void badArgumentsAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> LaplaceReadouts.quantile(0, 1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> LaplaceReadouts.intervalHalfWidth(1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> LaplaceReadouts.sample(new float[2], new float[3], 1));
    }
}
