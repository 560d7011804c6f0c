package org.jcare.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jcare.engine.Engine;
import org.jcare.training.CareModel;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.TaskKind;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.task.TaskNetworks;
import org.jcare.training.data.Augmentation;
import org.jcare.training.data.FreshPatches;
import org.jcare.training.data.NpzTrainingDataFile;
import org.jcare.training.data.TrainingData;
import org.jcare.training.loop.EpochResult;
import org.jcare.training.loop.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jcare train}: trains a CARE network from an {@code .npz} of patches or from folders of image pairs, writing
 * the model folder after every epoch (config.json, weights, history.csv, resume state, training_curves.png).
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = {"jcare train --data FILE.npz --out MODEL_DIR [OPTIONS] [CONFIG OPTIONS]",
            "jcare train --source DIR... --target DIR --axes AXES --out MODEL_DIR [OPTIONS] [CONFIG OPTIONS]"},
        modelTransformer = ConfigOptions.Transformer.class,
        description = {"Train a CARE network on patches from a .npz (jcare datagen, or CSBDeep's create_patches) or"
            + " cut from folders of image pairs. The model folder is rewritten after every epoch with config.json,"
            + " weights.safetensors (best val_loss), weights_best/_last, history.csv, training_curves.png and the"
            + " state --resume continues from.",
            "Example: jcare train --data data.npz --out models/denoise --train-epochs 50 --train-steps-per-epoch 100"})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Jcare root;

    @Option(names = "--data", paramLabel = "FILE.npz", description = "Training patches (X, Y, axes) as .npz.")
    Path data;

    @Mixin
    PatchSourceOptions folders;

    @Mixin
    TaskDataOptions task;

    @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "The model folder to write.")
    Path out;

    @Option(names = "--validation-split", paramLabel = "F", defaultValue = "0.1",
            description = "Fraction of the patches (the last ones, as CSBDeep) kept for validation"
                    + " (default: ${DEFAULT-VALUE}).")
    double validationSplit;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of weight initialization, batch order and patch sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--time-budget", paramLabel = "DURATION", converter = Durations.class,
            description = "Stop after the epoch in which this much time has passed, for example 90s, 10m, 2h.")
    Duration timeBudget;

    @Option(names = "--augment", description = "Random flips and 90-degree rotations (YX) of training patches.")
    boolean augment;

    @Option(names = "--resume", description = "Continue the interrupted run in --out (same config and data).")
    boolean resume;

    @Option(names = "--overwrite", description = "Replace --out if it holds a jcare model and nothing else (without"
            + " --resume); a folder holding anything else, or an input, is never replaced.")
    boolean overwrite;

    @Option(names = "--fixed-patches", description = "With --source/--target: cut --patches-per-image patches once"
            + " and cycle over them (CSBDeep's create_patches). Default: fresh patches for every batch, drawn from the"
            + " images with the same filter and normalization (seeded, resumable); --patches-per-image then sets the"
            + " validation patches.")
    boolean fixedPatches;

    @Mixin
    FromModelOptions fromModel;

    @Mixin
    ComputeOptions compute;

    @Option(names = "--ensemble", paramLabel = "M",
            description = "Train an ensemble of M members (seeds --seed ... --seed + M - 1, the same patches) into"
                    + " --out: a member folder each and ensemble.json. With --device 0,1,... members train on those"
                    + " devices at once. --resume keeps finished members and continues an interrupted one;"
                    + " --time-budget applies to each member.")
    Integer ensemble;

    @Option(names = "--no-recalibrate",
            description = "Keep a probabilistic model's Laplace scale as trained (by default one scale factor is"
                    + " fitted on the validation patches after training and stored in the model).")
    boolean noRecalibrate;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "With --ensemble and --data: train the members as Apache Spark tasks (local[N],"
                    + " spark://host:7077, yarn, k8s://...), one member per task on a device of its executor (--device"
                    + " a,b: each executor's devices). Needs the launcher ./jcare, which adds Spark to the class path.")
    String spark;

    /** The images fresh patches are cut from (training from folders without --fixed-patches), else null. */
    private FreshPatches fresh;

    @Override
    public Integer call() throws Exception {
        if (ensemble != null) {
            return new EnsembleTrainRun(this).call();
        }
        if (spark != null) {
            throw new BadInputException("--spark trains the members of an ensemble as Spark tasks; give --ensemble M"
                    + " (one model trains on one device: leave --spark out)");
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        List<String> configGiven = ConfigOptions.given(spec.commandLine().getParseResult());
        checkArguments(configGiven);
        fromModel.check(resume, configGiven);
        compute.parsePrecision();
        List<Path> inputs = new ArrayList<>(data != null ? List.of(data) : folders.inputFiles());
        inputs.addAll(task.inputFiles());
        ModelFolderGuard.check(out, inputs, overwrite, resume);
        OutputFolders.requireWritable(out.toAbsolutePath().getParent(), "--out", out);
        try (Outputs outputs = new Outputs(overwrite || resume || isEmptyFolder(out), inputs)) {
            outputs.claim(out);
            if (data == null && !resume) {
                // a typo in a config option should not wait for the patches
                ConfigOptions.build(spec.commandLine().getParseResult(), folders.spatialAxes(), 1, 1, seed);
            }
            outputs.folder(out.toAbsolutePath().getParent());
            try (OutputLock lock = OutputLock.acquire(out, "--out", "jcare train", err)) {
                train(outputs, err, stdout);
            }
        }
        return 0;
    }

    private void train(Outputs outputs, PrintWriter err, PrintWriter stdout) throws Exception {
        TrainingData all;
        TaskSpec recorded;
        if (data != null) {
            NpzTrainingDataFile.WithTask read = new NpzTrainingDataFile().readWithTask(data);
            all = read.data();
            recorded = read.task().orElse(null);
        } else {
            all = task.create(folders, seed, err);
            recorded = task.taskSpec();
        }
        TrainingData.Split split = all.split(validationSplit);
        // fresh patches are drawn for the standard task; the other tasks' degradations make a fixed set once
        fresh = data == null && !fixedPatches && task.kind() == TaskKind.STANDARD ? folders.fresh(err) : null;
        CareConfig config = resume ? null : configWithTask(all, recorded);
        if (config != null) {
            checkFits(config, all);
        }
        try (Engine engine = compute.open(err);
             CareModel model = resume ? CareModel.loadForResume(engine, out)
                     : fromModel.given() ? fromModel.create(engine, config) : CareModel.create(engine, config, seed)) {
            if (resume && !model.canResume()) {
                throw new BadInputException("--resume: " + out + " holds no training state to continue from;"
                        + " train into a new folder");
            }
            checkFits(model.config(), all);
            TrainingSettings settings = model.trainingSettings(seed).withTimeBudget(timeBudget);
            String patches = fresh == null ? split.train().size() + " patches "
                    + PatchSourceOptions.joined(all.spatialShape())
                    : "fresh patches " + PatchSourceOptions.joined(all.spatialShape()) + " for every batch from "
                    + fresh.images() + " image pair" + (fresh.images() == 1 ? "" : "s");
            err.println("training on " + engine.device().name() + ": " + patches + " (" + split.validation().size()
                    + " for validation), " + model.config().toString().replace("CareConfig", "config"));
            err.flush();
            List<EpochResult> history = train(model, split, settings, err, outputs);
            if (model.config().probabilistic() && !noRecalibrate) {
                Recalibration.afterTraining(model, split.validation(), out, err);
            }
            outputs.commit();
            if (folders.given()) { // pixel sizes of the training images, for the units of exported models
                org.jcare.io.model.TrainingCalibration.recordFrom(out, folders.inputFiles());
            }
            report(stdout, history, settings);
        }
    }

    private void checkArguments(List<String> configGiven) {
        if (data != null && folders.given()) {
            throw new BadInputException("give either --data FILE.npz or --source/--target folders, not both");
        }
        if (data == null && !folders.given()) {
            throw new BadInputException("no training data: give --data FILE.npz, or --source DIR --target DIR"
                    + " --axes AXES");
        }
        if (data != null && !Files.isRegularFile(data)) {
            throw new BadInputException("--data " + data + ": no such file");
        }
        if (data != null && fixedPatches) {
            throw new BadInputException("--fixed-patches is for training from --source/--target folders; the patches"
                    + " of --data " + data + " are a fixed set already");
        }
        if (folders.given()) {
            task.check(folders);
        }
        if (!(validationSplit > 0 && validationSplit < 1)) {
            throw new BadInputException("--validation-split must be in (0, 1), got " + validationSplit
                    + "; the best weights are chosen by the validation loss, use for example 0.1");
        }
        if (resume) {
            if (!configGiven.isEmpty()) {
                throw new BadInputException("--resume continues with the config saved in " + out + "; remove "
                        + String.join(", ", configGiven));
            }
            if (!Files.isDirectory(out)) {
                throw new BadInputException("--resume: " + out + " is not a model folder");
            }
        } else if (Files.isDirectory(out) && !overwrite && !isEmptyFolder(out)) {
            throw new BadInputException("--out " + out + " already exists; add --resume to continue its training,"
                    + " --overwrite to replace it, or choose another folder");
        }
    }

    private static boolean isEmptyFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** The task: as recorded in the data, or as --task says (which must then agree with the data's). */
    TaskSpec taskOf(TaskSpec recorded) {
        TaskKind given = task.givenKind();
        if (given == null) {
            return recorded == null ? TaskSpec.STANDARD : recorded;
        }
        if (recorded != null && recorded.kind() != given && data != null) {
            throw new BadInputException("--task " + given.jsonName() + " but " + data + " was made for the "
                    + recorded.kind().jsonName() + " task; leave --task out or make new patches");
        }
        if (given.hasFactor()) {
            Double f = task.subsample != null ? task.subsample : recorded != null ? recorded.factor() : null;
            String psf = recorded != null ? recorded.psf() : null;
            return new TaskSpec(given, f, psf, null, recorded != null ? recorded.axes() : null);
        }
        return given == TaskKind.PROJECTION ? TaskSpec.projectionDefaults() : TaskSpec.STANDARD;
    }

    /** The config with its task; a model fine-tuned with --from-model keeps its own unless the data or --task say otherwise. */
    CareConfig configWithTask(TrainingData all, TaskSpec recorded) throws IOException {
        CareConfig base = config(all);
        if (fromModel.given() && recorded == null && task.givenKind() == null) {
            return base;
        }
        return TaskConfig.apply(base, taskOf(recorded));
    }

    private CareConfig config(TrainingData all) throws IOException {
        if (fromModel.given()) {
            return fromModel.config(spec.commandLine().getParseResult(), all.spatialAxes(), all.channelsIn(),
                    all.channelsOut(), seed);
        }
        return ConfigOptions.build(spec.commandLine().getParseResult(), all.spatialAxes(), all.channelsIn(),
                all.channelsOut(), seed);
    }

    /** Data that does not fit the network is bad input; say which option or file to change. */
    static void checkFits(CareConfig c, TrainingData all) {
        if (!c.spatialAxes().equals(all.spatialAxes())) {
            throw new BadInputException("the patches have axes " + all.spatialAxes() + " but the model "
                    + c.spatialAxes());
        }
        int[] div = TaskNetworks.divisibility(c);
        int[] shape = all.spatialShape();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] % div[i] != 0 && c.task().isStandard()) {
                throw new BadInputException("patch size " + PatchSourceOptions.joined(shape)
                        + " is not divisible by 2^unet_n_depth = " + c.divisor() + " on every axis; choose --patch-size"
                        + " accordingly or lower --unet-n-depth");
            }
            if (shape[i] % div[i] != 0) {
                throw new BadInputException("patch size " + PatchSourceOptions.joined(shape) + " is not divisible by "
                        + PatchSourceOptions.joined(div) + " (the network's pooling: 2^unet_n_depth, for projection"
                        + " also 2^proj_n_depth along Y and X); choose --patch-size accordingly or lower the depth");
            }
        }
        if (all.channelsIn() != c.nChannelIn() || all.channelsOut() != c.nChannelOut()) {
            throw new BadInputException("the patches have " + all.channelsIn() + " -> " + all.channelsOut()
                    + " channels, the model " + c.nChannelIn() + " -> " + c.nChannelOut());
        }
    }

    private List<EpochResult> train(CareModel model, TrainingData.Split split, TrainingSettings settings,
            PrintWriter err, Outputs outputs) {
        List<EpochResult> earlier = resume ? model.history() : List.of();
        long total = (long) settings.epochs() * settings.stepsPerEpoch();
        long start = (long) earlier.size() * settings.stepsPerEpoch();
        try (Progress bar = Progress.start("train", total, start, err, root.interactive, timeBudget)) {
            TrainingProgress listener = new TrainingProgress(bar, earlier, total, timeBudget);
            try {
                Augmentation augmentation = augmentation(split.train(), model.config());
                List<EpochResult> h = fresh == null
                        ? model.train(split.train(), split.validation(), settings, out, listener, augmentation, resume)
                        : model.train(fresh.batches(settings.batchSize(), seed, augmentation), split.validation(),
                                settings, out, listener, resume);
                bar.done();
                return h;
            } catch (RuntimeException e) {
                if (listener.history().size() > earlier.size()) {
                    // a complete checkpoint exists: keep it, it is what --resume continues from
                    outputs.commit();
                    err.println("the checkpoint of epoch " + listener.history().size() + " is kept in " + out
                            + "; continue with --resume");
                }
                throw e;
            }
        }
    }

    Augmentation augmentation(TrainingData train, CareConfig c) {
        if (!augment) {
            return Augmentation.NONE;
        }
        if (c.task().kind() == TaskKind.ISOTROPIC) {
            // the training degradation runs along X: flips keep it there, quarter turns would move it to Y
            return new Augmentation(true, true, false, false);
        }
        int[] s = train.spatialShape();
        boolean square = s[s.length - 1] == s[s.length - 2];
        return square ? Augmentation.flipsAndRotations() : new Augmentation(true, true, false, false);
    }

    private void report(PrintWriter stdout, List<EpochResult> history, TrainingSettings settings) {
        EpochResult best = history.stream().min((a, b) -> Double.compare(a.valLoss(), b.valLoss())).orElseThrow();
        double seconds = history.stream().mapToDouble(EpochResult::seconds).sum();
        stdout.println(String.format(Locale.ROOT, "trained %d epoch%s of %d steps in %s; best val_loss %.5g (epoch %d)",
                history.size(), history.size() == 1 ? "" : "s", settings.stepsPerEpoch(),
                Durations.format(Duration.ofMillis((long) (seconds * 1000))), best.valLoss(), best.epoch()));
        if (history.size() < settings.epochs()) {
            stdout.println("stopped by the time budget after epoch " + history.size() + " of " + settings.epochs());
        }
        stdout.println("model:   " + out + " (config.json, weights.safetensors = best val_loss)");
        stdout.println("history: " + out.resolve("history.csv"));
        stdout.println("curves:  " + out.resolve(TrainingProgress.CURVES_PNG));
        stdout.flush();
    }
}
