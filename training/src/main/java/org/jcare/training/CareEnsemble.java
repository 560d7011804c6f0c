package org.jcare.training;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jcare.engine.Engine;
import org.jcare.io.FileFormatException;
import org.jcare.io.image.FloatImage;
import org.jcare.training.config.CareConfig;
import org.jcare.training.data.TrainingData;
import org.jcare.training.ensemble.EnsembleManifest;
import org.jcare.training.ensemble.EnsemblePredictor;
import org.jcare.training.ensemble.EnsembleReadouts;
import org.jcare.training.ensemble.EnsembleRestoration;
import org.jcare.training.ensemble.EnsembleTraining;
import org.jcare.training.eval.ScaleRecalibration;
import org.jcare.training.model.CareNetwork;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.PredictionListener;

/**
 * An ensemble of CARE models trained alike with different seeds (deep ensembles; the CARE paper's Fig. 5), loaded
 * on one device: a folder with a manifest ({@link EnsembleManifest}) and one model folder per member, of any task
 * (standard, isotropic, upsampling, projection). Restoring reads and normalizes each tile once and runs every member
 * on it ({@link EnsemblePredictor}); probabilistic members give
 * the Laplace mixture (mean, variance, intervals, samples, disagreement D), plain members the mean and spread across
 * members. Holds device memory: close it.
 *
 * <pre>{@code
 * try (Engine engine = Engine.open("gpu");
 *      CareEnsemble ensemble = CareEnsemble.load(engine, Path.of("models/ensemble"))) {
 *     EnsembleRestoration r = ensemble.predict(image, PredictOptions.defaults(), EnsembleReadouts.standard(),
 *             PredictionListener.NONE);
 *     FloatImage restored = r.mean();
 *     FloatImage disagreement = r.get("disagreement");
 * }
 * }</pre>
 */
public final class CareEnsemble implements AutoCloseable {
    private final Path folder;
    private EnsembleManifest manifest;
    private final List<CareModel> members;

    private CareEnsemble(Path folder, EnsembleManifest manifest, List<CareModel> members) {
        this.folder = folder;
        this.manifest = manifest;
        this.members = members;
    }

    /** Whether {@code path} is an ensemble folder (it holds {@value EnsembleManifest#FILE}). */
    public static boolean isEnsemble(Path path) {
        return EnsembleManifest.isEnsemble(path);
    }

    /**
     * Creates an ensemble folder of {@code count} untrained members (seeds {@code seed ... seed + count - 1}); train
     * it with {@link #train}.
     *
     * @throws IOException when the folder exists with content or cannot be written
     */
    public static EnsembleManifest create(Path folder, CareConfig config, int count, long seed, boolean augment)
            throws IOException {
        EnsembleManifest m = EnsembleManifest.of(config, count, seed, augment);
        EnsembleTraining.create(folder, m);
        return m;
    }

    /**
     * Trains every member of the ensemble in {@code folder} that has not finished (see {@link EnsembleTraining}), on
     * one device after the other or on several at once.
     */
    public static List<EnsembleTraining.MemberResult> train(List<Engine> engines, Path folder, TrainingData.Split data,
            EnsembleTraining.Listeners listeners, Duration timeBudget) throws IOException {
        return EnsembleTraining.trainAll(engines, folder, data, listeners, timeBudget);
    }

    /**
     * Loads every member of the ensemble in {@code folder} onto {@code engine}.
     *
     * @throws FileFormatException naming the folder when it is not an ensemble, a member has not finished training,
     *                             or a member does not load
     */
    public static CareEnsemble load(Engine engine, Path folder) throws FileFormatException {
        EnsembleManifest manifest = EnsembleManifest.read(folder);
        List<String> unfinished = new ArrayList<>();
        for (int k = 0; k < manifest.size(); k++) {
            if (EnsembleTraining.status(folder, manifest, k) != EnsembleTraining.Status.TRAINED) {
                unfinished.add(manifest.members().get(k).folder());
            }
        }
        if (!unfinished.isEmpty()) {
            throw new FileFormatException(folder, "is an ensemble whose members " + String.join(", ", unfinished)
                    + " have not finished training; continue with jcare train --ensemble " + manifest.size()
                    + " --resume");
        }
        List<CareModel> models = new ArrayList<>();
        try {
            for (EnsembleManifest.Member m : manifest.members()) {
                models.add(CareModel.load(engine, folder.resolve(m.folder())));
            }
        } catch (FileFormatException | RuntimeException e) {
            models.forEach(CareModel::close);
            throw e;
        }
        return new CareEnsemble(folder, manifest, models);
    }

