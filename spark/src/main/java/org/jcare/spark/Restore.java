package org.jcare.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.jcare.engine.Engine;
import org.jcare.engine.Precision;
import org.jcare.io.zarr.OmeZarrImage;
import org.jcare.io.zarr.Pyramid;
import org.jcare.training.CareModel;
import org.jcare.training.predict.PercentileNormalizer;
import org.jcare.training.predict.PredictionListener;
import org.jcare.training.predict.StreamPlan;
import org.jcare.training.stream.ModelFingerprint;
import org.jcare.training.stream.RestoreSettings;
import org.jcare.training.stream.ZarrRestore;

/**
 * Restores a volume or a time-lapse on Apache Spark, to OME-Zarr: {@code spark-submit --class org.jcare.spark.Restore
 * jcare-spark.jar --model M --input IN --output OUT.zarr [options of jcare predict]}, or {@code ./jcare predict --spark
 * MASTER ...}.
 *
 * <p>The driver plans the restoration exactly as one machine does ({@link ZarrRestore}: same tiles, same record),
 * then runs three stages: the percentiles of every time point ({@link PercentileStage}), the units of work (tiles of
 * one time point, {@code --units-per-task} consecutive ones per task) on the executors' devices
 * ({@link ExecutorDevices}), each writing its cells into the shared output through the partitioned chunk writer, and
 * the pyramid levels, chunk by chunk. A task Spark retries writes the same bytes again, and a chunk appears only
 * whole, so retries and speculative copies cannot corrupt the output; the driver finally assembles what a lost
 * executor left in fragments, checks every chunk, writes the metadata and renames the output into place. The result
 * is byte for byte the single-machine result on the same kind of device.
 */
public final class Restore {
    /**
     * A Spark local property (set with {@code sc.setLocalProperty} or {@code --conf}) that makes the first attempt of
     * every other restoring task fail after writing half its cells: the fault the tests inject to show that Spark's
     * retries give the same output.
     */
    public static final String FAIL_FIRST_ATTEMPTS = "jcare.test.failFirstAttempts";

    /** The system property through which ./jcare names jcare-spark.jar, for the executors of a cluster. */
    static final String APP_JAR = "jcare.spark.jar";

    private Restore() {
    }

