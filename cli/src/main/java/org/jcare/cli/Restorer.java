package org.jcare.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.jcare.io.image.FloatImage;
import org.jcare.io.image.NonFinitePixels;
import org.jcare.training.CareModel;
import org.jcare.training.predict.NonFiniteFill;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.PredictionListener;
import org.jcare.training.predict.Restoration;

/** Restores one image with a progress bar over its tiles (shared by {@code predict} and {@code evaluate}). */
final class Restorer {
    private final CareModel model;
    private final PredictOptions options;
    private final PrintWriter err;
    private final boolean interactive;
    private final boolean fillNonFinite;

    Restorer(CareModel model, PredictOptions options, PrintWriter err, boolean interactive) {
        this(model, options, false, err, interactive);
    }

    /**
     * A restorer that refuses images with non-finite pixels, or with {@code fillNonFinite} restores them by
     * {@link NonFiniteFill}'s rule.
     */
    Restorer(CareModel model, PredictOptions options, boolean fillNonFinite, PrintWriter err, boolean interactive) {
        this.model = model;
        this.options = options;
        this.fillNonFinite = fillNonFinite;
        this.err = err;
        this.interactive = interactive;
    }

    /**
     * The restoration of {@code image} (read from {@code file}), with the input's pixel sizes.
     *
     * @throws BadInputException naming the file when the image holds non-finite pixels and they are refused, or
     *                           does not fit the model
     */
    Restoration restore(FloatImage image, Path file) {
        NonFinitePixels nonFinite = NonFinitePixels.of(image);
        if (!nonFinite.none() && !fillNonFinite) {
            throw new BadInputException(file + " holds " + nonFinite.describe() + "; one of them would make the"
                    + " whole restoration NaN: fix the image, or add --non-finite fill to restore the finite pixels"
                    + " (the others stay NaN in the output)");
        }
        Progress[] bar = {null};
        PredictionListener progress = (done, total) -> {
            if (bar[0] == null) {
                bar[0] = Progress.start(String.valueOf(file.getFileName()), total, 0, err, interactive, null);
            }
            bar[0].update(done, "tiles");
        };
        try {
            Restoration r = nonFinite.none() ? model.predict(image, options, progress)
                    : NonFiniteFill.restore(image, options, (img, o) -> model.predict(img, o, progress),
                            model.config().nChannelIn(), model.config().nChannelOut());
            return new Restoration(r.mean().withCalibration(image.calibration()),
                    r.scale() == null ? null : r.scale().withCalibration(image.calibration()), r.tilesPerAxis());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": " + ExitCodes.oneLine(e.getMessage()));
        } finally {
            if (bar[0] != null) {
                bar[0].close();
            }
        }
    }
}
