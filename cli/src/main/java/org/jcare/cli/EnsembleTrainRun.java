package org.jcare.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jcare.engine.Engine;
import org.jcare.io.AtomicFiles;
import org.jcare.training.CareEnsemble;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.data.NpzTrainingDataFile;
import org.jcare.training.data.TrainingData;
import org.jcare.training.ensemble.EnsembleManifest;
import org.jcare.training.ensemble.EnsembleTraining;
import org.jcare.training.loop.EpochResult;

/**
 * {@code jcare train --ensemble M}: M members on the same patches, seeds {@code --seed} to {@code --seed + M - 1},
 * into one ensemble folder (a model folder per member and a manifest), member after member, or on several devices at
 * once with {@code --device 0,1,...} (one thread per device, each taking the next member). {@code --resume} continues
 * an interrupted ensemble: finished members are kept, an interrupted one goes on from its checkpoint. Probabilistic
 * ensembles are recalibrated on the validation patches at the end (the mixture's factor in the manifest, each
 * member's own in its config), unless {@code --no-recalibrate}. With {@code --spark MASTER} the same checks, lock and
 * folder come first, then the members are trained as Spark tasks ({@link SparkEnsembleTraining}).
 */
final class EnsembleTrainRun {
    private final TrainCommand cmd;

    EnsembleTrainRun(TrainCommand cmd) {
        this.cmd = cmd;
    }

    int call() throws Exception {
        PrintWriter err = cmd.spec.commandLine().getErr();
        PrintWriter stdout = cmd.spec.commandLine().getOut();
        int count = cmd.ensemble;
        if (count < 2 || count > 1000) {
            throw new BadInputException("--ensemble " + count + ": an ensemble has 2 to 1000 members (train one model"
                    + " without --ensemble)");
        }
        List<String> configGiven = ConfigOptions.given(cmd.spec.commandLine().getParseResult());
        checkArguments(configGiven);
        cmd.compute.parsePrecision();
        List<String> devices = devices();
        List<Path> inputs = new ArrayList<>(cmd.data != null ? List.of(cmd.data) : cmd.folders.inputFiles());
        inputs.addAll(cmd.task.inputFiles());
        Path out = cmd.out;
        ModelFolderGuard.checkEnsemble(out, inputs, cmd.overwrite, cmd.resume);
        OutputFolders.requireWritable(out.toAbsolutePath().getParent(), "--out", out);
        try (Outputs outputs = new Outputs(cmd.overwrite || cmd.resume || isEmpty(out), inputs);
             OutputLock lock = OutputLock.acquire(out, "--out", "jcare train --ensemble", err)) {
            outputs.claim(out);
            if (cmd.data == null && !cmd.resume) {
                ConfigOptions.build(cmd.spec.commandLine().getParseResult(), cmd.folders.spatialAxes(), 1, 1,
                        cmd.seed);
            }
            EnsembleManifest manifest = cmd.resume ? EnsembleManifest.read(out) : null;
            long seed = manifest != null ? manifest.seed() : cmd.seed;
            // every member trains on the same patches: drawn once, with the ensemble's seed; the task (isotropic,
            // upsampling, projection) comes from the patches or --task, as for one model
            TrainingData all;
            TaskSpec recorded;
            if (cmd.data != null) {
                NpzTrainingDataFile.WithTask read = new NpzTrainingDataFile().readWithTask(cmd.data);
                all = read.data();
                recorded = read.task().orElse(null);
            } else {
                all = cmd.task.create(cmd.folders, seed, err);
                recorded = cmd.task.taskSpec();
            }
            TrainingData.Split split = all.split(cmd.validationSplit);
            if (manifest == null) {
                CareConfig config = cmd.configWithTask(all, recorded);
                TrainCommand.checkFits(config, all);
                manifest = EnsembleManifest.of(config, count, seed, cmd.augment);
                replaceExisting(out);
                outputs.folder(out.toAbsolutePath().getParent());
                EnsembleTraining.create(out, manifest);
            } else {
                TrainCommand.checkFits(manifest.config(), all);
                if (manifest.size() != count) {
                    throw new BadInputException("--resume: " + out + " is an ensemble of " + manifest.size()
                            + " members; give --ensemble " + manifest.size());
                }
            }
            // from here on the folder can be resumed: keep it whatever happens
            outputs.commit();
            String on = String.join(", ", devices.stream().map(d -> d == null ? "the default device" : d).toList());
            if (cmd.spark != null) {
                on = "Spark " + cmd.spark + " (each executor: " + on + ")";
            }
            err.println(String.format(Locale.ROOT, "training an ensemble of %d on %s: %d patches %s (%d for"
                    + " validation), %s", count, on, split.train().size(),
                    PatchSourceOptions.joined(all.spatialShape()), split.validation().size(),
                    manifest.config().toString().replace("CareConfig", "config")));
            err.flush();
            if (cmd.spark != null) {
                try {
                    return SparkEnsembleTraining.handOver(cmd, devices, stdout);
                } catch (RuntimeException e) {
                    err.println("the ensemble's finished members and checkpoints are kept in " + out + "; continue"
                            + " with --resume");
                    throw e;
                }
            }
            List<Engine> engines = new ArrayList<>();
            try {
                for (String d : devices) {
                    Engine e = cmd.compute.open(d, err);
                    engines.add(e);
                }
                List<EnsembleTraining.MemberResult> results = train(engines, manifest, split, err);
                Double factor = null;
                if (manifest.config().probabilistic() && !cmd.noRecalibrate) {
                    factor = recalibrate(engines.get(0), manifest, split.validation(), err);
                }
                if (cmd.folders.given()) { // pixel sizes of the training images, for the units of exported members
                    for (EnsembleManifest.Member m : manifest.members()) {
                        org.jcare.io.model.TrainingCalibration.recordFrom(out.resolve(m.folder()),
                                cmd.folders.inputFiles());
                    }
                }
                report(stdout, manifest, results, factor);
            } catch (RuntimeException e) {
                err.println("the ensemble's finished members and checkpoints are kept in " + out + "; continue with"
                        + " --resume");
                throw e;
            } finally {
                engines.forEach(Engine::close);
            }
        }
        return 0;
    }

