package org.jcare.training.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jcare.engine.Engine;
import org.jcare.io.image.FloatImage;
import org.jcare.kernels.mixture.MixtureRef;
import org.jcare.training.model.UNet;
import org.jcare.training.model.UNetSpec;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.PredictionListener;
import org.jcare.training.predict.Restoration;
import org.jcare.training.predict.TiledOutputs;
import org.jcare.training.predict.TiledPredictor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-tile member loop against the members restored one by one: readouts of the ensemble restoration equal the
 * float64 mixture of the members' own restorations (normalization undone, any tiling), and tiles do not change them.
 */
class EnsembleTileProgramTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static FloatImage random(String axes, long seed, long... shape) {
        FloatImage img = FloatImage.zeros(axes, shape);
        SplittableRandom r = new SplittableRandom(seed);
        for (int p = 0; p < img.planeCount(); p++) {
            float[] plane = img.plane(p);
            for (int i = 0; i < plane.length; i++) {
                plane[i] = (float) (100 + 50 * r.nextDouble() + 30 * Math.sin(i * 0.05));
            }
        }
        return img;
    }

    static List<UNet> members(int nDim, int m, boolean probabilistic) {
        List<UNet> nets = new ArrayList<>();
        int[] k = nDim == 3 ? new int[] {3, 3, 3} : new int[] {3, 3};
        int[] pool = nDim == 3 ? new int[] {2, 2, 2} : new int[] {2, 2};
        for (int i = 0; i < m; i++) {
            nets.add(new UNet(engine, new UNetSpec(nDim, 1, 1, 1, k, 4, true, probabilistic, false, pool))
                    .initialize(10 + i));
        }
        return nets;
    }

    private static final EnsembleReadouts ALL = EnsembleReadouts.parse("var,std,interval90,interval50,samples:2,"
            + "disagreement,members", 9);

    @Test
    void readoutsEqualTheMixtureOfTheMembersRestoredOneByOne() {
        List<UNet> nets = members(2, 3, true);
        try {
            FloatImage img = random("YX", 1, 37, 45);
            PredictOptions options = PredictOptions.defaults();
            List<Restoration> alone = new ArrayList<>();
            for (UNet n : nets) {
                alone.add(new TiledPredictor(n).predict(img, options, PredictionListener.NONE));
            }
            float[] f = {1, 1, 1};
            try (EnsembleTileProgram p = new EnsembleTileProgram(nets, true, f, ALL)) {
                TiledOutputs out = new TiledPredictor(p).predictOutputs(img, options, PredictionListener.NONE);
                List<String> names = p.outputs().stream().map(o -> o.name()).toList();
                assertEquals(List.of("mean", "var", "std", "interval90_lower", "interval90_upper", "interval50_lower",
                        "interval50_upper", "sample1", "sample2", "disagreement", "disagreement_norm", "member1_mean",
                        "member2_mean", "member3_mean", "member1_scale", "member2_scale", "member3_scale"), names);
                int n = (int) img.numel();
                double worstQ = 0;
                for (int i = 0; i < n; i++) {
                    double[] mu = new double[3];
                    double[] b = new double[3];
                    for (int k = 0; k < 3; k++) {
                        mu[k] = alone.get(k).mean().plane(0)[i];
                        b[k] = alone.get(k).scale().plane(0)[i];
                    }
                    double bMax = Math.max(b[0], Math.max(b[1], b[2]));
                    double tol = 1e-4 * bMax + 1e-4;
                    assertEquals(MixtureRef.mean(mu), at(out, names, "mean", i), tol, "mean " + i);
                    assertEquals(MixtureRef.variance(mu, b), at(out, names, "var", i),
                            1e-4 * MixtureRef.variance(mu, b), "var " + i);
                    assertEquals(Math.sqrt(MixtureRef.variance(mu, b)), at(out, names, "std", i), tol, "std " + i);
                    double q = MixtureRef.quantile(mu, b, 0.05);
                    worstQ = Math.max(worstQ, Math.abs(q - at(out, names, "interval90_lower", i)) / bMax);
                    assertEquals(q, at(out, names, "interval90_lower", i), 3e-5 * bMax + 1e-4, "q05 " + i);
                    assertEquals(MixtureRef.quantile(mu, b, 0.75), at(out, names, "interval50_upper", i),
                            3e-5 * bMax + 1e-4, "q75 " + i);
                    double d = MixtureRef.disagreement(mu, b);
                    assertEquals(d, at(out, names, "disagreement", i), 1e-5 + 1e-4 * d, "D " + i);
                    assertEquals(d / Math.log(3), at(out, names, "disagreement_norm", i), 1e-5 + 1e-4 * d);
                    for (int k = 0; k < 3; k++) {
                        assertEquals(mu[k], at(out, names, "member" + (k + 1) + "_mean", i), 1e-4);
                        assertEquals(b[k], at(out, names, "member" + (k + 1) + "_scale", i), 1e-4);
                    }
                    // the sample of this pixel: member, then its Laplace, keyed by its place in the image
                    double s = MixtureRef.sample(mu, b, 9, i, 1);
                    assertEquals(s, at(out, names, "sample2", i), 1e-3 * (1 + Math.abs(s)), "sample " + i);
                }
                System.out.println("ensemble tile program: largest quantile error " + worstQ + " of the scale");
            }
        } finally {
            nets.forEach(UNet::close);
        }
    }

    @Test
    void tilesDoNotChangeTheReadoutsIn3d() {
        List<UNet> nets = members(3, 2, true);
        try (EnsembleTileProgram p = new EnsembleTileProgram(nets, true, new float[] {1, 1.5f}, ALL)) {
            FloatImage img = random("ZYX", 2, 17, 41, 46);
            PredictOptions options = PredictOptions.defaults();
            TiledOutputs whole = new TiledPredictor(p).predictOutputs(img, options.withTiles(1, 1, 1),
                    PredictionListener.NONE);
            TiledOutputs tiled = new TiledPredictor(p).predictOutputs(img, options.withTiles(2, 2, 3),
                    PredictionListener.NONE);
            int[] t = tiled.tilesPerAxis();
            assertTrue(t[0] * t[1] * t[2] >= 4, java.util.Arrays.toString(t));
            for (int k = 0; k < whole.images().size(); k++) {
                String name = p.outputs().get(k).name();
                FloatImage a = whole.images().get(k);
                FloatImage b = tiled.images().get(k);
                for (int q = 0; q < a.planeCount(); q++) {
                    for (int i = 0; i < a.planeSize(); i++) {
                        float va = a.plane(q)[i];
                        float vb = b.plane(q)[i];
                        // samples pick a member by a hash: a 1e-5 difference in a mean may flip nothing else
                        assertEquals(va, vb, 2e-3 * (1 + Math.abs(va)), name + " plane " + q + " pixel " + i);
                    }
                }
            }
        } finally {
            nets.forEach(UNet::close);
        }
    }

    @Test
    void plainMembersGiveTheirMeanAndSpread() {
        List<UNet> nets = members(2, 4, false);
        try (EnsembleTileProgram p = new EnsembleTileProgram(nets, false, new float[] {1, 1, 1, 1},
                EnsembleReadouts.parse("std,samples:1,members", 3))) {
            FloatImage img = random("YX", 3, 24, 30);
            TiledOutputs out = new TiledPredictor(p).predictOutputs(img, PredictOptions.defaults(),
                    PredictionListener.NONE);
            List<String> names = p.outputs().stream().map(o -> o.name()).toList();
            assertEquals(List.of("mean", "std", "sample1", "member1_mean", "member2_mean", "member3_mean",
                    "member4_mean"), names);
            for (int i = 0; i < img.numel(); i++) {
                double[] mu = new double[4];
                for (int k = 0; k < 4; k++) {
                    mu[k] = at(out, names, "member" + (k + 1) + "_mean", i);
                }
                assertEquals(MixtureRef.mean(mu), at(out, names, "mean", i), 1e-3);
                assertEquals(Math.sqrt(MixtureRef.variance(mu, null)), at(out, names, "std", i), 1e-3);
                double s = at(out, names, "sample1", i);
                assertTrue(s == (float) mu[0] || Math.abs(s - mu[0]) < 1e-3 || Math.abs(s - mu[1]) < 1e-3
                        || Math.abs(s - mu[2]) < 1e-3 || Math.abs(s - mu[3]) < 1e-3, "a sample is a member's mean");
            }
            assertThrows(IllegalArgumentException.class, () -> new EnsembleTileProgram(nets, false,
                    new float[] {1, 1, 1, 1}, EnsembleReadouts.standard()));
        } finally {
            nets.forEach(UNet::close);
        }
    }

    @Test
    void membersMustShareTheirGeometry() {
        List<UNet> nets = members(2, 1, true);
        nets.addAll(members(3, 1, true));
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new EnsembleTileProgram(nets, true, new float[] {1, 1}, EnsembleReadouts.standard()));
            assertTrue(e.getMessage().contains("member 2"), e.getMessage());
        } finally {
            nets.forEach(UNet::close);
        }
    }

    private static float at(TiledOutputs out, List<String> names, String name, int i) {
        return out.images().get(names.indexOf(name)).plane(0)[i];
    }
}
