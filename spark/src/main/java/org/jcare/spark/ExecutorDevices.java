package org.jcare.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.jcare.engine.Engine;
import org.jcare.engine.Precision;
import org.jcare.training.CareModel;
import org.jcare.training.predict.StreamingPredictor;
import org.jcare.training.stream.ModelFingerprint;
import org.jcare.training.stream.ZarrRestore;

/**
 * The OpenCL engines of one executor: one per device it owns, each with the model loaded once, lent to one task at a
 * time and reused by the tasks that follow. Which devices an executor owns: the GPUs Spark's resource scheduling
 * assigned to the task ({@code spark.executor.resource.gpu.amount} and a discovery script; their addresses are the
 * OpenCL GPU indices), else the job's {@code --devices} list, else the default device. With as many task slots per
 * executor as devices, every running task has a device of its own.
 *
 * <p>This is the one JVM-wide state of jcare, on purpose: a Spark executor is a JVM that runs many tasks, and an
 * OpenCL context with compiled kernels and a model's weights on the device is what must outlive a task.
 */
final class ExecutorDevices {
    /** A device with the model on it and an open restoration. */
    static final class Slot {
        final Engine engine;
        final CareModel model;
        final String modelId;
        final ZarrRestore restore;
        final StreamingPredictor predictor;

        Slot(Engine engine, CareModel model, String modelId, ZarrRestore restore) {
            this.engine = engine;
            this.model = model;
            this.modelId = modelId;
            this.restore = restore;
            this.predictor = new StreamingPredictor(model.network());
        }
    }

    private static final Map<String, BlockingQueue<Slot>> POOLS = new ConcurrentHashMap<>();
    private static final Map<String, List<Slot>> ALL = new ConcurrentHashMap<>();

    private ExecutorDevices() {
    }

    /** The devices this task may use. */
    static List<String> devices(RestoreJob job) {
        TaskContext tc = TaskContext.get();
        if (tc != null) {
            ResourceInformation gpus = tc.resources().get("gpu").getOrElse(() -> null);
            if (gpus != null && gpus.addresses().length > 0) {
                List<String> out = new ArrayList<>();
                for (String a : gpus.addresses()) {
                    out.add(a);
                }
                return out;
            }
        }
        if (!job.devices().isEmpty()) {
            return job.devices();
        }
        List<String> def = new ArrayList<>();
        def.add(null);
        return def;
    }

    /** Borrows a device slot for {@code job} (opening the pool's engines on first use); give it back with release. */
    static Slot borrow(RestoreJob job, String key) throws IOException, InterruptedException {
        BlockingQueue<Slot> pool = POOLS.get(key);
        if (pool == null) {
            synchronized (ExecutorDevices.class) {
                pool = POOLS.get(key);
                if (pool == null) {
                    List<String> devices = devices(job);
                    List<Slot> slots = new ArrayList<>();
                    for (String d : devices) {
                        slots.add(open(job, d));
                    }
                    pool = new ArrayBlockingQueue<>(slots.size(), false, slots);
                    ALL.put(key, slots);
                    POOLS.put(key, pool);
                }
            }
        }
        return pool.take();
    }

    /** Returns a slot to its pool. */
    static void release(String key, Slot slot) {
        POOLS.get(key).add(slot);
    }

    private static Slot open(RestoreJob job, String device) throws IOException {
        Engine engine = Engine.open(device);
        try {
            engine.precision(Precision.parse(job.precision()));
            CareModel model = CareModel.load(engine, Path.of(job.model()));
            String id = ModelFingerprint.of(model.network());
            ZarrRestore r = ZarrRestore.attach(job.inputPath(), job.axes(), job.outputPath(), model.network(), id,
                    job.settings());
            return new Slot(engine, model, id, r);
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** Closes the slots of {@code key} in this JVM (the driver in local mode, after the job). */
    static void closeAll(String key) {
        List<Slot> slots = ALL.remove(key);
        POOLS.remove(key);
        if (slots != null) {
            for (Slot s : slots) {
                try {
                    s.restore.close();
                } catch (IOException e) {
                    // the job is over; a reader that does not close is not worth failing it
                }
                s.model.close();
                s.engine.close();
            }
        }
    }
}
