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
 * OpenCL context with compiled kernels and a model's weights on the device is what must outlive a task. Tasks that
 * bring their own networks (ensemble members, {@link TrainEnsemble}) borrow a bare engine instead
 * ({@link #borrowEngine}): the same devices, the same reuse across tasks, in pools of their own.
 */
final class ExecutorDevices {
    /** A device with the model on it and an open restoration. */
    static final class Slot implements AutoCloseable {
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

        @Override
        public void close() {
            try {
                restore.close();
            } catch (IOException e) {
                // the job is over; a reader that does not close is not worth failing it
            }
            model.close();
            engine.close();
        }
    }

    /** A bare engine of this executor, for a task that loads or creates its own networks on it. */
    static final class EngineSlot implements AutoCloseable {
        final Engine engine;
        final String poolKey;

        EngineSlot(Engine engine, String poolKey) {
            this.engine = engine;
            this.poolKey = poolKey;
        }

        @Override
        public void close() {
            engine.close();
        }
    }

    /** Opens the pooled thing of one device. */
    @FunctionalInterface
    private interface Opener<S> {
        S open(String device, String poolKey) throws IOException;
    }

    /** Prefix of a device that is the n-th OpenCL GPU of the executor (Spark's GPU addresses). */
    static final String GPU_ORDINAL = "gpu#";
    private static final Map<String, BlockingQueue<Object>> POOLS = new ConcurrentHashMap<>();
    private static final Map<String, List<AutoCloseable>> ALL = new ConcurrentHashMap<>();

    private ExecutorDevices() {
    }

    /**
     * The devices this task may use: the GPU addresses Spark assigned to it when it has any (each its own pool, so that
     * two tasks that Spark gave different GPUs never share one, and a later task on the same GPU reuses its engine),
     * else the job's {@code --devices} (one pool for the executor), else the default device.
     */
    static List<String> devices(RestoreJob job, String[] gpuAddresses) {
        return devices(job.devices(), gpuAddresses);
    }

    /** {@link #devices(RestoreJob, String[])} for a job whose executors' devices are {@code jobDevices}. */
    static List<String> devices(List<String> jobDevices, String[] gpuAddresses) {
        if (gpuAddresses != null && gpuAddresses.length > 0) {
            List<String> out = new ArrayList<>();
            for (String a : gpuAddresses) {
                // a GPU ordinal (what nvidia-smi based discovery scripts print) counts GPUs only; anything else is a
                // device specification (an index of ./jcare devices, or a part of a name)
                out.add(a.trim().matches("\\d+") ? GPU_ORDINAL + a.trim() : a.trim());
            }
            return out;
        }
        if (!jobDevices.isEmpty()) {
            return jobDevices;
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
        return borrow(key, devices(job, assignedGpus()), Slot.class, (d, poolKey) -> open(job, d, poolKey));
    }

    /**
     * Borrows a bare engine on one of this task's devices ({@link #devices(List, String[])} of {@code jobDevices}),
     * opened at {@code precision} by the first task of this executor that needs it and reused by the next ones; give
     * it back with {@link #release(EngineSlot)}. Engines of {@code key} are pooled apart from restoration slots.
     */
    static EngineSlot borrowEngine(List<String> jobDevices, String precision, String key)
            throws IOException, InterruptedException {
        return borrow(key + "|engine", devices(jobDevices, assignedGpus()), EngineSlot.class, (d, poolKey) -> {
            Engine engine = openEngine(d);
            try {
                engine.precision(Precision.parse(precision));
            } catch (RuntimeException e) {
                engine.close();
                throw e;
            }
            return new EngineSlot(engine, poolKey);
        });
    }

    private static <S extends AutoCloseable> S borrow(String key, List<String> devices, Class<S> type,
                                                      Opener<S> opener) throws IOException, InterruptedException {
        String poolKey = key + "|" + devices;
        BlockingQueue<Object> pool = POOLS.get(poolKey);
        if (pool == null) {
            synchronized (ExecutorDevices.class) {
                pool = POOLS.get(poolKey);
                if (pool == null) {
                    List<AutoCloseable> slots = new ArrayList<>();
                    try {
                        for (String d : devices) {
                            slots.add(opener.open(d, poolKey));
                        }
                    } catch (IOException | RuntimeException e) {
                        close(slots);
                        throw e;
                    }
                    pool = new ArrayBlockingQueue<>(slots.size(), false, slots);
                    ALL.computeIfAbsent(rootKey(key), k -> new ArrayList<>()).addAll(slots);
                    POOLS.put(poolKey, pool);
                }
            }
        }
        return type.cast(pool.take());
    }

    /** The job's key of a pool key prefix ({@code key} or {@code key|engine}). */
    private static String rootKey(String key) {
        return key.endsWith("|engine") ? key.substring(0, key.length() - "|engine".length()) : key;
    }

    /** Returns a slot to its pool. */
    static void release(Slot slot) {
        POOLS.get(slot.poolKey).add(slot);
    }

    /** Returns an engine to its pool. */
    static void release(EngineSlot slot) {
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

    /** Closes the slots and engines of {@code key} in this JVM (the driver in local mode, after the job). */
    static void closeAll(String key) {
        List<AutoCloseable> slots;
        synchronized (ExecutorDevices.class) {
            slots = ALL.remove(key);
            POOLS.keySet().removeIf(k -> k.startsWith(key + "|"));
        }
        if (slots != null) {
            close(slots);
        }
    }

    private static void close(List<AutoCloseable> slots) {
        for (AutoCloseable s : slots) {
            try {
                s.close();
            } catch (Exception e) {
                // the job is over (or its pool failed to open): closing the rest matters more
            }
        }
    }
}
