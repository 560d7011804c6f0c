package org.jcare.training.predict;

import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;

/**
 * Restores whole images with one network: what a model's task needs at prediction, behind one interface, so that
 * callers (the command line, ensembles, streaming) do not know the task. {@link TiledPredictor} is the standard one;
 * {@link IsotropicPredictor}, {@link UpsamplingPredictor} and {@link ProjectionPredictor} are the others.
 */
public interface ImagePredictor {
    /** Restores {@code image}, reporting progress to {@code listener}. */
    Restoration predict(FloatImage image, PredictOptions options, PredictionListener listener);

    /**
     * The physical pixel sizes of a restoration of an image with {@code input}'s: the same for image-to-image tasks;
     * Z spacing divided by the factor when Z is upsampled.
     */
    default Calibration outputCalibration(Calibration input) {
        return input;
    }
}
