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
import org.jcare.training.model.Weights;
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
     * Loads a training run's folder to continue it with {@code train(..., resume = true)}: the weights after the
     * last epoch ({@code weights_last}), with which the saved optimizer state goes, instead of the best ones.
     *
     * @throws FileFormatException as {@link #load(Engine, Path)}
     */
    public static CareModel loadForResume(Engine engine, Path folder) throws FileFormatException {
        return load(engine, folder, true);
    }

    private static CareModel load(Engine engine, Path folder, boolean lastWeights) throws FileFormatException {
        ModelDirectory.Loaded found = org.jcare.training.interop.ModelSources.load(folder); // jcare, CSBDeep or Model Zoo
        ModelDirectory.Loaded loaded = lastWeights && found.files().weights().containsKey(ModelFiles.Kind.LAST)
                ? new ModelDirectory.Loaded(found.files(), ModelFiles.Kind.LAST) : found;
        CareConfig config;
        try {
            config = CareConfigJson.parse(loaded.config().toString(), folder.resolve("config.json").toString());
        } catch (IOException e) {
            throw new FileFormatException(folder.resolve("config.json"), "is not a valid CARE config: " + e.getMessage());
        }
        CareNetwork net = TaskNetworks.create(engine, config);
        try {
            Weights.write(net.parameters(), loaded.weights(), folder.resolve(loaded.chosen().fileName()).toString());
        } catch (IllegalArgumentException e) {
            net.close();
            throw new FileFormatException(folder, e.getMessage());
        }
        CareModel model = new CareModel(config, net);
        model.history = loaded.files().historyCsv().map(h -> HistoryCsv.parse(h, config.trainEpochs())).orElse(List.of());
        model.resumeState = loaded.files().trainingState()
                .map(s -> ModelCheckpoints.decode(s, loaded.files().historyCsv().orElse(null), config.trainEpochs()));
        return model;
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
        ModelCheckpoints checkpoints = new ModelCheckpoints(out, configJson());
        Trainer trainer = new Trainer(net, settings, checkpoints, listener, augmentation);
        history = trainer.fit(train, validation, resume ? resumeState.orElse(null) : null);
        if (Files.isDirectory(out)) {
            try {
                Weights.write(net.parameters(), ModelDirectory.load(out).weights(), out.toString());
            } catch (FileFormatException e) {
                throw new UncheckedIOException(e);
            }
        }
        return history;
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
