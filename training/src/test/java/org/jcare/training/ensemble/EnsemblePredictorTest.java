package org.jcare.training.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.jcare.engine.Engine;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.kernels.mixture.MixtureRef;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.ProjectionParams;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.model.CareNetwork;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.PredictionListener;
import org.jcare.training.predict.Restoration;
import org.jcare.training.task.TaskNetworks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every task restores as an ensemble: three members of tiny networks (different seeds) of the standard, upsampling,
 * isotropic and projection tasks. Each member's image equals that network restored alone by its task's predictor (the
 * shared tile reading changes nothing), and the readouts equal the float64 mixture reference ({@link MixtureRef}) of
 * those member images, with the ensemble's scale factor applied.
 */
class EnsemblePredictorTest {
    private static final int M = 3;
    private static final float FACTOR = 1.5f;
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static CareConfig.Builder tiny(String axes, TaskSpec task, boolean probabilistic) {
        return CareConfig.builder(axes).task(task).probabilistic(probabilistic).unetNDepth(1).unetNFirst(4)
                .unetKernSize(3);
    }

    @Test
    void standard() {
        FloatImage img = image(11, "YX", 24, 30);
        check(tiny("YX", TaskSpec.STANDARD, true).build(), img, new long[] {24, 30}, 1);
    }

    @Test
    void upsamplingZoomsZThenRunsTheMembersPerTile() {
        FloatImage img = image(12, "ZYX", 5, 16, 20).withCalibration(new Calibration(0.2, 0.2, 0.8, "micron", 0));
        EnsembleRestoration r = check(tiny("ZYX", TaskSpec.upsampling(2, null), true).build(), img,
                new long[] {10, 16, 20}, 1);
        assertEquals(0.4, r.mean().calibration().z(), 1e-9, "Z spacing / factor");
    }

    @Test
    void isotropicRestoresEveryMemberInOnePassThenMixes() {
        FloatImage img = image(13, "ZYX", 6, 16, 16);
        check(tiny("YX", TaskSpec.isotropic(2, null), true).build(), img, new long[] {12, 16, 16}, 1);
    }

    @Test
    void projectionRestoresEveryMemberInOnePassThenMixes() {
        FloatImage img = image(14, "ZYX", 5, 16, 20);
        CareConfig c = tiny("ZYX", TaskSpec.ofProjection(new ProjectionParams("Z", 1, 4, 1, new int[] {3, 3, 3},
                new int[] {1, 2, 2})), true).build();
        check(c, img, new long[] {16, 20}, 1);
    }

    @Test
    void plainMembersOfATaskGiveMeanAndSpread() {
        FloatImage img = image(15, "ZYX", 6, 16, 16);
        CareConfig c = tiny("YX", TaskSpec.isotropic(2, null), false).build();
        List<CareNetwork> nets = members(c);
        try {
            EnsembleReadouts spec = EnsembleReadouts.parse("var,std,members", 0);
            EnsembleRestoration r = new EnsemblePredictor(nets, c, null, factors(), spec).predict(img,
                    PredictOptions.defaults(), PredictionListener.NONE);
            float[][] mu = new float[M][];
            for (int k = 0; k < M; k++) {
                mu[k] = r.get("member" + (k + 1) + "_mean").toArray();
            }
            float[] mean = r.mean().toArray();
            float[] var = r.get("var").toArray();
            float[] std = r.get("std").toArray();
            for (int i = 0; i < mean.length; i += 7) {
                double[] m = column(mu, i);
                double scale = Math.max(1, Math.abs(MixtureRef.mean(m)));
                assertEquals(MixtureRef.mean(m), mean[i], 1e-5 * scale);
                assertEquals(MixtureRef.variance(m, null), var[i], 1e-5 * scale * scale);
                assertEquals(Math.sqrt(MixtureRef.variance(m, null)), std[i], 1e-4 * scale);
            }
            assertThrows(IllegalArgumentException.class, () -> new EnsemblePredictor(nets, c, null, factors(),
                    EnsembleReadouts.standard()), "D needs probabilistic members");
            assertThrows(IllegalArgumentException.class, () -> new EnsemblePredictor(nets, tiny("YX",
                    TaskSpec.STANDARD, false).build(), 2.0, factors(), spec), "a Z factor for a standard ensemble");
        } finally {
            nets.forEach(CareNetwork::close);
        }
    }

