package org.jcare.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.jcare.io.image.FloatImage;
import org.jcare.training.CareModel;
import org.jcare.training.predict.ImagePredictor;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.ProjectionPredictor;
import org.jcare.training.predict.Restoration;

/** Restores one image with a progress bar over its tiles (shared by {@code predict} and {@code evaluate}). */
final class Restorer {
    private final ImagePredictor predictor;
    private final PredictOptions options;
    private final PrintWriter err;
    private final boolean interactive;
    private boolean withProjectionWeights;
    private FloatImage projectionWeights;

    Restorer(CareModel model, PredictOptions options, PrintWriter err, boolean interactive) {
        this(model, null, options, err, interactive);
    }

    /**
     * A restorer for the model's task; {@code factor} overrides the Z factor of an isotropic or upsampling model.
     *
     * @throws BadInputException when the factor does not apply or none is known
     */
    Restorer(CareModel model, Double factor, PredictOptions options, PrintWriter err, boolean interactive) {
        try {
            this.predictor = model.predictor(factor);
        } catch (IllegalArgumentException e) {
            throw new BadInputException((factor != null ? "--factor " + factor + ": " : "") + ExitCodes.oneLine(
                    e.getMessage()));
        }
        this.options = options;
        this.err = err;
        this.interactive = interactive;
    }

    /** Also computes the surface weights of a projection model ({@link #projectionWeights()}). */
    Restorer withProjectionWeights() {
        if (!(predictor instanceof ProjectionPredictor)) {
            throw new BadInputException("--projection-weights: the model is not a projection model");
        }
        withProjectionWeights = true;
        return this;
    }

    /** The surface weights of the last restoration (projection models with {@link #withProjectionWeights()}). */
    FloatImage projectionWeights() {
        return projectionWeights;
    }

    /**
     * The restoration of {@code image} (read from {@code file}), with the input's pixel sizes. A time-lapse is
     * restored time point by time point, each normalized by its own percentiles ({@link TimeFrames}).
     */
    Restoration restore(FloatImage image, Path file) {
        Progress[] bar = {null};
        try {
            org.jcare.training.predict.PredictionListener listener = (done, total) -> {
                if (bar[0] == null) {
                    bar[0] = Progress.start(String.valueOf(file.getFileName()), total, 0, err, interactive, null);
                }
                bar[0].update(done, "tiles");
            };
            Restoration r = TimeFrames.isTimeLapse(image) ? restoreFrames(image, listener) : restoreOne(image, listener);
            // the task decides the pixel sizes of its output (Z spacing / factor when Z is upsampled)
            org.jcare.io.image.Calibration c = predictor.outputCalibration(image.calibration());
            return new Restoration(r.mean().withCalibration(c), r.scale() == null ? null : r.scale().withCalibration(c),
                    r.tilesPerAxis());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": " + ExitCodes.oneLine(e.getMessage()));
        } finally {
            if (bar[0] != null) {
                bar[0].close();
            }
        }
    }

    /** One image (no time-lapse), with the projection weights when asked for. */
    private Restoration restoreOne(FloatImage image, org.jcare.training.predict.PredictionListener listener) {
        if (withProjectionWeights) {
            ProjectionPredictor.Result p = ((ProjectionPredictor) predictor).predict(image, options, listener, true);
            projectionWeights = p.weights().withCalibration(image.calibration());
            return p.restoration();
        }
        return predictor.predict(image, options, listener);
    }

    /** A time-lapse frame by frame; the results (and projection weights) joined with T first. */
    private Restoration restoreFrames(FloatImage image, org.jcare.training.predict.PredictionListener listener) {
        java.util.List<FloatImage> frames = TimeFrames.split(TimeFrames.timeFirst(image));
        java.util.List<FloatImage> means = new java.util.ArrayList<>();
        java.util.List<FloatImage> scales = new java.util.ArrayList<>();
        java.util.List<FloatImage> weights = new java.util.ArrayList<>();
        int[] tiles = null;
        int n = frames.size();
        for (int t = 0; t < n; t++) {
            long frame = t;
            Restoration r = restoreOne(frames.get(t), (done, total) -> listener.onTile(frame * total + done,
                    n * total));
            means.add(r.mean());
            if (r.scale() != null) {
                scales.add(r.scale());
            }
            if (withProjectionWeights) {
                weights.add(projectionWeights);
            }
            tiles = r.tilesPerAxis();
        }
        if (withProjectionWeights) {
            projectionWeights = TimeFrames.join(weights);
        }
        return new Restoration(TimeFrames.join(means), scales.isEmpty() ? null : TimeFrames.join(scales), tiles);
    }
}
