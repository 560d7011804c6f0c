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
import org.jcare.engine.cl.DeviceInfo;
import org.jcare.engine.cl.Devices;
import org.jcare.engine.Precision;
import org.jcare.training.CareModel;
import org.jcare.training.predict.StreamingPredictor;
import org.jcare.training.stream.ModelFingerprint;
import org.jcare.training.stream.ZarrRestore;

/**
 * The OpenCL engines of one executor: one per device it owns, each with the model loaded once, lent to one task at a
 * time and reused by the tasks that follow. Which devices an executor owns: the GPUs Spark's resource scheduling
 * assigned to the task ({@code spark.executor.resource.gpu.amount} and a discovery script; an address n is the
 * executor's n-th OpenCL GPU), else the job's {@code --devices} list, else the default device. With as many task slots per
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
        final String poolKey;

        Slot(Engine engine, CareModel model, String modelId, ZarrRestore restore, String poolKey) {
            this.engine = engine;
            this.poolKey = poolKey;
            this.model = model;
            this.modelId = modelId;
            this.restore = restore;
            this.predictor = new StreamingPredictor(model.network());
        }
    }

    /** Prefix of a device that is the n-th OpenCL GPU of the executor (Spark's GPU addresses). */
    static final String GPU_ORDINAL = "gpu#";
    private static final Map<String, BlockingQueue<Slot>> POOLS = new ConcurrentHashMap<>();
    private static final Map<String, List<Slot>> ALL = new ConcurrentHashMap<>();

    private ExecutorDevices() {
    }

    /**
     * The devices this task may use: the GPU addresses Spark assigned to it when it has any (each its own pool, so that
     * two tasks that Spark gave different GPUs never share one, and a later task on the same GPU reuses its engine),
     * else the job's {@code --devices} (one pool for the executor), else the default device.
     */
    static List<String> devices(RestoreJob job, String[] gpuAddresses) {
        if (gpuAddresses != null && gpuAddresses.length > 0) {
            List<String> out = new ArrayList<>();
            for (String a : gpuAddresses) {
                // a GPU ordinal (what nvidia-smi based discovery scripts print) counts GPUs only; anything else is a
                // device specification (an index of ./jcare devices, or a part of a name)
                out.add(a.trim().matches("\\d+") ? GPU_ORDINAL + a.trim() : a.trim());
            }
            return out;
        }
        if (!job.devices().isEmpty()) {
            return job.devices();
        }
        List<String> def = new ArrayList<>();
        def.add(null);
        return def;
    }

    /** The GPU addresses Spark's resource scheduling assigned to the running task, or null. */
    private static String[] assignedGpus() {
        TaskContext tc = TaskContext.get();
        if (tc == null) {
            return null;
        }
        ResourceInformation gpus = tc.resources().get("gpu").getOrElse(() -> null);
        return gpus == null ? null : gpus.addresses();
    }

    /**
     * Borrows a device slot for {@code job} (opening the pool's engines on first use); give it back with
     * {@link #release}.
     */
    static Slot borrow(RestoreJob job, String key) throws IOException, InterruptedException {
        List<String> devices = devices(job, assignedGpus());
        String poolKey = key + "|" + devices;
        BlockingQueue<Slot> pool = POOLS.get(poolKey);
        if (pool == null) {
            synchronized (ExecutorDevices.class) {
                pool = POOLS.get(poolKey);
                if (pool == null) {
                    List<Slot> slots = new ArrayList<>();
                    try {
                        for (String d : devices) {
                            slots.add(open(job, d, poolKey));
                        }
                    } catch (IOException | RuntimeException e) {
                        close(slots);
                        throw e;
                    }
                    pool = new ArrayBlockingQueue<>(slots.size(), false, slots);
                    ALL.computeIfAbsent(key, k -> new ArrayList<>()).addAll(slots);
                    POOLS.put(poolKey, pool);
                }
            }
        }
        return pool.take();
    }

    /** Returns a slot to its pool. */
    static void release(Slot slot) {
        POOLS.get(slot.poolKey).add(slot);
    }

    /** An engine on {@code device}: a {@link #GPU_ORDINAL} GPU, else a device specification as --device takes. */
    static Engine openEngine(String device) {
        if (device != null && device.startsWith(GPU_ORDINAL)) {
            int n = Integer.parseInt(device.substring(GPU_ORDINAL.length()));
            List<DeviceInfo> gpus = Devices.list().stream().filter(DeviceInfo::isGpu).toList();
            if (n >= gpus.size()) {
                throw new IllegalArgumentException("Spark assigned GPU " + n + " to this task, but this executor has "
                        + gpus.size() + " OpenCL GPU(s): check the GPU discovery script and the OpenCL drivers");
            }
            return Engine.open(gpus.get(n));
        }
        return Engine.open(device);
    }

    private static Slot open(RestoreJob job, String device, String poolKey) throws IOException {
        Engine engine = openEngine(device);
        try {
            engine.precision(Precision.parse(job.precision()));
            CareModel model = CareModel.load(engine, Path.of(job.model()));
            String id = ModelFingerprint.of(model.network());
            ZarrRestore r = ZarrRestore.attach(job.inputPath(), job.axes(), job.outputPath(), model.network(), id,
                    job.settingsFor(model.config()));
            return new Slot(engine, model, id, r, poolKey);
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** Closes the slots of {@code key} in this JVM (the driver in local mode, after the job). */
    static void closeAll(String key) {
        List<Slot> slots;
        synchronized (ExecutorDevices.class) {
            slots = ALL.remove(key);
            POOLS.keySet().removeIf(k -> k.startsWith(key + "|"));
        }
        if (slots != null) {
            close(slots);
        }
    }

    private static void close(List<Slot> slots) {
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
