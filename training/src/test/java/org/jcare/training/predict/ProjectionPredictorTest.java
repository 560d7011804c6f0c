package org.jcare.training.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.io.image.FloatImage;
import org.jcare.training.config.ProjectionParams;
import org.jcare.training.model.ProjectionNetwork;
import org.jcare.training.model.ProjectionSpec;
import org.jcare.training.model.UNetSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Projection prediction: tiles in Y and X with the whole Z equal the whole image, 2D output, surface weights. */
class ProjectionPredictorTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static ProjectionNetwork smallNet(boolean probabilistic, long seed) {
        ProjectionSpec spec = new ProjectionSpec(1, new ProjectionParams("Z", 2, 4, 1, new int[] {3, 3, 3},
                new int[] {1, 2, 2}), new UNetSpec(2, 1, 1, 2, new int[] {3, 3}, 4, true, probabilistic, false,
                new int[] {2, 2}));
        return new ProjectionNetwork(engine, spec).initialize(seed);
    }

    @Test
    void tiledEqualsWholeAndTheOutputDropsZ() {
        try (ProjectionNetwork net = smallNet(true, 4)) {
            FloatImage img = IsotropicPredictorTest.random(3, 7, 45, 38);
            ProjectionPredictor p = new ProjectionPredictor(net);
            ProjectionPredictor.Result whole = p.predict(img, PredictOptions.defaults().withTiles(1, 1),
                    PredictionListener.NONE, true);
            ProjectionPredictor.Result tiled = p.predict(img, PredictOptions.defaults().withTiles(1, 3, 2),
                    PredictionListener.NONE, true);
            assertEquals("YX", whole.restoration().mean().axes().letters());
            assertArrayEquals(new long[] {45, 38}, whole.restoration().mean().shape());
            assertTrue(IsotropicPredictorTest.maxRelDiff(whole.restoration().mean(), tiled.restoration().mean()) < 1e-4);
            assertTrue(IsotropicPredictorTest.maxRelDiff(whole.restoration().scale(), tiled.restoration().scale())
                    < 1e-4);
            assertTrue(IsotropicPredictorTest.maxRelDiff(whole.weights(), tiled.weights()) < 1e-4);
            assertArrayEquals(new long[] {7, 45, 38}, whole.weights().shape());
            float[] w = whole.weights().toArray();
            int plane = 45 * 38;
            for (int i = 0; i < plane; i += 97) {
                double s = 0;
                for (int z = 0; z < 7; z++) {
                    s += w[z * plane + i];
                }
                assertEquals(1, s, 1e-5);
            }
            assertThrows(IllegalArgumentException.class, () -> p.predict(img, PredictOptions.defaults().withTiles(2, 1,
                    1), PredictionListener.NONE));
        }
    }

    @Test
    void aWholeImageEqualsOneForwardPassWithNormalizationUndone() {
        try (ProjectionNetwork net = smallNet(false, 8)) {
            FloatImage img = IsotropicPredictorTest.random(5, 3, 16, 16);
            Restoration r = new ProjectionPredictor(net).predict(img, PredictOptions.defaults(),
                    PredictionListener.NONE);
            PercentileNormalizer norm = PercentileNormalizer.fit(img);
            float[] x = norm.normalize(img).toArray();
            float[] direct;
            try (Scope s = engine.scope(); var noGrad = engine.noGrad()) {
                direct = net.forward(engine.tensor(Shape.of(1, 1, 3, 16, 16), x)).toArray();
            }
            float[] m = r.mean().toArray();
            for (int i = 0; i < m.length; i++) {
                assertEquals(norm.undoMean(0, direct[i]), m[i], 1e-3);
            }
        }
    }

    @Test
    void aPlannedBudgetTilesOnlyYAndX() {
        try (ProjectionNetwork net = smallNet(false, 2)) {
            FloatImage img = IsotropicPredictorTest.random(4, 5, 192, 160);
            ProjectionPredictor p = new ProjectionPredictor(net);
            Restoration whole = p.predict(img, PredictOptions.defaults().withTiles(1, 1), PredictionListener.NONE);
            Restoration planned = p.predict(img, PredictOptions.defaults().withMemoryBudget(16_000_000),
                    PredictionListener.NONE);
            assertEquals(1, planned.tilesPerAxis()[0]);
            assertTrue(planned.tilesPerAxis()[1] * planned.tilesPerAxis()[2] > 1, "the budget forces tiles");
            assertTrue(IsotropicPredictorTest.maxRelDiff(whole.mean(), planned.mean()) < 1e-4);
        }
    }
}
