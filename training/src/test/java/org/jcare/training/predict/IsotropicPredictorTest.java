package org.jcare.training.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.SplittableRandom;
import org.jcare.engine.Engine;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.training.Fixtures;
import org.jcare.training.model.UNet;
import org.jcare.training.model.UNetSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CSBDeep's IsotropicCARE.predict: against the numpy/scipy replica of make_task_fixtures.py with a network whose
 * weights make it shift its input one pixel left along its X (so the two rotations and the reversal of Z in the first
 * are visible in the result), tiled against whole slices, probabilistic scales, calibration.
 */
class IsotropicPredictorTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** A depth-2 U-Net (2 filters) whose output is relu(input) shifted left by one column along X, 0 at the edge. */
    static UNet shiftLeftNet() {
        UNet net = new UNet(engine, new UNetSpec(2, 1, 1, 2, new int[] {3, 3}, 2, false, false, false,
                new int[] {2, 2}));
        float[] flat = new float[Math.toIntExact(net.parameters().flatLength())];
        set(net, flat, "down_level_0_no_0.weight", new int[] {0, 0, 1, 1});
        set(net, flat, "down_level_0_no_1.weight", new int[] {0, 0, 1, 1});
        // up_level_0_no_0 reads [upsampled (2), skip (2)]: skip channel 0 at column offset +1
        set(net, flat, "up_level_0_no_0.weight", new int[] {0, 2, 1, 2});
        set(net, flat, "up_level_0_no_2.weight", new int[] {0, 0, 1, 1});
        set(net, flat, "head.weight", new int[] {0, 0, 0, 0});
        net.parameters().writeValues(flat);
        return net;
    }

    private static void set(UNet net, float[] flat, String name, int[] index) {
        var p = net.parameters().get(name);
        long[] d = p.shape().dims();
        long off = 0;
        for (int i = 0; i < d.length; i++) {
            off = off * d[i] + index[i];
        }
        flat[(int) (p.offset() + off)] = 1;
    }

    @Test
    void matchesTheNumpyReplicaOfCsbdeep() {
        try (UNet net = shiftLeftNet()) {
            for (JsonNode c : Fixtures.json("task_modes.json").get("isotropic")) {
                FloatImage img = FloatImage.of("ZYX", Fixtures.longs(c.get("shape")), Fixtures.floats(c.get("input")));
                double f = c.get("factor").doubleValue();
                Restoration r = new IsotropicPredictor(net, f).predict(img, PredictOptions.defaults(),
                        PredictionListener.NONE);
                assertArrayEquals(Fixtures.longs(c.get("output_shape")), r.mean().shape(), "Z' = round(Z f)");
                float[] expected = Fixtures.floats(c.get("output"));
                float[] actual = r.mean().toArray();
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 2e-4 * Math.abs(expected[i]) + 1e-3, "factor " + f + " at " + i);
                }
            }
        }
    }

    @Test
    void tiledSlicesEqualWholeSlicesAndScalesAreTheMaximum() {
        UNetSpec spec = new UNetSpec(2, 1, 1, 2, new int[] {3, 3}, 4, true, true, false, new int[] {2, 2});
        try (UNet net = new UNet(engine, spec).initialize(3)) {
            FloatImage img = random(1, 6, 40, 36);
            IsotropicPredictor p = new IsotropicPredictor(net, 4);
            Restoration whole = p.predict(img, PredictOptions.defaults().withTiles(1, 1), PredictionListener.NONE);
            Restoration tiled = p.predict(img, PredictOptions.defaults().withTiles(3, 2), PredictionListener.NONE);
            assertArrayEquals(new long[] {24, 40, 36}, whole.mean().shape());
            assertTrue(maxRelDiff(whole.mean(), tiled.mean()) < 1e-4, "tiled mean differs by "
                    + maxRelDiff(whole.mean(), tiled.mean()));
            assertTrue(maxRelDiff(whole.scale(), tiled.scale()) < 1e-4);
            for (float v : whole.scale().toArray()) {
                assertTrue(v > 0, "Laplace scales are positive");
            }
            // a small memory budget makes the planner tile and batch the slices: still the same result
            Restoration planned = p.predict(img, PredictOptions.defaults().withMemoryBudget(600_000),
                    PredictionListener.NONE);
            assertTrue(maxRelDiff(whole.mean(), planned.mean()) < 1e-4);
        }
    }

    @Test
    void outputCalibrationDividesZSpacingByTheFactor() {
        try (UNet net = shiftLeftNet()) {
            IsotropicPredictor p = new IsotropicPredictor(net, 2.5);
            Calibration c = p.outputCalibration(new Calibration(0.1, 0.1, 0.5, "micron", 0));
            assertEquals(0.2, c.z(), 1e-12);
            FloatImage img = random(2, 4, 8, 8).withCalibration(new Calibration(0.1, 0.1, 0.5, "micron", 0));
            Restoration r = p.predict(img, PredictOptions.defaults(), PredictionListener.NONE);
            assertEquals(0.2, r.mean().calibration().z(), 1e-12);
            assertEquals(10, r.mean().size('Z'));
            assertThrows(IllegalArgumentException.class, () -> p.predict(FloatImage.zeros("YX", 8, 8),
                    PredictOptions.defaults(), PredictionListener.NONE));
        }
    }

    static FloatImage random(long seed, long... shape) {
        FloatImage img = FloatImage.zeros("ZYX", shape);
        SplittableRandom r = new SplittableRandom(seed);
        for (int p = 0; p < img.planeCount(); p++) {
            float[] plane = img.plane(p);
            for (int i = 0; i < plane.length; i++) {
                plane[i] = (float) (100 + 50 * r.nextDouble() + 30 * Math.sin(i * 0.05 + p));
            }
        }
        return img;
    }

    static double maxRelDiff(FloatImage a, FloatImage b) {
        assertArrayEquals(a.shape(), b.shape());
        float[] x = a.toArray();
        float[] y = b.toArray();
        double worst = 0;
        double scale = 0;
        for (float v : x) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs(x[i] - y[i]) / scale);
        }
        return worst;
    }
}