    private void checkArguments(List<String> configGiven) {
        if (cmd.data != null && cmd.folders.given()) {
            throw new BadInputException("give either --data FILE.npz or --source/--target folders, not both");
        }
        if (cmd.data == null && !cmd.folders.given()) {
            throw new BadInputException("no training data: give --data FILE.npz, or --source DIR --target DIR"
                    + " --axes AXES");
        }
        if (cmd.spark != null) {
            SparkEnsembleTraining.driver(cmd.spark);
        }
        if (cmd.spark != null && cmd.data == null) {
            throw new BadInputException("--spark trains from --data FILE.npz on a file system every executor sees;"
                    + " cut the patches once with jcare datagen --source ... --target ... --out FILE.npz");
        }
        if (cmd.data != null && !Files.isRegularFile(cmd.data)) {
            throw new BadInputException("--data " + cmd.data + ": no such file");
        }
        if (cmd.fromModel.given()) {
            throw new BadInputException("--from-model with --ensemble: the members of an ensemble start from different"
                    + " random weights (their disagreement is what the ensemble measures); train the ensemble without"
                    + " --from-model");
        }
        if (cmd.folders.given()) {
            cmd.task.check(cmd.folders);
        }
        if (!(cmd.validationSplit > 0 && cmd.validationSplit < 1)) {
            throw new BadInputException("--validation-split must be in (0, 1), got " + cmd.validationSplit);
        }
        if (cmd.resume) {
            if (!configGiven.isEmpty()) {
                throw new BadInputException("--resume continues with the config saved in " + cmd.out + "; remove "
                        + String.join(", ", configGiven));
            }
            if (!EnsembleManifest.isEnsemble(cmd.out)) {
                throw new BadInputException("--resume: " + cmd.out + " is not an ensemble folder (it has no "
                        + EnsembleManifest.FILE + ")");
            }
        } else if (Files.exists(cmd.out) && !cmd.overwrite && !isEmpty(cmd.out)) {
            throw new BadInputException("--out " + cmd.out + " already exists; add --resume to continue its training,"
                    + " --overwrite to replace it, or choose another folder");
        }
    }

