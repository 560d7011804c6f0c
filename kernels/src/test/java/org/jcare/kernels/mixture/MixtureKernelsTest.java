package org.jcare.kernels.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code mixture.cl} kernels against {@link MixtureRef} on a grid of pixel counts (1, odd, not multiples of the
 * work-group) and member counts (1 to 17, past the default build's 16), in normalized units and in raw units.
 */
class MixtureKernelsTest {
    private static final int[] PIXELS = {1, 7, 255, 1000};
    private static final int[] MEMBERS = {1, 2, 3, 5, 8, 17};
    private static final float[] LEVELS = {0.005f, 0.025f, 0.05f, 0.25f, 0.5f, 0.75f, 0.95f, 0.975f, 0.995f};
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** Random members of n pixels, float32-exact: locations and scales per member and pixel. */
    private record Case(int m, int n, float[][] mu, float[][] b, float[] factors) {
        static Case random(int m, int n, long seed, double offset, double unit, double maxRatioLog10) {
            Random r = new Random(seed);
            float[][] mu = new float[m][n];
            float[][] b = new float[m][n];
            float[] f = new float[m];
            for (int k = 0; k < m; k++) {
                f[k] = 1;
                for (int i = 0; i < n; i++) {
                    // members agree more or less depending on the pixel, as ensembles do
                    double spread = Math.pow(10, -3 + 3 * r.nextDouble());
                    mu[k][i] = (float) (offset + unit * (0.5 + spread * r.nextGaussian()));
                    b[k][i] = (float) (unit * 0.05 * Math.pow(10, maxRatioLog10 * (r.nextDouble() - 0.5)));
                }
            }
            return new Case(m, n, mu, b, f);
        }

        double[] muAt(int i) {
            double[] v = new double[m];
            for (int k = 0; k < m; k++) {
                v[k] = mu[k][i];
            }
            return v;
        }

        double[] bAt(int i) {
            double[] v = new double[m];
            for (int k = 0; k < m; k++) {
                v[k] = (double) b[k][i] * factors[k];
            }
            return v;
        }

        double bMax(int i) {
            double big = 0;
            for (double v : bAt(i)) {
                big = Math.max(big, v);
            }
            return big;
        }

        /** The members stacked [m][mu of n, b of n] as a network output. */
        MixtureMembers upload(Engine e) {
            float[] data = new float[2 * m * n];
            for (int k = 0; k < m; k++) {
                System.arraycopy(mu[k], 0, data, 2 * k * n, n);
                System.arraycopy(b[k], 0, data, 2 * k * n + n, n);
            }
            return MixtureMembers.stacked(e.tensor(Shape.of(data.length), data), e.tensor(Shape.of(m), factors), m, n,
                    true);
        }
    }

    @Test
    void momentsMatchTheReference() {
        long seed = 1;
        for (int n : PIXELS) {
            for (int m : MEMBERS) {
                Case c = Case.random(m, n, seed++, 0, 1, 1);
                try (Scope s = engine.scope()) {
                    Tensor out = engine.empty(Shape.of(3, n));
                    Mixture.moments(out, c.upload(engine), 0, 1, 2);
                    float[] o = out.toArray();
                    for (int i = 0; i < n; i++) {
                        double mean = MixtureRef.mean(c.muAt(i));
                        double var = MixtureRef.variance(c.muAt(i), c.bAt(i));
                        String what = "moments M " + m + " N " + n + " pixel " + i;
                        assertEquals(mean, o[i], 1e-6 * Math.max(1, Math.abs(mean)), what);
                        assertEquals(var, o[n + i], 1e-5 * var + 1e-12, what);
                        assertEquals(Math.sqrt(var), o[2 * n + i], 1e-5 * Math.sqrt(var), what);
                    }
                }
            }
        }
    }

    @Test
    void plainMembersGiveMeanAndSpread() {
        Case c = Case.random(4, 33, 5, 0, 1, 1);
        try (Scope s = engine.scope()) {
            float[] data = new float[4 * 33];
            for (int k = 0; k < 4; k++) {
                System.arraycopy(c.mu()[k], 0, data, k * 33, 33);
            }
            MixtureMembers plain = MixtureMembers.stacked(engine.tensor(Shape.of(data.length), data),
                    engine.full(Shape.of(4), 1f), 4, 33, false);
            Tensor out = engine.full(Shape.of(2, 33), Float.NaN);
            Mixture.moments(out, plain, 1, -1, 0);
            float[] o = out.toArray();
            for (int i = 0; i < 33; i++) {
                assertEquals(MixtureRef.mean(c.muAt(i)), o[33 + i], 1e-6);
                assertEquals(Math.sqrt(MixtureRef.variance(c.muAt(i), null)), o[i], 1e-5);
            }
            assertThrows(IllegalArgumentException.class, () -> Mixture.disagreement(out, plain, 0, -1));
        }
    }

    @Test
    void cdfMatchesTheReference() {
        long seed = 100;
        for (int n : PIXELS) {
            for (int m : MEMBERS) {
                Case c = Case.random(m, n, seed++, 0, 1, 1);
                Random r = new Random(seed);
                float[] y = new float[n];
                for (int i = 0; i < n; i++) {
                    y[i] = (float) (0.5 + 0.2 * r.nextGaussian());
                }
                try (Scope s = engine.scope()) {
                    Tensor out = engine.empty(Shape.of(n));
                    Mixture.cdf(out, c.upload(engine), engine.tensor(Shape.of(n), y));
                    float[] o = out.toArray();
                    for (int i = 0; i < n; i++) {
                        assertEquals(MixtureRef.cdf(c.muAt(i), c.bAt(i), y[i]), o[i], 3e-7,
                                "cdf M " + m + " N " + n + " pixel " + i);
                    }
                }
            }
        }
    }

    /**
     * Each device quantile lies within 1e-5 of the largest member scale (plus 2 float32 ulp of the value) of the
     * float64 bisection, unless the mixture cdf is flat there (members many scales apart, p between them): then every
     * point of the gap is the quantile to float precision, and the check is on the probability instead,
     * |Fbar(q) - p| <= 1e-7.
     */
    @Test
    void quantilesAreExactToOneHundredThousandthOfTheScale() {
        long seed = 200;
        double worst = 0;
        int flat = 0;
        int total = 0;
        // normalized units with scale ratios up to 10 and 1000 between members, and raw 16-bit-like units
        double[][] units = {{0, 1, 1}, {0, 1, 3}, {1000, 500, 1}};
        for (double[] u : units) {
            for (int n : PIXELS) {
                for (int m : MEMBERS) {
                    Case c = Case.random(m, n, seed++, u[0], u[1], u[2]);
                    try (Scope s = engine.scope()) {
                        Tensor out = engine.full(Shape.of(LEVELS.length + 1, n), Float.NaN);
                        Mixture.quantiles(out, c.upload(engine), Mixture.levels(engine, LEVELS), 1);
                        float[] o = out.toArray();
                        for (int l = 0; l < LEVELS.length; l++) {
                            for (int i = 0; i < n; i++) {
                                double p = LEVELS[l];
                                double q = MixtureRef.quantile(c.muAt(i), c.bAt(i), p);
                                double got = o[(l + 1) * n + i];
                                double err = Math.abs(got - q) / c.bMax(i);
                                double ulps = 2 * Math.ulp((float) q) / c.bMax(i);
                                double residual = p <= 0.5 ? Math.abs(MixtureRef.cdf(c.muAt(i), c.bAt(i), got) - p)
                                        : Math.abs(MixtureRef.survival(c.muAt(i), c.bAt(i), got) - (1 - p));
                                total++;
                                if (err > 1e-5 + ulps) {
                                    flat++;
                                    assertTrue(residual <= 1e-7, "quantile " + p + " M " + m + " N " + n + " pixel "
                                            + i + ": " + got + " vs " + q + " (" + err + " of the largest scale), cdf"
                                            + " off by " + residual + "; mu " + java.util.Arrays.toString(c.muAt(i))
                                            + " b " + java.util.Arrays.toString(c.bAt(i)));
                                } else {
                                    worst = Math.max(worst, err - ulps);
                                }
                            }
                        }
                    }
                }
            }
        }
        System.out.println("mixture_quantile: largest error beyond 2 ulp, in units of the largest scale: " + worst
                + "; " + flat + " of " + total + " quantiles in flat stretches of the cdf (checked in probability)");
    }

    @Test
    void disagreementMatchesTheReference() {
        long seed = 300;
        double worst = 0;
        for (double ratio : new double[] {0.5, 2.5}) {
            for (int n : new int[] {1, 7, 255, 301}) {
                for (int m : MEMBERS) {
                    Case c = Case.random(m, n, seed++, 0, 1, ratio);
                    try (Scope s = engine.scope()) {
                        Tensor out = engine.empty(Shape.of(2, n));
                        Mixture.disagreement(out, c.upload(engine), 1, 0);
                        float[] o = out.toArray();
                        for (int i = 0; i < n; i++) {
                            double d = MixtureRef.disagreement(c.muAt(i), c.bAt(i));
                            worst = Math.max(worst, Math.abs(o[n + i] - d));
                            String what = "D M " + m + " N " + n + " pixel " + i;
                            assertEquals(d, o[n + i], 2e-6 + 2e-5 * d, what);
                            assertEquals(m == 1 ? 0 : d / Math.log(m), o[i], 2e-6 + 2e-5 * d, what);
                        }
                    }
                }
            }
        }
        System.out.println("mixture_disagreement: largest |error| against the float64 rule " + worst + " nats");
    }

    @Test
    void identicalMembersDisagreeByExactlyZeroAndSeparatedOnesByLnM() {
        int n = 50;
        for (int m : new int[] {1, 2, 5, 17}) {
            Case c = Case.random(1, n, 400 + m, 0, 1, 1);
            float[][] mu = new float[m][];
            float[][] b = new float[m][];
            float[] f = new float[m];
            for (int k = 0; k < m; k++) {
                mu[k] = c.mu()[0];
                b[k] = c.b()[0];
                f[k] = 1;
            }
            try (Scope s = engine.scope()) {
                Tensor out = engine.full(Shape.of(n), Float.NaN);
                Mixture.disagreement(out, new Case(m, n, mu, b, f).upload(engine), 0, -1);
                for (float v : out.toArray()) {
                    assertEquals(0f, v, 0f, "identical members, M = " + m);
                }
            }
        }
        float[][] far = {{0f}, {300f}, {600f}};
        float[][] scales = {{1f}, {2f}, {1.5f}};
        try (Scope s = engine.scope()) {
            Tensor out = engine.empty(Shape.of(2));
            Mixture.disagreement(out, new Case(3, 1, far, scales, new float[] {1, 1, 1}).upload(engine), 0, 1);
            assertEquals(Math.log(3), out.toArray()[0], 1e-5);
            assertEquals(1, out.toArray()[1], 1e-5);
        }
    }

    @Test
    void scaleFactorsMultiplyTheScales() {
        Case c = Case.random(3, 17, 500, 0, 1, 1);
        float[] f = {0.5f, 2f, 1.25f};
        Case scaled = new Case(3, 17, c.mu(), c.b(), f);
        try (Scope s = engine.scope()) {
            Tensor out = engine.empty(Shape.of(2, 17));
            MixtureMembers x = scaled.upload(engine);
            Mixture.moments(out, x, -1, 0, -1);
            Mixture.disagreement(out, x, 1, -1);
            float[] o = out.toArray();
            for (int i = 0; i < 17; i++) {
                assertEquals(MixtureRef.variance(scaled.muAt(i), scaled.bAt(i)), o[i], 1e-5 * o[i]);
                assertEquals(MixtureRef.disagreement(scaled.muAt(i), scaled.bAt(i)), o[17 + i], 2e-6);
            }
        }
    }

    @Test
    void samplesMatchTheReferenceAndDoNotDependOnTheTiling() {
        int m = 5;
        int h = 9;
        int w = 13;
        Case c = Case.random(m, h * w, 600, 0, 1, 1);
        int k = 3;
        float[] whole;
        try (Scope s = engine.scope()) {
            Tensor out = engine.empty(Shape.of(k, h * w));
            Mixture.samples(out, c.upload(engine), 42, k, 0, SampleKeys.whole(1, 1, h, w, 2));
            whole = out.toArray();
        }
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < h * w; i++) {
                long key = SampleKeys.whole(1, 1, h, w, 2).key(i);
                double ref = MixtureRef.sample(c.muAt(i), c.bAt(i), 42, key, j);
                assertEquals(ref, whole[j * h * w + i], 2e-6 * c.bMax(i) + 1e-6, "sample " + j + " pixel " + i);
            }
        }
        // rows 4..8 of the image as a tile of its own (with one row above it, as a halo would be): same values
        int y0 = 3;
        int th = 6;
        float[][] mu = new float[m][th * w];
        float[][] b = new float[m][th * w];
        for (int q = 0; q < m; q++) {
            System.arraycopy(c.mu()[q], y0 * w, mu[q], 0, th * w);
            System.arraycopy(c.b()[q], y0 * w, b[q], 0, th * w);
        }
        try (Scope s = engine.scope()) {
            Tensor out = engine.empty(Shape.of(k, th * w));
            Mixture.samples(out, new Case(m, th * w, mu, b, c.factors()).upload(engine), 42, k, 0,
                    new SampleKeys(1, 1, th, w, 0, y0, 0, 1, h, w, 2));
            float[] tile = out.toArray();
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < th * w; i++) {
                    assertEquals(whole[j * h * w + y0 * w + i], tile[j * th * w + i], 0f, "tile pixel " + i);
                }
            }
        }
    }

    @Test
    void badArgumentsAreErrorsNamingTheSizes() {
        Case c = Case.random(2, 10, 700, 0, 1, 1);
        try (Scope s = engine.scope()) {
            MixtureMembers x = c.upload(engine);
            Tensor small = engine.empty(Shape.of(15));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Mixture.moments(small, x, 0, 1, -1));
            assertTrue(e.getMessage().contains("[15]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Mixture.levels(engine, 0.5f, 1f));
            assertThrows(IllegalArgumentException.class, () -> MixtureMembers.stacked(x.data(), x.factors(), 3, 10,
                    true));
            assertThrows(IllegalArgumentException.class, () -> Mixture.samples(engine.empty(Shape.of(10)), x, 1, 1, 0,
                    SampleKeys.whole(1, 1, 3, 3, 0)));
        }
    }
}