    /** The manifest. */
    public EnsembleManifest manifest() {
        return manifest;
    }

    /** The members, in order. */
    public List<CareModel> members() {
        return List.copyOf(members);
    }

    /** The number of members M. */
    public int size() {
        return members.size();
    }

    /** The members' configuration. */
    public CareConfig config() {
        return members.get(0).config();
    }

    /** Whether the members are probabilistic (Laplace mean and scale per pixel). */
    public boolean isProbabilistic() {
        return config().probabilistic();
    }

    /** The factor every member's scale is multiplied with in the mixture (1 when never recalibrated). */
    public double scaleFactor() {
        return manifest.scaleFactor() == null ? 1 : manifest.scaleFactor();
    }

    /** Restores {@code image} as the members' task does, with the mixture's mean and the given readouts. */
    public EnsembleRestoration predict(FloatImage image, PredictOptions options, EnsembleReadouts readouts,
                                       PredictionListener listener) {
        return predictor(null, readouts, scaleFactor()).predict(image, options, listener);
    }

    /**
     * Restores {@code image} with the members' scales multiplied by {@code factor} in the mixture instead of the
     * stored one (1 compares with the raw networks). Member images ({@code members} readout) are the networks' raw
     * outputs (without any member's own recalibration factor), for diagnostics and calibration.
     */
    public EnsembleRestoration predict(FloatImage image, PredictOptions options, EnsembleReadouts readouts,
                                       PredictionListener listener, double factor) {
        return predictor(null, readouts, factor).predict(image, options, listener);
    }

    /**
     * The predictor of the members' task (standard, isotropic, upsampling, projection) for {@code readouts}.
     *
     * @param zFactor the Z factor of an isotropic or upsampling ensemble, or null for the one its config records
     * @param factor  the factor of every member's scale in the mixture ({@link #scaleFactor()} as stored)
     * @throws IllegalArgumentException when the factor does not apply or none is known, or the readouts need scales
     *                                  the members lack
     */
    public EnsemblePredictor predictor(Double zFactor, EnsembleReadouts readouts, double factor) {
        float[] factors = new float[members.size()];
        java.util.Arrays.fill(factors, (float) factor);
        List<CareNetwork> nets = new ArrayList<>();
        members.forEach(m -> nets.add(m.network()));
        return new EnsemblePredictor(nets, config(), zFactor, factors, readouts);
    }

    /**
     * Fits the ensemble's scale factor by maximum likelihood of the mixture on {@code patches} (pairs the members did
     * not train on: the validation patches, or the user's), stores it in the manifest and returns it.
     *
     * @throws IllegalArgumentException when the members are not probabilistic
     * @throws IOException              when the manifest cannot be written
     */
    public double recalibrate(TrainingData patches) throws IOException {
        if (!isProbabilistic()) {
            throw new IllegalArgumentException("recalibration needs probabilistic members (trained with"
                    + " --probabilistic)");
        }
        List<CareNetwork> nets = new ArrayList<>();
        members.forEach(m -> nets.add(m.network()));
        double f = ScaleRecalibration.fitOnPatches(nets, patches, config().trainBatchSize());
        storeScaleFactor(f);
        return f;
    }

    /**
     * What training an ensemble ends with for probabilistic members ({@code jcare train --ensemble}, the Spark job):
     * the mixture's scale factor fitted on {@code validation} and stored in the manifest ({@link #recalibrate}), and
     * each member's own factor, fitted on the same patches, stored in its {@code config.json} (used when the member is
     * restored on its own).
     *
     * @return the mixture's factor
     * @throws IllegalArgumentException when the members are not probabilistic
     * @throws IOException              when the manifest or a member's config cannot be written
     */
    public double recalibrateMixtureAndMembers(TrainingData validation) throws IOException {
        double f = recalibrate(validation);
        for (int k = 0; k < size(); k++) {
            double own = ScaleRecalibration.fitOnPatches(List.of(members.get(k).network()), validation,
                    config().trainBatchSize());
            ScaleRecalibration.store(folder.resolve(manifest.members().get(k).folder()), own);
        }
        return f;
    }

    /** Stores {@code factor} (null removes it) in the manifest. */
    public void storeScaleFactor(Double factor) throws IOException {
        EnsembleManifest m = manifest.withScaleFactor(factor);
        m.write(folder);
        manifest = m;
    }

    @Override
    public void close() {
        members.forEach(CareModel::close);
    }
}