    /**
     * Restores {@code img} with an ensemble of {@code config}, checks shapes, member images against each network alone
     * and every readout against the float64 reference; returns the restoration.
     */
    private static EnsembleRestoration check(CareConfig config, FloatImage img, long[] outShape, int channels) {
        List<CareNetwork> nets = members(config);
        try {
            EnsembleReadouts spec = EnsembleReadouts.parse("var,std,interval80,samples:2,disagreement,members", 5);
            EnsemblePredictor p = new EnsemblePredictor(nets, config, null, factors(), spec);
            EnsembleRestoration r = p.predict(img, PredictOptions.defaults(), PredictionListener.NONE);
            assertEquals(M, r.members());
            for (FloatImage out : r.images().values()) {
                assertArrayEquals(outShape, squeeze(out.shape()), config.task() + ": " + out);
            }
            float[][] mu = new float[M][];
            float[][] b = new float[M][];
            for (int k = 0; k < M; k++) {
                Restoration alone = TaskNetworks.predictor(nets.get(k), config, null).predict(img,
                        PredictOptions.defaults(), PredictionListener.NONE);
                FloatImage mk = r.get("member" + (k + 1) + "_mean");
                FloatImage bk = r.get("member" + (k + 1) + "_scale");
                assertTrue(maxRelDiff(alone.mean(), mk) < 1e-5, "member " + (k + 1) + " mean as restored alone");
                assertTrue(maxRelDiff(alone.scale(), bk) < 1e-5, "member " + (k + 1) + " scale as restored alone");
                mu[k] = mk.toArray();
                b[k] = bk.toArray();
                for (int i = 0; i < b[k].length; i++) {
                    b[k][i] *= FACTOR;
                }
            }
            float[] mean = r.mean().toArray();
            float[] var = r.get("var").toArray();
            float[] std = r.get("std").toArray();
            float[] lo = r.get("interval80_lower").toArray();
            float[] hi = r.get("interval80_upper").toArray();
            float[] d = r.get("disagreement").toArray();
            float[] dn = r.get("disagreement_norm").toArray();
            float[] s1 = r.get("sample1").toArray();
            float[] s2 = r.get("sample2").toArray();
            double dSum = 0;
            int differentSamples = 0;
            for (int i = 0; i < mean.length; i++) {
                double[] m = column(mu, i);
                double[] s = column(b, i);
                double width = Arrays.stream(s).max().orElseThrow();
                double unit = Math.max(width, 1e-4 * Math.abs(MixtureRef.mean(m)));
                assertEquals(MixtureRef.mean(m), mean[i], 1e-4 * unit, "mean at " + i);
                double v = MixtureRef.variance(m, s);
                assertEquals(v, var[i], 1e-4 * v, "var at " + i);
                assertEquals(Math.sqrt(v), std[i], 1e-4 * Math.sqrt(v), "std at " + i);
                assertEquals(MixtureRef.quantile(m, s, 0.1), lo[i], 1e-4 * unit, "lower bound at " + i);
                assertEquals(MixtureRef.quantile(m, s, 0.9), hi[i], 1e-4 * unit, "upper bound at " + i);
                double dd = MixtureRef.disagreement(m, s);
                assertEquals(dd, d[i], 1e-4, "D at " + i);
                assertEquals(dd / Math.log(M), dn[i], 1e-4, "D / ln M at " + i);
                assertTrue(Float.isFinite(s1[i]) && Float.isFinite(s2[i]));
                dSum += dd;
                differentSamples += s1[i] != s2[i] ? 1 : 0;
            }
            assertTrue(dSum > 0, "members with different seeds disagree somewhere");
            assertTrue(differentSamples > mean.length / 2, "two samples differ");
            return r;
        } finally {
            nets.forEach(CareNetwork::close);
        }
    }

    private static List<CareNetwork> members(CareConfig config) {
        List<CareNetwork> nets = new ArrayList<>();
        for (int k = 0; k < M; k++) {
            nets.add(TaskNetworks.create(engine, config, 100 + k));
        }
        return nets;
    }

    private static float[] factors() {
        float[] f = new float[M];
        Arrays.fill(f, FACTOR);
        return f;
    }

    private static double[] column(float[][] a, int i) {
        double[] c = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            c[k] = a[k][i];
        }
        return c;
    }

    private static long[] squeeze(long[] shape) {
        return Arrays.stream(shape).filter(s -> s != 1).toArray();
    }

    private static FloatImage image(long seed, String axes, long... shape) {
        FloatImage img = FloatImage.zeros(axes, shape);
        SplittableRandom r = new SplittableRandom(seed);
        for (int p = 0; p < img.planeCount(); p++) {
            float[] plane = img.plane(p);
            for (int i = 0; i < plane.length; i++) {
                plane[i] = (float) (100 + 50 * r.nextDouble() + 30 * Math.sin(i * 0.05 + p));
            }
        }
        return img;
    }

    private static double maxRelDiff(FloatImage a, FloatImage b) {
        assertArrayEquals(squeeze(a.shape()), squeeze(b.shape()));
        float[] x = a.toArray();
        float[] y = b.toArray();
        double scale = 1e-30;
        for (float v : x) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs(x[i] - y[i]) / scale);
        }
        return worst;
    }
}
