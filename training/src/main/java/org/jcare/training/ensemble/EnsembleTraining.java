package org.jcare.training.ensemble;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jcare.engine.Engine;
import org.jcare.io.AtomicFiles;
import org.jcare.io.FileFormatException;
import org.jcare.io.model.ModelDirectory;
import org.jcare.training.CareModel;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.TaskKind;
import org.jcare.training.data.Augmentation;
import org.jcare.training.data.TrainingData;
import org.jcare.training.loop.EpochResult;
import org.jcare.training.loop.HistoryCsv;
import org.jcare.training.loop.TrainingListener;
import org.jcare.training.loop.TrainingSettings;

/**
 * Trains the members of an ensemble folder: every member on the same training data with its own seed (weight
 * initialization and batch order), into its own model folder, which is checkpointed after every epoch as any model
 * is. A member that finished carries {@value #DONE}; training an ensemble again skips those, resumes a member that
 * was interrupted from its last checkpoint and starts the others, so an ensemble is resumable member by member.
 * {@link #trainMember} trains one member from the folder alone (a task of a cluster); {@link #trainAll} trains every
 * member left on a list of devices, one thread per device, each taking the next member.
 */
public final class EnsembleTraining {
    /** The file a member's folder holds once its training has finished. */
    public static final String DONE = "member.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private EnsembleTraining() {
    }

    /** Where a member stands. */
    public enum Status {
        /** Nothing usable yet: it will be trained from the start. */
        ABSENT,
        /** Interrupted: a checkpoint to resume from. */
        PARTIAL,
        /** Finished. */
        TRAINED
    }

    /**
     * What training one member did.
     *
     * @param index   the member (0-based)
     * @param history its whole history (earlier runs included)
     * @param skipped true when it had finished before and was left as it was
     * @param device  the device it was trained on, or null when skipped
     */
    public record MemberResult(int index, List<EpochResult> history, boolean skipped, String device) {
    }

    /** Progress of the members of {@link #trainAll}; called from the training threads. */
    public interface Listeners {
        /** The listener of member {@code index} (0-based), whose folder is {@code folder}. */
        TrainingListener member(int index, Path folder, List<EpochResult> earlier);

        /** Called when a member has finished (or was found finished). */
        default void finished(MemberResult result) {
        }
    }

    /**
     * Creates the ensemble folder {@code dir} (which must not exist, or be empty) and writes its manifest.
     *
     * @throws IOException when the folder exists with content or cannot be written
     */
    public static void create(Path dir, EnsembleManifest manifest) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new FileFormatException(dir, "already exists and is not empty; an ensemble is created in a"
                            + " new folder");
                }
            }
        } else {
            Files.createDirectories(dir);
        }
        manifest.write(dir);
    }

    /** Where member {@code index} of the ensemble in {@code dir} stands. */
    public static Status status(Path dir, EnsembleManifest manifest, int index) {
        Path folder = dir.resolve(manifest.members().get(index).folder());
        if (Files.isRegularFile(folder.resolve(DONE))) {
            return Status.TRAINED;
        }
        return Files.isRegularFile(folder.resolve(ModelDirectory.TRAINING_STATE)) ? Status.PARTIAL : Status.ABSENT;
    }

    /**
     * Trains member {@code index} (0-based) of the ensemble in {@code dir} on {@code engine}: from the start, or on
     * from its checkpoint when it was interrupted; a member that has finished is left as it is. Everything but the
     * data comes from the manifest, so this runs anywhere the folder and the data are.
     *
     * @param timeBudget stop after the epoch in which this much time has passed (per member), or null
     * @throws IOException when the folder cannot be read or written
     */
    public static MemberResult trainMember(Engine engine, Path dir, int index, TrainingData.Split data,
                                           TrainingListener listener, Duration timeBudget) throws IOException {
        EnsembleManifest manifest = EnsembleManifest.read(dir);
        if (index < 0 || index >= manifest.size()) {
            throw new IllegalArgumentException("member " + (index + 1) + " of an ensemble of " + manifest.size());
        }
        EnsembleManifest.Member member = manifest.members().get(index);
        Path folder = dir.resolve(member.folder());
        Status status = status(dir, manifest, index);
        if (status == Status.TRAINED) {
            return new MemberResult(index, history(folder, manifest.config()), true, null);
        }
        if (status == Status.ABSENT && Files.exists(folder)) {
            // a member that never reached its first checkpoint: nothing of it can be resumed
            AtomicFiles.deleteRecursively(folder);
        }
        CareConfig config = manifest.config().toBuilder().seed(member.seed()).build();
        boolean resume = status == Status.PARTIAL;
        List<EpochResult> history;
        try (CareModel model = resume ? CareModel.loadForResume(engine, folder)
                : CareModel.create(engine, config, member.seed())) {
            TrainingSettings settings = model.trainingSettings(member.seed()).withTimeBudget(timeBudget);
            history = model.train(data.train(), data.validation(), settings, folder, listener,
                    augmentation(manifest.augment(), data.train(), config), resume);
        }
        markDone(folder, index, member.seed(), history, engine.device().name());
        return new MemberResult(index, history, false, engine.device().name());
    }

    /**
     * Trains every member that has not finished, on {@code engines}: one thread per engine, each taking the next member
     * (with one engine, one member after the other, in order). A failure stops the members not yet started; the
     * members being trained elsewhere finish their run, and the first failure is thrown.
     *
     * @return every member's result, in member order
     */
    public static List<MemberResult> trainAll(List<Engine> engines, Path dir, TrainingData.Split data,
                                              Listeners listeners, Duration timeBudget) throws IOException {
        EnsembleManifest manifest = EnsembleManifest.read(dir);
        if (engines.isEmpty()) {
            throw new IllegalArgumentException("no device to train on");
        }
        List<MemberResult> results = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(engines.size(), r -> {
            Thread t = new Thread(r, "jcare-ensemble-member");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (Engine engine : engines) {
                workers.add(pool.submit(() -> {
                    for (int k = next.getAndIncrement(); k < manifest.size() && !failed.get();
                         k = next.getAndIncrement()) {
                        try {
                            Path folder = dir.resolve(manifest.members().get(k).folder());
                            List<EpochResult> earlier = status(dir, manifest, k) == Status.PARTIAL
                                    ? history(folder, manifest.config()) : List.of();
                            MemberResult r = trainMember(engine, dir, k, data,
                                    listeners.member(k, folder, earlier), timeBudget);
                            results.add(r);
                            listeners.finished(r);
                        } catch (IOException | RuntimeException | Error e) {
                            failed.set(true);
                            throw e;
                        }
                    }
                    return null;
                }));
            }
            Throwable first = null;
            for (Future<?> w : workers) {
                try {
                    w.get();
                } catch (ExecutionException e) {
                    first = first == null ? e.getCause() : first;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed.set(true);
                    first = first == null ? e : first;
                }
            }
            if (first instanceof IOException io) {
                throw io;
            }
            if (first instanceof RuntimeException re) {
                throw re;
            }
            if (first instanceof Error err) {
                throw err;
            }
            if (first != null) {
                throw new IllegalStateException("ensemble training was interrupted", first);
            }
        } finally {
            pool.shutdownNow();
        }
        List<MemberResult> sorted = new ArrayList<>(results);
        sorted.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return sorted;
    }

    /**
     * The augmentation of {@code jcare train --augment}: flips, and rotations when the patches are square in YX; flips
     * only for the isotropic task (its degradation runs along X: a quarter turn would move it to Y).
     */
    static Augmentation augmentation(boolean augment, TrainingData train, CareConfig config) {
        if (!augment) {
            return Augmentation.NONE;
        }
        if (config.task().kind() == TaskKind.ISOTROPIC) {
            return new Augmentation(true, true, false, false);
        }
        int[] s = train.spatialShape();
        return s[s.length - 1] == s[s.length - 2] ? Augmentation.flipsAndRotations()
                : new Augmentation(true, true, false, false);
    }

    /** The history of a member folder (empty when it has none). */
    static List<EpochResult> history(Path folder, CareConfig config) {
        Path csv = folder.resolve("history.csv");
        if (!Files.isRegularFile(csv)) {
            return List.of();
        }
        try {
            return HistoryCsv.parse(Files.readString(csv, StandardCharsets.UTF_8), config.trainEpochs());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void markDone(Path folder, int index, long seed, List<EpochResult> history, String device)
            throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("member", index + 1);
        o.put("seed", seed);
        o.put("epochs", history.size());
        o.put("best_val_loss", history.stream().mapToDouble(EpochResult::valLoss).min().orElse(Double.NaN));
        o.put("seconds", history.stream().mapToDouble(EpochResult::seconds).sum());
        o.put("device", device);
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
        AtomicFiles.write(folder.resolve(DONE), true, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }
}
