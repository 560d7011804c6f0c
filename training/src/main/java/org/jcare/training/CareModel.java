package org.jcare.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jcare.engine.Engine;
import org.jcare.io.FileFormatException;
import org.jcare.io.image.FloatImage;
import org.jcare.io.model.ModelDirectory;
import org.jcare.io.model.ModelFiles;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.CareConfigJson;
import org.jcare.training.config.TaskKind;
import org.jcare.training.data.Augmentation;
import org.jcare.training.data.TrainingData;
import org.jcare.training.loop.EpochResult;
import org.jcare.training.loop.HistoryCsv;
import org.jcare.training.loop.LossKind;
import org.jcare.training.loop.ModelCheckpoints;
import org.jcare.training.loop.Trainer;
import org.jcare.training.loop.TrainerState;
import org.jcare.training.loop.TrainingListener;
import org.jcare.training.loop.TrainingSettings;
import org.jcare.training.model.CareNetwork;
import org.jcare.training.model.UNetSpec;
import org.jcare.training.model.Weights;
import org.jcare.training.model.WeightsCheck;
import org.jcare.training.predict.ImagePredictor;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.PredictionListener;
import org.jcare.training.predict.Restoration;
import org.jcare.training.task.TaskNetworks;

/**
 * A CARE model on a device: its configuration (CSBDeep's fields) and its U-Net. Create one from a config and
 * train it, or load a saved model folder, then restore images. Holds device memory: close it.
 *
 * <pre>{@code
 * try (Engine engine = Engine.open("gpu");
 *      CareModel model = CareModel.load(engine, Path.of("models/denoise"))) {
 *     Restoration r = model.predict(TiffReader.read(Path.of("noisy.tif")), PredictOptions.defaults());
 *     new TiffWriter().write(r.mean(), Path.of("restored.tif"));
 * }
 * }</pre>
 */
