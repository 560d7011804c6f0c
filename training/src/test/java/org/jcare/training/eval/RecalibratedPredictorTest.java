package org.jcare.training.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.training.predict.ImagePredictor;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.PredictionListener;
import org.jcare.training.predict.Restoration;
import org.junit.jupiter.api.Test;

/** A task's predictor with the model's scale factor: scales multiplied, means and pixel sizes as the task's. */
class RecalibratedPredictorTest {
    /** A task predictor that restores every image to fixed mean 3 and scale 2, halving the Z spacing. */
    private static final ImagePredictor TASK = new ImagePredictor() {
        @Override
        public Restoration predict(FloatImage image, PredictOptions options, PredictionListener listener) {
            return new Restoration(FloatImage.of("YX", new long[] {1, 2}, new float[] {3, 3}),
                    FloatImage.of("YX", new long[] {1, 2}, new float[] {2, 2}), new int[] {1, 1});
        }

        @Override
        public Calibration outputCalibration(Calibration in) {
            return new Calibration(in.x(), in.y(), in.z() / 2, in.unit(), in.t());
        }
    };

    @Test
    void multipliesTheScaleOnly() {
        ImagePredictor p = RecalibratedPredictor.of(TASK, 0.75);
        Restoration r = p.predict(FloatImage.zeros("YX", 1, 2), PredictOptions.defaults(), PredictionListener.NONE);
        assertArrayEquals(new float[] {3, 3}, r.mean().toArray());
        assertArrayEquals(new float[] {1.5f, 1.5f}, r.scale().toArray());
        assertEquals(0.5, p.outputCalibration(new Calibration(1, 1, 1, "micron", 0)).z(), 0);
        assertSame(TASK, RecalibratedPredictor.unwrap(p));
    }

    @Test
    void noFactorIsTheTaskPredictorItself() {
        assertSame(TASK, RecalibratedPredictor.of(TASK, null));
        assertSame(TASK, RecalibratedPredictor.of(TASK, 1.0));
        assertSame(TASK, RecalibratedPredictor.unwrap(TASK));
        assertThrows(IllegalArgumentException.class, () -> RecalibratedPredictor.of(TASK, -1.0));
    }
}
