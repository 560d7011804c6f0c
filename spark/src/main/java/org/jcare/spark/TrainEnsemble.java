package org.jcare.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.jcare.engine.Engine;
import org.jcare.engine.Precision;
import org.jcare.io.AtomicFiles;
import org.jcare.io.FileFormatException;
import org.jcare.training.CareEnsemble;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.CareConfigJson;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.data.NpzTrainingDataFile;
import org.jcare.training.data.TrainingData;
import org.jcare.training.ensemble.EnsembleManifest;
import org.jcare.training.ensemble.EnsembleTraining;
import org.jcare.training.loop.EpochResult;
import org.jcare.training.loop.TrainingListener;
import org.jcare.training.task.TaskNetworks;

/**
 * Trains the members of an ensemble as Spark tasks, one member per task on a device of its executor:
 * {@code spark-submit --class org.jcare.spark.TrainEnsemble jcare-spark.jar --data PATCHES.npz --out ENSEMBLE
 * --ensemble M [--config config.json] [--seed N] [--validation-split F] [--augment] [--devices LIST] ...}, or
 * {@code ./jcare train --ensemble M --spark MASTER ...}.
 *
 * <p>The driver reads the patches (to check them before Spark starts, and for recalibration), writes the ensemble
 * folder and its manifest as {@code jcare train --ensemble} does (or reads it with {@code --resume}), and makes one
 * task per member that has not finished ({@value EnsembleTraining#DONE} is the completion record), so a rerun trains
 * only what is left. Each task borrows an engine of its executor ({@link ExecutorDevices}: the GPU Spark assigned to
 * it, else one of {@code --devices}; engines are reused by the next tasks), reads the patches itself and runs
 * {@link EnsembleTraining#trainMember}: the member's folder is replaced whole after every epoch, so a task that
 * dies leaves the last complete checkpoint, and its retry goes on from there to the same weights as an uninterrupted
 * run (members are deterministic per seed). Speculative copies are switched off for this job: two attempts of one
 * member would write the same folder. The driver then checks that every member finished, recalibrates probabilistic
 * members on the validation patches ({@link CareEnsemble#recalibrateMixtureAndMembers}) and prints a summary.
 */
public final class TrainEnsemble {
    /**
     * A Spark local property (set with {@code --conf spark.jcare.test.failFirstMemberAttempts=true}) that makes the
     * first attempt of every member's task fail after its first epoch: the fault the tests inject to show that Spark's
     * retries resume to the same weights.
     */
    public static final String FAIL_FIRST_ATTEMPTS = "jcare.test.failFirstMemberAttempts";

    private TrainEnsemble() {
    }