public final class CareModel implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CareConfig config;
    private final CareNetwork net;
    private List<EpochResult> history = List.of();
    private Optional<TrainerState> resumeState = Optional.empty();
    /** The best weights of the run this model was loaded to resume (its weights_best), else null. */
    private java.util.SortedMap<String, org.jcare.io.model.TensorData> resumeBest;

    private CareModel(CareConfig config, CareNetwork net) {
        this.config = config;
        this.net = net;
    }

    /** A new model with Glorot-initialized weights from {@code seed}. */
    public static CareModel create(Engine engine, CareConfig config, long seed) {
        return new CareModel(config, TaskNetworks.create(engine, config, seed));
    }

    /**
     * Loads a model folder or zip written by jcare ({@code config.json} + {@code weights.safetensors}, or the
     * best/last checkpoints of a training run), a CSBDeep model folder ({@code config.json} + {@code weights_best.h5})
     * or a BioImage Model Zoo package of a CARE U-Net ({@link org.jcare.training.interop.ModelSources}).
     *
     * @throws FileFormatException naming the file when the folder is not a model or its weights do not fit its config
     */
    public static CareModel load(Engine engine, Path folder) throws FileFormatException {
        return load(engine, folder, false);
    }

    /**
     * Loads a model as {@link #load(Engine, Path)}, a CSBDeep model folder with the task {@code task} (an
     * IsotropicCARE or UpsamplingCARE model, which CSBDeep's config.json cannot record); null: as its config says.
     *
     * @throws FileFormatException as {@link #load(Engine, Path)}, or when the task does not fit the model
     */
    public static CareModel load(Engine engine, Path folder, org.jcare.training.config.TaskSpec task)
            throws FileFormatException {
        return load(engine, folder, false, task);
    }

    /**
     * Loads a training run's folder to continue it with {@code train(..., resume = true)}: the weights after the
     * last epoch ({@code weights_last}), with which the saved optimizer state goes, instead of the best ones.
     *
     * @throws FileFormatException as {@link #load(Engine, Path)}
     */
    public static CareModel loadForResume(Engine engine, Path folder) throws FileFormatException {
        return load(engine, folder, true);
    }

    private static CareModel load(Engine engine, Path folder, boolean lastWeights) throws FileFormatException {
        return load(engine, folder, lastWeights, null);
    }

    private static CareModel load(Engine engine, Path folder, boolean lastWeights,
                                  org.jcare.training.config.TaskSpec task) throws FileFormatException {
        // a jcare model, a CSBDeep folder (with the task given, if any) or a Model Zoo package
        ModelDirectory.Loaded found = org.jcare.training.interop.ModelSources.load(folder, task);
        ModelDirectory.Loaded loaded = lastWeights && found.files().weights().containsKey(ModelFiles.Kind.LAST)
                ? new ModelDirectory.Loaded(found.files(), ModelFiles.Kind.LAST) : found;
        CareConfig config;
        try {
            config = CareConfigJson.parse(loaded.config().toString(), folder.resolve("config.json").toString());
        } catch (IOException e) {
            throw new FileFormatException(folder.resolve("config.json"), "is not a valid CARE config: " + e.getMessage());
        }
        // the U-Net tasks' tensor shapes are checked on the host first; the projection network's are checked when
        // the weights are written into it (it is small: no config makes it allocate gigabytes before that)
        UNetSpec spec = null;
        if (config.task().kind() != TaskKind.PROJECTION) {
            try {
                spec = UNetSpec.fromConfig(config);
            } catch (IllegalArgumentException e) {
                throw new FileFormatException(folder.resolve("config.json"), e.getMessage());
            }
        }
        requireUsableWeights(folder, loaded, spec);
        CareNetwork net = TaskNetworks.create(engine, config);
        try {
            Weights.write(net.parameters(), loaded.weights(), folder.resolve(loaded.chosen().fileName()).toString());
        } catch (IllegalArgumentException e) {
            net.close();
            throw new FileFormatException(folder, e.getMessage());
        }
        CareModel model = new CareModel(config, net);
        model.history = loaded.files().historyCsv().map(h -> HistoryCsv.parse(h, config.trainEpochs())).orElse(List.of());
        model.resumeBest = lastWeights ? loaded.files().weights().get(ModelFiles.Kind.BEST) : null;
        model.resumeState = loaded.files().trainingState()
                .map(s -> ModelCheckpoints.decode(s, loaded.files().historyCsv().orElse(null), config.trainEpochs()));
        return model;
    }

    /**
     * Checks the weights to load against the network the config describes ({@code spec}, null for a network without
     * a host-side shape list), on the host before anything is allocated on the device, and that they are finite.
     */
    private static void requireUsableWeights(Path folder, ModelDirectory.Loaded loaded, UNetSpec spec)
            throws FileFormatException {
        Path weightsFile = folder.resolve(loaded.chosen().fileName());
        String mismatch = spec == null ? null : WeightsCheck.mismatch(WeightsCheck.shapes(spec), loaded.weights());
        if (mismatch != null) {
            throw new FileFormatException(weightsFile, "does not fit the network its config.json describes (" + spec
                    + "): " + mismatch + "; the config was edited or belongs to another model: restore the config the"
                    + " model was trained with");
        }
        String nonFinite = WeightsCheck.nonFinite(loaded.weights());
        if (nonFinite != null) {
            throw new FileFormatException(weightsFile, "holds " + nonFinite + ", which would make every restoration"
                    + " NaN; the model is broken (a diverged training?): train it again");
        }
    }

    /** Saves config.json and weights.safetensors (and the history, if trained) as a folder, or a zip if the name ends in .zip. */
    public void save(Path target, boolean overwrite) throws FileFormatException {
        ModelFiles files = new ModelFiles(configJson(), java.util.Map.of(ModelFiles.Kind.FINAL,
                Weights.read(net.parameters())), Optional.empty(),
                history.isEmpty() ? Optional.empty() : Optional.of(HistoryCsv.format(history)));
        ModelDirectory.save(target, files, overwrite);
    }

    /**
     * Trains on patches, writing the model folder {@code out} after every epoch (weights_best, weights_last,
     * history, resume state); when {@code resume} is set and this model was loaded from a checkpoint, training
     * continues where it stopped. Afterwards this model holds the best weights (as CSBDeep reloads them).
     */
    public List<EpochResult> train(TrainingData train, TrainingData validation, TrainingSettings settings, Path out,
                                   TrainingListener listener, Augmentation augmentation, boolean resume) {
        Trainer trainer = new Trainer(net, settings, checkpoints(out, resume), listener, augmentation);
        history = trainer.fit(train, validation, resume ? resumeState.orElse(null) : null);
        reloadBest(out);
        return history;
    }

    /**
     * Trains as {@link #train(TrainingData, TrainingData, TrainingSettings, Path, TrainingListener, Augmentation,
     * boolean)} on the batches of {@code batches} (for example fresh patches cut from the images for every batch,
     * {@link org.jcare.training.data.FreshPatches}), whose batch size must be the settings'.
     */
    public List<EpochResult> train(org.jcare.training.data.BatchSource batches, TrainingData validation,
                                   TrainingSettings settings, Path out, TrainingListener listener, boolean resume) {
        Trainer trainer = new Trainer(net, settings, checkpoints(out, resume), listener, Augmentation.NONE);
        history = trainer.fit(batches, validation, resume ? resumeState.orElse(null) : null);
        reloadBest(out);
        return history;
    }

    /** The checkpoints of a run into {@code out}; a resumed run starts from the best weights it had. */
    private ModelCheckpoints checkpoints(Path out, boolean resume) {
        return new ModelCheckpoints(out, configJson(), resume && resumeState.isPresent() ? resumeBest : null);
    }

    /** Loads the best weights of the finished run from its folder, as CSBDeep reloads them. */
    private void reloadBest(Path out) {
        if (Files.isDirectory(out)) {
            try {
                Weights.write(net.parameters(), ModelDirectory.load(out).weights(), out.toString());
            } catch (FileFormatException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Training settings from this model's config (CSBDeep's train_* fields) with {@code seed}. */
    public TrainingSettings trainingSettings(long seed) {
        CareConfig c = config;
        return new TrainingSettings(c.trainEpochs(), c.trainStepsPerEpoch(), c.trainBatchSize(), c.trainLearningRate(),
                LossKind.parse(c.trainLoss()), c.trainReduceLr().factor(), c.trainReduceLr().patience(),
                c.trainReduceLr().minDelta(), seed, null, 10);
    }

    /** Restores an image as the model's task does (see {@link #predictor()}). */
    public Restoration predict(FloatImage image, PredictOptions options) {
        return predict(image, options, PredictionListener.NONE);
    }

    /** Restores an image as the model's task does, reporting progress per tile. */
    public Restoration predict(FloatImage image, PredictOptions options, PredictionListener listener) {
        return predictor().predict(image, options, listener);
    }

    /**
     * The predictor of this model's task: tiled restoration (standard), isotropic restoration or axial upsampling by
     * the factor the model records, or projection.
     *
     * @throws IllegalArgumentException for an isotropic or upsampling model that records no factor
     */
    public ImagePredictor predictor() {
        return predictor(null);
    }

    /**
     * The predictor of this model's task with another Z factor (isotropic and upsampling models), or the recorded one
     * when {@code factor} is null.
     *
     * @throws IllegalArgumentException when a factor is given to a model of another task, or none is known
     */
    public ImagePredictor predictor(Double factor) {
        return TaskNetworks.predictor(net, config, factor);
    }

    /** The configuration. */
    public CareConfig config() {
        return config;
    }

    /** The network (a {@link org.jcare.training.model.UNet}, or a projection network for projection models). */
    public CareNetwork network() {
        return net;
    }

    /** The training history (empty for an untrained model). */
    public List<EpochResult> history() {
        return history;
    }

    /** True when this model was loaded from a checkpoint that can be resumed. */
    public boolean canResume() {
        return resumeState.isPresent();
    }

    private ObjectNode configJson() {
        try {
            return (ObjectNode) JSON.readTree(CareConfigJson.toJson(config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        net.close();
    }
}
