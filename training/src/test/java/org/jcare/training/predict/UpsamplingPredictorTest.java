package org.jcare.training.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jcare.engine.Engine;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.training.model.UNet;
import org.jcare.training.model.UNetSpec;
import org.jcare.optics.resample.ScipyZoom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** UpsamplingCARE.predict: scipy's linear zoom of the raw stack, then the standard tiled restoration. */
class UpsamplingPredictorTest {
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
    void zoomsTheRawStackBeforeTheStandardRestoration() {
        UNetSpec spec = new UNetSpec(3, 1, 1, 1, new int[] {3, 3, 3}, 2, true, false, false, new int[] {2, 2, 2});
        try (UNet net = new UNet(engine, spec).initialize(6)) {
            FloatImage img = IsotropicPredictorTest.random(9, 5, 12, 10)
                    .withCalibration(new Calibration(0.2, 0.2, 1.0, "micron", 0));
            Restoration r = new UpsamplingPredictor(net, 2.5).predict(img, PredictOptions.defaults(),
                    PredictionListener.NONE);
            assertArrayEquals(new long[] {12, 12, 10}, r.mean().shape(), "Z' = round(5 x 2.5) = 12 (half to even)");
            assertEquals(0.4, r.mean().calibration().z(), 1e-12);
            Restoration direct = new TiledPredictor(net).predict(ScipyZoom.zoomAxis(img, 'Z', 2.5, 1),
                    PredictOptions.defaults(), PredictionListener.NONE);
            assertArrayEquals(direct.mean().toArray(), r.mean().toArray());
        }
    }

    @Test
    void lateralUpsamplingZoomsYThenXForATwoDimensionalNetwork() {
        UNetSpec spec = new UNetSpec(2, 1, 1, 1, new int[] {3, 3}, 2, true, false, false, new int[] {2, 2});
        try (UNet net = new UNet(engine, spec).initialize(8)) {
            FloatImage img = FloatImage.of("YX", new long[] {13, 10}, IsotropicPredictorTest.random(1, 1, 13, 10)
                    .toArray()).withCalibration(new Calibration(0.1, 0.1, 0, "micron", 0));
            UpsamplingPredictor p = new UpsamplingPredictor(net, 2, "YX");
            Restoration r = p.predict(img, PredictOptions.defaults(), PredictionListener.NONE);
            assertArrayEquals(new long[] {26, 20}, r.mean().shape());
            assertEquals(0.05, r.mean().calibration().x(), 1e-12);
            assertEquals(0.05, r.mean().calibration().y(), 1e-12);
            FloatImage zoomed = ScipyZoom.zoomAxis(ScipyZoom.zoomAxis(img, 'Y', 2, 1), 'X', 2, 1);
            Restoration direct = new TiledPredictor(net).predict(zoomed, PredictOptions.defaults(),
                    PredictionListener.NONE);
            assertArrayEquals(direct.mean().toArray(), r.mean().toArray());
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new UpsamplingPredictor(net, 2, "Z"), "axial upsampling needs a 3D network");
        }
    }
}
