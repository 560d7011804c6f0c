package org.jcare.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.image.NonFinitePixels;
import org.jcare.training.CareModel;
import org.jcare.training.eval.RecalibratedPredictor;
import org.jcare.training.predict.ImagePredictor;
import org.jcare.training.predict.NonFiniteFill;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.PredictionListener;
import org.jcare.training.predict.ProjectionPredictor;
import org.jcare.training.predict.Restoration;

/** Restores one image with a progress bar over its tiles (shared by {@code predict} and {@code evaluate}). */
final class Restorer {
    private final ImagePredictor predictor;
    private final CareModel model;
    private final PredictOptions options;
    private final PrintWriter err;
    private final boolean interactive;
    private final boolean fillNonFinite;
    private boolean withProjectionWeights;
    private FloatImage projectionWeights;

    Restorer(CareModel model, PredictOptions options, PrintWriter err, boolean interactive) {
        this(model, null, options, false, err, interactive);
    }

    /**
     * A restorer for the model's task; {@code factor} overrides the Z factor of an isotropic or upsampling model.
     * Images with non-finite pixels are refused, or with {@code fillNonFinite} restored by {@link NonFiniteFill}'s
     * rule (models whose output has the input's grid only: the holes are put back at the same pixels).
     *
     * @throws BadInputException when the factor does not apply or none is known, or fill does not apply
     */
    Restorer(CareModel model, Double factor, PredictOptions options, boolean fillNonFinite, PrintWriter err,
            boolean interactive) {
        try {
            this.predictor = model.predictor(factor);
        } catch (IllegalArgumentException e) {
            throw new BadInputException((factor != null ? "--factor " + factor + ": " : "") + ExitCodes.oneLine(
                    e.getMessage()));
        }
        if (fillNonFinite && !model.config().task().isStandard()) {
            throw new BadInputException("--non-finite fill puts NaN back at the input's pixels, which needs an output on"
                    + " the input's grid; this is a " + model.config().task().kind().jsonName() + " model: fix the"
                    + " image's non-finite pixels instead");
        }
        this.model = model;
        this.options = options;
        this.fillNonFinite = fillNonFinite;
        this.err = err;
        this.interactive = interactive;
    }

    /**
     * Refuses an image with non-finite pixels: one of them would make the whole restoration NaN.
     *
     * @param remedy what the user can do, ending the message
     * @throws BadInputException naming the file, the count and the first such pixel
     */
    static void requireFinite(FloatImage image, Path file, String remedy) {
        NonFinitePixels nonFinite = NonFinitePixels.of(image);
        if (!nonFinite.none()) {
            throw new BadInputException(file + " holds " + nonFinite.describe() + "; one of them would make the whole"
                    + " restoration NaN: " + remedy);
        }
    }

    /** Also computes the surface weights of a projection model ({@link #projectionWeights()}). */
    Restorer withProjectionWeights() {
        if (!(RecalibratedPredictor.unwrap(predictor) instanceof ProjectionPredictor)) {
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
     * The restoration of {@code image} (read from {@code file}), with the pixel sizes its task gives the output. A
     * time-lapse is restored time point by time point, each normalized by its own percentiles ({@link TimeFrames}).
     *
     * @throws BadInputException naming the file when the image holds non-finite pixels and they are refused, or
     *                           does not fit the model
     */
    Restoration restore(FloatImage image, Path file) {
        if (!fillNonFinite) {
            requireFinite(image, file, "fix the image, or add --non-finite fill to restore the finite pixels (the"
                    + " others stay NaN in the output)");
        }
        Progress[] bar = {null};
        PredictionListener progress = (done, total) -> {
            if (bar[0] == null) {
                bar[0] = Progress.start(String.valueOf(file.getFileName()), total, 0, err, interactive, null);
            }
            bar[0].update(done, "tiles");
        };
        try {
            Restoration r = TimeFrames.isTimeLapse(image) ? restoreFrames(image, progress) : restoreOne(image, progress);
            // the task decides the pixel sizes of its output (Z spacing / factor when Z is upsampled)
            Calibration c = predictor.outputCalibration(image.calibration());
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

    /** One image (no time-lapse), with the projection weights when asked for and non-finite pixels filled. */
    private Restoration restoreOne(FloatImage image, PredictionListener listener) {
        if (withProjectionWeights) {
            ProjectionPredictor.Result p = ((ProjectionPredictor) RecalibratedPredictor.unwrap(predictor))
                    .predict(image, options, listener, true);
            projectionWeights = p.weights().withCalibration(image.calibration());
            return predictor instanceof RecalibratedPredictor rp ? rp.apply(p.restoration()) : p.restoration();
        }
        if (fillNonFinite && !NonFinitePixels.of(image).none()) {
            return NonFiniteFill.restore(image, options, (img, o) -> predictor.predict(img, o, listener),
                    model.config().nChannelIn(), model.config().nChannelOut());
        }
        return predictor.predict(image, options, listener);
    }

    /** A time-lapse frame by frame; the results (and projection weights) joined with T first. */
    private Restoration restoreFrames(FloatImage image, PredictionListener listener) {
        List<FloatImage> frames = TimeFrames.split(TimeFrames.timeFirst(image));
        List<FloatImage> means = new ArrayList<>();
        List<FloatImage> scales = new ArrayList<>();
        List<FloatImage> weights = new ArrayList<>();
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