    /** The devices of {@code --device a,b,...} (null: the default device). */
    private List<String> devices() {
        String d = cmd.compute.device;
        if (d == null || d.isBlank()) {
            List<String> one = new ArrayList<>();
            one.add(null);
            return one;
        }
        List<String> out = new ArrayList<>();
        for (String s : d.split(",")) {
            if (s.isBlank()) {
                throw new BadInputException("--device " + d + ": an empty entry; list devices as 0,1 or gpu,cpu");
            }
            out.add(s.trim());
        }
        return out;
    }

    /** With --overwrite, an earlier ensemble or model in --out is removed; any other folder is refused. */
    private void replaceExisting(Path out) throws IOException {
        if (!Files.exists(out) || isEmpty(out)) {
            return;
        }
        // ModelFolderGuard.checkEnsemble has checked every entry already; this stays as the last look before a
        // recursive delete, so that a later change to the order of the checks cannot delete a user's folder
        if (!Files.isDirectory(out) || !(EnsembleManifest.isEnsemble(out)
                || Files.isRegularFile(out.resolve("config.json")))) {
            throw new BadInputException("--overwrite: " + out + " holds neither an ensemble nor a model; jcare does not"
                    + " delete other folders, choose another --out");
        }
        AtomicFiles.deleteRecursively(out);
    }

    private List<EnsembleTraining.MemberResult> train(List<Engine> engines, EnsembleManifest manifest,
            TrainingData.Split split, PrintWriter err) throws IOException {
        CareConfig c = manifest.config();
        long perMember = (long) c.trainEpochs() * c.trainStepsPerEpoch();
        Duration budget = cmd.timeBudget;
        try (Progress bar = Progress.start("ensemble", perMember * manifest.size(), 0, err, cmd.root.interactive,
                null)) {
            EnsembleProgress listeners = new EnsembleProgress(bar, err, manifest.size(), perMember);
            List<EnsembleTraining.MemberResult> r = CareEnsemble.train(engines, cmd.out, split, listeners, budget);
            bar.done();
            return r;
        }
    }

    /** Fits and stores the scale factors; a failure only warns (the trained members are kept as they are). */
    private Double recalibrate(Engine engine, EnsembleManifest manifest, TrainingData validation, PrintWriter err) {
        try (CareEnsemble ensemble = CareEnsemble.load(engine, cmd.out)) {
            double f = ensemble.recalibrateMixtureAndMembers(validation);
            err.println(String.format(Locale.ROOT, "recalibration: the mixture's scale factor is %.4g (maximum"
                    + " likelihood on %d validation patches); each member's own is in its config.json", f,
                    validation.size()));
            return f;
        } catch (IOException | RuntimeException e) {
            err.println("warning: recalibration failed, the ensemble keeps its trained scales: "
                    + ExitCodes.message(e));
            return null;
        }
    }

    private void report(PrintWriter stdout, EnsembleManifest manifest, List<EnsembleTraining.MemberResult> results,
                        Double factor) {
        for (EnsembleTraining.MemberResult r : results) {
            EnsembleManifest.Member m = manifest.members().get(r.index());
            double best = r.history().stream().mapToDouble(EpochResult::valLoss).min().orElse(Double.NaN);
            double seconds = r.history().stream().mapToDouble(EpochResult::seconds).sum();
            stdout.println(String.format(Locale.ROOT, "member %d (%s, seed %d): %s%d epochs, best val_loss %.5g, %s%s",
                    r.index() + 1, m.folder(), m.seed(), r.skipped() ? "already trained, " : "", r.history().size(),
                    best, Durations.format(Duration.ofMillis((long) (seconds * 1000))),
                    r.device() == null ? "" : " on " + r.device()));
        }
        stdout.println("ensemble: " + cmd.out + " (" + EnsembleManifest.FILE + " and " + manifest.size()
                + " member folders)" + (factor == null ? "" : String.format(Locale.ROOT, "; scale factor %.4g",
                factor)));
        stdout.flush();
    }

    private static boolean isEmpty(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
