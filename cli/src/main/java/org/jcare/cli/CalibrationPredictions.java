package org.jcare.cli;

import java.nio.file.Path;
import java.util.List;
import org.jcare.engine.Engine;
import org.jcare.io.FileFormatException;
import org.jcare.io.image.FloatImage;
import org.jcare.training.CareEnsemble;
import org.jcare.training.CareModel;
import org.jcare.training.ensemble.EnsembleReadouts;
import org.jcare.training.ensemble.EnsembleRestoration;
import org.jcare.training.eval.RecalibratedPredictor;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.PredictionListener;
import org.jcare.training.predict.Restoration;

/**
 * A probabilistic model or ensemble restoring images with ground truth for calibration ({@code jcare evaluate
 * --calibration}, {@code jcare calibrate}): each member's raw mean and Laplace scale (without recalibration factors,
 * which are reported separately so that before and after can both be computed).
 */
final class CalibrationPredictions implements AutoCloseable {
    private final CareModel model;
    private final CareEnsemble ensemble;
    private Double zFactor;

    private CalibrationPredictions(CareModel model, CareEnsemble ensemble) {
        this.model = model;
        this.ensemble = ensemble;
    }

    /**
     * Restores with this Z factor (isotropic and upsampling models or ensembles) instead of the recorded one; null
     * keeps the recorded one.
     */
    CalibrationPredictions withZFactor(Double factor) {
        this.zFactor = factor;
        return this;
    }

    /**
     * Loads the model or ensemble at {@code path}.
     *
     * @throws BadInputException when it is not probabilistic
     */
    static CalibrationPredictions open(Engine engine, Path path) throws FileFormatException {
        CalibrationPredictions p = CareEnsemble.isEnsemble(path)
                ? new CalibrationPredictions(null, CareEnsemble.load(engine, path))
                : new CalibrationPredictions(CareModel.load(engine, path), null);
        if (!(p.model != null ? p.model.config().probabilistic() : p.ensemble.isProbabilistic())) {
            p.close();
            throw new BadInputException("--model " + path + " is not probabilistic: calibration needs a predicted"
                    + " distribution per pixel (train with --probabilistic)");
        }
        return p;
    }

    /** One image's ground truth and every member's raw mean and scale, flattened alike. */
    record Image(float[] truth, float[][] mu, float[][] b) {
    }

    /** Whether this is an ensemble. */
    boolean isEnsemble() {
        return ensemble != null;
    }

    /** The ensemble, or null. */
    CareEnsemble ensemble() {
        return ensemble;
    }

    /** The single model, or null. */
    CareModel model() {
        return model;
    }

    /** The number of members (1 for a model). */
    int members() {
        return ensemble != null ? ensemble.size() : 1;
    }

    /** The spatial axes of the network (2 or 3). */
    int nDim() {
        return (model != null ? model.config() : ensemble.config()).nDim();
    }

    /** Each member's own stored scale factor (1 when none). */
    double[] memberFactors() {
        List<CareModel> ms = ensemble != null ? ensemble.members() : List.of(model);
        double[] f = new double[ms.size()];
        for (int k = 0; k < f.length; k++) {
            Double v = ms.get(k).config().laplaceScaleFactor();
            f[k] = v == null ? 1 : v;
        }
        return f;
    }

    /** The ensemble's stored scale factor (1 for a model or when none). */
    double ensembleFactor() {
        return ensemble != null ? ensemble.scaleFactor() : 1;
    }

    /**
     * Restores {@code noisy} and pairs it with {@code truth}.
     *
     * @throws BadInputException naming both files when the shapes differ or there is more than one channel
     */
    Image predict(FloatImage noisy, FloatImage truth, PredictOptions options, Path noisyFile, Path truthFile) {
        float[][] mu = new float[members()][];
        float[][] b = new float[members()][];
        FloatImage t = EvaluateCommand.squeeze(truth);
        try {
            if (model != null) {
                // the task's predictor without the model's own factor: raw scales (the report applies the factors)
                Restoration r = RecalibratedPredictor.unwrap(model.predictor(zFactor)).predict(noisy, options,
                        PredictionListener.NONE);
                mu[0] = flat(r.mean(), t, noisyFile, truthFile);
                b[0] = flat(r.scale(), t, noisyFile, truthFile);
            } else {
                EnsembleRestoration r = ensemble.predictor(zFactor, EnsembleReadouts.memberPredictions(), 1)
                        .predict(noisy, options, PredictionListener.NONE);
                for (int k = 0; k < mu.length; k++) {
                    mu[k] = flat(r.get("member" + (k + 1) + "_mean"), t, noisyFile, truthFile);
                    b[k] = flat(r.get("member" + (k + 1) + "_scale"), t, noisyFile, truthFile);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException(noisyFile + ": " + ExitCodes.oneLine(e.getMessage()));
        }
        return new Image(t.toArray(), mu, b);
    }

    private static float[] flat(FloatImage img, FloatImage truth, Path noisyFile, Path truthFile) {
        FloatImage s = EvaluateCommand.squeeze(img);
        if (!java.util.Arrays.equals(s.shape(), truth.shape())) {
            throw new BadInputException(noisyFile + " restores to shape " + java.util.Arrays.toString(s.shape()) + " ("
                    + s.axes() + ") but its ground truth " + truthFile + " has " + java.util.Arrays.toString(
                    truth.shape()) + " (" + truth.axes() + "); they must match");
        }
        if (truth.axes().letters().contains("C") && truth.size('C') > 1) {
            throw new BadInputException(truthFile + " has " + truth.size('C') + " channels; calibrate one channel at"
                    + " a time");
        }
        return s.toArray();
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
        if (ensemble != null) {
            ensemble.close();
        }
    }
}