    /**
     * What one task did, for the driver's summary.
     *
     * @param index   the member (0-based)
     * @param epochs  its epochs (earlier runs included)
     * @param bestVal its best validation loss
     * @param seconds its training time (earlier runs included)
     * @param device  the device it was trained on, or null when it had finished before
     * @param host    the executor's host
     */
    record MemberSummary(int index, int epochs, double bestVal, double seconds, String device, String host)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** spark-submit's entry point. */
    public static void main(String[] args) throws Exception {
        PrintWriter out = new PrintWriter(System.out, true);
        int code;
        try {
            code = run(args, out);
        } catch (IllegalArgumentException | FileFormatException e) {
            System.err.println("jcare spark: " + e.getMessage());
            code = 2;
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs the job described by {@code args} ({@link TrainEnsembleJob#parse}), printing a line per member and a summary
     * on {@code out}.
     *
     * @return 0 on success
     * @throws IllegalArgumentException when an argument, the patches or the ensemble folder do not fit
     */
    public static int run(String[] args, PrintWriter out) throws Exception {
        TrainEnsembleJob job = TrainEnsembleJob.parse(args);
        long t0 = System.nanoTime();
        if (!Files.isRegularFile(job.dataPath())) {
            throw new IllegalArgumentException("--data " + job.data() + ": no such file (give the training patches as"
                    + " .npz on a file system every executor sees)");
        }
        // the patches and the folder first: bad input fails before Spark starts
        NpzTrainingDataFile.WithTask read = new NpzTrainingDataFile().readWithTask(job.dataPath());
        TrainingData all = read.data();
        TrainingData.Split split = split(all, job.validationSplit());
        EnsembleManifest manifest = prepare(job, all, read.task().orElse(null));
        List<Integer> todo = new ArrayList<>();
        for (int k = 0; k < manifest.size(); k++) {
            if (EnsembleTraining.status(job.outPath(), manifest, k) != EnsembleTraining.Status.TRAINED) {
                todo.add(k);
            }
        }
        List<MemberSummary> trained = new ArrayList<>();
        String master = "";
        if (!todo.isEmpty()) {
            SparkConf conf = new SparkConf().setAppName("jcare train ensemble " + job.outPath().getFileName());
            if (job.master() != null) {
                conf.setMaster(job.master());
            }
            master = conf.get("spark.master", "");
            if (master.startsWith("local")) {
                conf.setIfMissing("spark.driver.host", "127.0.0.1")
                        .setIfMissing("spark.driver.bindAddress", "127.0.0.1").setIfMissing("spark.ui.enabled", "false");
            }
            conf.setIfMissing("spark.task.maxFailures", "4");
            // two attempts of one member would write its folder at once
            conf.set("spark.speculation", "false");
            String appJar = System.getProperty(Restore.APP_JAR);
            if (!master.startsWith("local") && appJar != null && !conf.contains("spark.jars")) {
                conf.set("spark.jars", appJar);
            }
            String key = job.outPath().toAbsolutePath().normalize() + "#train#" + System.nanoTime();
            try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                if (master.startsWith("local")) {
                    sc.setLogLevel("WARN");
                }
                if (conf.getBoolean("spark." + FAIL_FIRST_ATTEMPTS, false)) {
                    sc.setLocalProperty(FAIL_FIRST_ATTEMPTS, "true");
                }
                trained.addAll(sc.parallelize(todo, todo.size()).map(k -> trainTask(job, key, k)).collect());
            } finally {
                // local mode: the executors' engines live in this JVM (on a cluster they end with the executors)
                ExecutorDevices.closeAll(key);
            }
        }
        for (int k = 0; k < manifest.size(); k++) {
            if (EnsembleTraining.status(job.outPath(), manifest, k) != EnsembleTraining.Status.TRAINED) {
                throw new IllegalStateException("member " + (k + 1) + " of " + job.out() + " has no "
                        + EnsembleTraining.DONE + " after its task finished (was a task attempt still running"
                        + " elsewhere?); run the job again with --resume to finish it");
            }
        }
        Double factor = null;
        if (manifest.config().probabilistic() && job.recalibrate()) {
            factor = recalibrate(job, split.validation(), out);
        }
        report(out, job, manifest, trained, factor, master, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /** The split of {@code jcare train}: the last {@code fraction} of the patches for validation. */
    private static TrainingData.Split split(TrainingData all, double fraction) {
        try {
            return all.split(fraction);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--validation-split: " + e.getMessage(), e);
        }
    }

    /**
     * The ensemble's manifest: read from {@code --out} with {@code --resume}, else written there (a new folder, or an
     * earlier ensemble or model replaced with {@code --overwrite}) as {@code jcare train --ensemble} writes it.
     */
    static EnsembleManifest prepare(TrainEnsembleJob job, TrainingData all, TaskSpec task) throws IOException {
        Path out = job.outPath();
        if (job.resume()) {
            EnsembleManifest m = EnsembleManifest.read(out);
            if (job.members() != null && job.members() != m.size()) {
                throw new IllegalArgumentException("--resume: " + out + " is an ensemble of " + m.size()
                        + " members; give --ensemble " + m.size() + " or leave it out");
            }
            checkFits(m.config(), all, job.data());
            return m;
        }
        CareConfig config = config(job, all, task);
        checkFits(config, all, job.data());
        EnsembleManifest m = EnsembleManifest.of(config, job.members(), job.seed(), job.augment());
        if (Files.exists(out) && !isEmptyFolder(out)) {
            if (!job.overwrite()) {
                throw new IllegalArgumentException("--out " + out + " already exists; add --resume to continue its"
                        + " training, --overwrite to replace it, or choose another folder");
            }
            if (!Files.isDirectory(out) || !(EnsembleManifest.isEnsemble(out)
                    || Files.isRegularFile(out.resolve("config.json")))) {
                throw new IllegalArgumentException("--overwrite: " + out + " holds neither an ensemble nor a model;"
                        + " jcare does not delete other folders, choose another --out");
            }
            AtomicFiles.deleteRecursively(out);
        }
        EnsembleTraining.create(out, m);
        return m;
    }

    /** The members' config: {@code --config} (its seed replaced), else the defaults for the patches and their task. */
    private static CareConfig config(TrainEnsembleJob job, TrainingData all, TaskSpec task) throws IOException {
        if (job.config() != null) {
            Path file = Path.of(job.config());
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--config " + file + ": no such file (give a model's config.json)");
            }
            return CareConfigJson.read(file).toBuilder().seed(job.seed()).laplaceScaleFactor(null).build();
        }
        return CareConfig.builder(all.spatialAxes()).nChannelIn(all.channelsIn()).nChannelOut(all.channelsOut())
                .seed(job.seed()).task(task).build();
    }

    /** Patches a network of {@code c} cannot train on are refused, naming what to change. */
    static void checkFits(CareConfig c, TrainingData all, String data) {
        if (!c.spatialAxes().equals(all.spatialAxes())) {
            throw new IllegalArgumentException("--data " + data + ": the patches have axes " + all.spatialAxes()
                    + " but the config " + c.spatialAxes());
        }
        if (all.channelsIn() != c.nChannelIn() || all.channelsOut() != c.nChannelOut()) {
            throw new IllegalArgumentException("--data " + data + ": the patches have " + all.channelsIn() + " -> "
                    + all.channelsOut() + " channels, the config " + c.nChannelIn() + " -> " + c.nChannelOut());
        }
        int[] div = TaskNetworks.divisibility(c);
        int[] shape = all.spatialShape();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] % div[i] != 0) {
                throw new IllegalArgumentException("--data " + data + ": patch size " + java.util.Arrays.toString(shape)
                        + " is not divisible by " + java.util.Arrays.toString(div) + " (the network's pooling); cut"
                        + " other patches or lower unet_n_depth in the config");
            }
        }
    }

    /** A task: trains member {@code index} on an engine of this executor. */
    private static MemberSummary trainTask(TrainEnsembleJob job, String key, int index) throws Exception {
        TrainingData.Split split = split(new NpzTrainingDataFile().read(job.dataPath()), job.validationSplit());
        ExecutorDevices.EngineSlot slot = ExecutorDevices.borrowEngine(job.devices(), job.precision(), key);
        try {
            TaskContext tc = TaskContext.get();
            boolean inject = tc != null && tc.attemptNumber() == 0
                    && "true".equals(tc.getLocalProperty(FAIL_FIRST_ATTEMPTS));
            TrainingListener listener = new TrainingListener() {
                @Override
                public void onEpoch(EpochResult r) {
                    // the executor's log (the console in local mode): training a member takes a while
                    System.err.println(String.format(Locale.ROOT, "jcare: member %d epoch %d/%d loss %.5g val_loss"
                            + " %.5g (%.1f s)", index + 1, r.epoch(), r.epochs(), r.loss(), r.valLoss(), r.seconds()));
                    if (inject) {
                        // fault injection for tests: die after the first epoch's checkpoint; the retry resumes it
                        throw new IllegalStateException("injected failure of member " + (index + 1) + " ("
                                + FAIL_FIRST_ATTEMPTS + ")");
                    }
                }
            };
            EnsembleTraining.MemberResult r = EnsembleTraining.trainMember(slot.engine, job.outPath(), index, split,
                    listener, job.timeBudget());
            return new MemberSummary(index, r.history().size(),
                    r.history().stream().mapToDouble(EpochResult::valLoss).min().orElse(Double.NaN),
                    r.history().stream().mapToDouble(EpochResult::seconds).sum(), r.device(), host());
        } finally {
            ExecutorDevices.release(slot);
        }
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "?";
        }
    }

    /** Fits and stores the scale factors on the driver; a failure only warns (the members are kept as trained). */
    private static Double recalibrate(TrainEnsembleJob job, TrainingData validation, PrintWriter out) {
        try (Engine engine = ExecutorDevices.openEngine(job.devices().isEmpty() ? null : job.devices().get(0))) {
            engine.precision(Precision.parse(job.precision()));
            try (CareEnsemble ensemble = CareEnsemble.load(engine, job.outPath())) {
                double f = ensemble.recalibrateMixtureAndMembers(validation);
                out.println(String.format(Locale.ROOT, "recalibration: the mixture's scale factor is %.4g (maximum"
                        + " likelihood on %d validation patches); each member's own is in its config.json", f,
                        validation.size()));
                return f;
            }
        } catch (IOException | RuntimeException e) {
            out.println("warning: recalibration failed, the ensemble keeps its trained scales: " + e.getMessage());
            return null;
        }
    }

    private static void report(PrintWriter out, TrainEnsembleJob job, EnsembleManifest manifest,
                               List<MemberSummary> trained, Double factor, String master, double seconds) {
        List<MemberSummary> sorted = new ArrayList<>(trained);
        sorted.sort((a, b) -> Integer.compare(a.index(), b.index()));
        for (MemberSummary s : sorted) {
            EnsembleManifest.Member m = manifest.members().get(s.index());
            out.println(String.format(Locale.ROOT, "member %d (%s, seed %d): %d epochs, best val_loss %.5g, %.1f s%s",
                    s.index() + 1, m.folder(), m.seed(), s.epochs(), s.bestVal(), s.seconds(),
                    s.device() == null ? " (had finished)" : " on " + s.device() + " (" + s.host() + ")"));
        }
        out.println(String.format(Locale.ROOT, "ensemble: %s (%d members: %d trained as Spark tasks%s, %d already"
                + " trained)%s, %.1f s", job.out(), manifest.size(), trained.size(),
                master.isEmpty() ? "" : " on " + master, manifest.size() - trained.size(),
                factor == null ? "" : String.format(Locale.ROOT, "; scale factor %.4g", factor), seconds));
        out.flush();
    }

    private static boolean isEmptyFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
