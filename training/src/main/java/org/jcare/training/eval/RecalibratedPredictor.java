package org.jcare.training.eval;

import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.training.predict.ImagePredictor;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.PredictionListener;
import org.jcare.training.predict.Restoration;

/**
 * A task's predictor with a recalibrated model's scale factor applied: every Laplace scale it restores is multiplied by
 * the factor ({@link ScaleRecalibration}); means and plain restorations are unchanged. {@link #inner()} is the task's
 * own predictor, for what only it offers (the surface weights of a projection model).
 *
 * @param inner  the task's predictor
 * @param factor the scale factor (> 0)
 */
public record RecalibratedPredictor(ImagePredictor inner, double factor) implements ImagePredictor {
    /** {@code inner} with {@code factor} applied; {@code inner} itself when the factor is null or 1. */
    public static ImagePredictor of(ImagePredictor inner, Double factor) {
        if (factor == null || factor == 1) {
            return inner;
        }
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("laplace_scale_factor must be a finite number > 0, got " + factor);
        }
        return new RecalibratedPredictor(inner, factor);
    }

    /** The task's own predictor behind {@code p} ({@code p} itself when it applies no factor). */
    public static ImagePredictor unwrap(ImagePredictor p) {
        return p instanceof RecalibratedPredictor r ? r.inner() : p;
    }

    /** {@code r} (restored by {@link #inner()}) with its scale multiplied by the factor. */
    public Restoration apply(Restoration r) {
        return ScaleRecalibration.apply(r, factor);
    }

    @Override
    public Restoration predict(FloatImage image, PredictOptions options, PredictionListener listener) {
        return apply(inner.predict(image, options, listener));
    }

    @Override
    public Calibration outputCalibration(Calibration input) {
        return inner.outputCalibration(input);
    }
}
