package org.jcare.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.jcare.io.image.FloatImage;
import org.jcare.training.CareModel;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.Restoration;

/** Restores one image with a progress bar over its tiles (shared by {@code predict} and {@code evaluate}). */
final class Restorer {
    private final CareModel model;
    private final PredictOptions options;
    private final PrintWriter err;
    private final boolean interactive;

    Restorer(CareModel model, PredictOptions options, PrintWriter err, boolean interactive) {
        this.model = model;
        this.options = options;
        this.err = err;
        this.interactive = interactive;
    }

    /** The restoration of {@code image} (read from {@code file}), with the input's pixel sizes. */
    Restoration restore(FloatImage image, Path file) {
        Progress[] bar = {null};
        try {
            Restoration r = model.predict(image, options, (done, total) -> {
                if (bar[0] == null) {
                    bar[0] = Progress.start(String.valueOf(file.getFileName()), total, 0, err, interactive, null);
                }
                bar[0].update(done, "tiles");
            });
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
