package org.jcare.training.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jcare.engine.Engine;
import org.jcare.io.image.FloatImage;
import org.jcare.kernels.mixture.MixtureRef;
import org.jcare.training.model.UNet;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.PredictionListener;
import org.jcare.training.predict.TiledOutputs;
import org.jcare.training.predict.TiledPredictor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Readouts of member images on the host equal those of the tiled path, samples included. */
class MixtureImagesTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void memberImagesGiveTheReadoutsOfTheTiledPath() {
        List<UNet> nets = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            nets.add(new UNet(engine, new org.jcare.training.model.UNetSpec(2, 1, 1, 1, new int[] {3, 3}, 4, true,
                    true, false, new int[] {2, 2})).initialize(20 + k));
        }
        EnsembleReadouts spec = EnsembleReadouts.parse("var,interval80,samples:2,disagreement", 4);
        // a time series of two frames: the samples' keys include the time point
        FloatImage img = EnsembleTileProgramTest.random("TYX", 5, 2, 30, 34);
        try (EnsembleTileProgram tiled = new EnsembleTileProgram(nets, true, new float[] {1, 1, 1}, spec);
             EnsembleTileProgram members = new EnsembleTileProgram(nets, true, new float[] {1, 1, 1},
                     EnsembleReadouts.memberPredictions())) {
            TiledOutputs want = new TiledPredictor(tiled).predictOutputs(img, PredictOptions.defaults(),
                    PredictionListener.NONE);
            TiledOutputs m = new TiledPredictor(members).predictOutputs(img, PredictOptions.defaults(),
                    PredictionListener.NONE);
            Map<String, FloatImage> got = MixtureImages.readouts(engine, m.images().subList(1, 4),
                    m.images().subList(4, 7), new float[] {1, 1, 1}, spec, 2);
            for (int k = 0; k < tiled.outputs().size(); k++) {
                String name = tiled.outputs().get(k).name();
                FloatImage a = want.images().get(k);
                FloatImage b = got.get(name);
                for (int p = 0; p < a.planeCount(); p++) {
                    for (int i = 0; i < a.planeSize(); i++) {
                        float va = a.plane(p)[i];
                        assertEquals(va, b.plane(p)[i], 2e-3 * (1 + Math.abs(va)),
                                name + " plane " + p + " pixel " + i);
                    }
                }
            }
        } finally {
            nets.forEach(UNet::close);
        }
    }

    @Test
    void cdfMatchesTheReference() {
        SplittableRandom r = new SplittableRandom(1);
        int n = 1000;
        float[][] mu = new float[2][n];
        float[][] b = new float[2][n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 2; k++) {
                mu[k][i] = (float) r.nextDouble();
                b[k][i] = (float) (0.02 + 0.1 * r.nextDouble());
            }
            y[i] = (float) r.nextDouble();
        }
        float[] f = {1, 2};
        float[] cdf = MixtureImages.cdf(engine, mu, b, f, y);
        for (int i = 0; i < n; i++) {
            assertEquals(MixtureRef.cdf(new double[] {mu[0][i], mu[1][i]}, new double[] {b[0][i], 2.0 * b[1][i]}, y[i]),
                    cdf[i], 3e-7);
        }
        assertThrows(IllegalArgumentException.class, () -> MixtureImages.cdf(engine, mu, b, f, new float[3]));
    }
}
