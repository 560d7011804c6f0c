package org.jcare.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jcare.training.CareModel;
import org.jcare.training.data.TrainingData;
import org.jcare.training.eval.ScaleRecalibration;

/** The recalibration step after training one probabilistic model (ensembles: {@link EnsembleTrainRun}). */
final class Recalibration {
    private Recalibration() {
    }

    /**
     * Fits the model's scale factor on the validation patches by maximum likelihood and stores it in the config.json
     * of {@code folder}, where prediction applies it. A failure here only warns: the trained model is kept as it is.
     *
     * @return the factor, or NaN when it could not be fitted or stored
     */
    static double afterTraining(CareModel model, TrainingData validation, Path folder, PrintWriter err) {
        try {
            double f = ScaleRecalibration.fitOnPatches(List.of(model.network()), validation,
                    model.config().trainBatchSize());
            ScaleRecalibration.store(folder, f);
            err.println(String.format(Locale.ROOT, "recalibration: the Laplace scale factor is %.4g (maximum"
                    + " likelihood on %d validation patches), stored in %s", f, validation.size(),
                    folder.resolve("config.json")));
            return f;
        } catch (IOException | RuntimeException e) {
            err.println("warning: recalibration failed, the model keeps its trained scale: " + ExitCodes.message(e));
            return Double.NaN;
        } finally {
            err.flush();
        }
    }
}