    /** spark-submit's entry point. */
    public static void main(String[] args) throws Exception {
        PrintWriter out = new PrintWriter(System.out, true);
        int code;
        try {
            code = run(args, out);
        } catch (IllegalArgumentException e) {
            System.err.println("jcare spark: " + e.getMessage());
            code = 2;
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs the job described by {@code args} ({@link RestoreJob#parse}), printing a summary line on {@code out}.
     *
     * @return 0 on success
     */
    public static int run(String[] args, PrintWriter out) throws Exception {
        RestoreJob job = RestoreJob.parse(args);
        long t0 = System.nanoTime();
        // the model first: a model streaming cannot run, or a bad path, fails before Spark starts
        try (Engine engine = Engine.open(job.devices().isEmpty() ? null : job.devices().get(0));
             CareModel model = CareModel.load(engine, Path.of(job.model()))) {
            engine.precision(Precision.parse(job.precision()));
            RestoreSettings settings = job.settingsFor(model.config());
            SparkConf conf = new SparkConf().setAppName("jcare restore " + job.outputPath().getFileName());
            if (job.master() != null) {
                conf.setMaster(job.master());
            }
            String master = conf.get("spark.master", "");
            if (master.startsWith("local")) {
                // everything on this machine: bind to the loopback, no web UI
                conf.setIfMissing("spark.driver.host", "127.0.0.1")
                        .setIfMissing("spark.driver.bindAddress", "127.0.0.1").setIfMissing("spark.ui.enabled", "false");
            }
            conf.setIfMissing("spark.task.maxFailures", "4");
            // started by ./jcare predict --spark (not spark-submit): executors on other machines need jcare's jar
            String appJar = System.getProperty(APP_JAR);
            if (!master.startsWith("local") && appJar != null && !conf.contains("spark.jars")) {
                conf.set("spark.jars", appJar);
            }
            String key = job.outputPath().toAbsolutePath().normalize() + "#" + System.nanoTime();
            try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                if (master.startsWith("local")) {
                    sc.setLogLevel("WARN");
                }
                if (conf.getBoolean("spark." + FAIL_FIRST_ATTEMPTS, false)) {
                    sc.setLocalProperty(FAIL_FIRST_ATTEMPTS, "true");
                }
                run(job, settings, model, sc, key, out, t0);
                return 0;
            }
        }
    }

    private static void run(RestoreJob job, RestoreSettings settings, CareModel model, JavaSparkContext sc, String key,
                            PrintWriter out, long t0) throws Exception {
        String modelId = ModelFingerprint.of(model.network());
        long restored;
        StreamPlan plan;
        try (ZarrRestore restore = ZarrRestore.begin(job.inputPath(), job.axes(), job.outputPath(), model.network(),
                modelId, settings, job.resume(), job.overwrite())) {
            plan = restore.plan();
            int slices = Math.max(1, sc.defaultParallelism());
            if (job.normalize()) {
                PercentileStage.run(sc, job, settings.zoomZ(), restore, slices * 4);
            }
            List<long[]> tasks = tasks(restore, plan, job.unitsPerTask());
            restored = tasks.isEmpty() ? 0 : sc.parallelize(tasks, tasks.size())
                    .map(range -> restoreUnits(job, key, range)).reduce(Long::sum);
            pyramid(sc, restore, slices);
            restore.finish(modelId, job.overwrite());
        } finally {
            // local mode: the executors' engines live in this JVM (on a cluster they end with the executors)
            ExecutorDevices.closeAll(key);
        }
        out.println(String.format(Locale.ROOT, "%s -> %s on Spark %s (%d units restored of %d, %.1f s)",
                job.input(), job.output(), sc.master(), restored, plan.unitCount(), (System.nanoTime() - t0) / 1e9));
        out.flush();
    }

    /** The tasks: ranges of consecutive units of one time point that are not written yet, as {first, end}. */
    static List<long[]> tasks(ZarrRestore restore, StreamPlan plan, int unitsPerTask) throws IOException {
        List<long[]> out = new ArrayList<>();
        long perFrame = plan.unitsPerFrame();
        var sink = restore.sink();
        long start = -1;
        for (long k = 0; k <= plan.unitCount(); k++) {
            boolean todo = false;
            if (k < plan.unitCount()) {
                long[][] c = plan.cell(plan.unit(k));
                todo = !sink.isWritten(c[0], org.jcare.io.zarr.Boxes.toInts(c[1]));
            }
            boolean cut = start >= 0 && (!todo || k - start >= unitsPerTask || k % perFrame == 0);
            if (cut) {
                out.add(new long[] {start, k});
                start = -1;
            }
            if (todo && start < 0) {
                start = k;
            }
        }
        return out;
    }

    /** A task: restores units {@code range[0]..range[1]} of one time point on a device of this executor. */
    private static long restoreUnits(RestoreJob job, String key, long[] range) throws Exception {
        ExecutorDevices.Slot slot = ExecutorDevices.borrow(job, key);
        try {
            ZarrRestore r = slot.restore;
            StreamPlan plan = r.plan();
            long t = plan.unit(range[0]).t();
            PercentileNormalizer[] norms = null;
            if (job.normalize()) {
                float[][] f = r.recordedFrame(t);
                if (f == null) {
                    throw new IllegalStateException("time point " + t + " has no recorded normalization");
                }
                norms = new PercentileNormalizer[(int) plan.shape()[0]];
                norms[(int) t] = PercentileNormalizer.of(f[0], f[1]);
            }
            TaskContext tc = TaskContext.get();
            if (tc != null && tc.attemptNumber() == 0 && tc.partitionId() % 2 == 0
                    && "true".equals(tc.getLocalProperty(FAIL_FIRST_ATTEMPTS))) {
                // fault injection for tests: die after writing half the cells; the retry must give the same output
                long mid = (range[0] + range[1] + 1) / 2;
                slot.predictor.run(r.input(), plan, norms, k -> k >= range[0] && k < mid, r.sink(), null, false,
                        PredictionListener.NONE);
                throw new IllegalStateException("injected failure of task " + tc.partitionId() + " (" + FAIL_FIRST_ATTEMPTS
                        + ")");
            }
            // a retried task rewrites its cells with the same bytes; no resume check, so a half-written cell is redone
            return slot.predictor.run(r.input(), plan, norms, k -> k >= range[0] && k < range[1], r.sink(), null,
                    false, PredictionListener.NONE);
        } finally {
            ExecutorDevices.release(slot);
        }
    }

    /** Builds the pyramid level by level, the chunks of each level spread over tasks. */
    private static void pyramid(JavaSparkContext sc, ZarrRestore restore, int slices) throws IOException {
        OmeZarrImage img = OmeZarrImage.open(restore.partial());
        String path = restore.partial().toString();
        for (int k = 1; k < img.levelCount(); k++) {
            long chunks = img.level(k).metadata().chunkCount();
            List<Long> ids = new ArrayList<>();
            for (long c = 0; c < chunks; c++) {
                ids.add(c);
            }
            int level = k;
            sc.parallelize(ids, (int) Math.max(1, Math.min(chunks, slices * 4L))).foreachPartition(it -> {
                OmeZarrImage o = OmeZarrImage.open(Path.of(path));
                while (it.hasNext()) {
                    long c = it.next();
                    Pyramid.buildChunk(o.level(level - 1), o.level(level), o.step(level),
                            Pyramid.chunkIndex(o.level(level).metadata(), c), true);
                }
            });
        }
    }
}
