package org.jcare.training.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jcare.engine.Engine;
import org.jcare.io.model.ModelDirectory;
import org.jcare.io.model.TensorData;
import org.jcare.training.data.TrainingData;
import org.jcare.training.loop.EpochResult;
import org.jcare.training.loop.TrainingListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Members trained in one folder, on two engines at once, and resumed member by member. */
class EnsembleTrainingTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static final EnsembleTraining.Listeners QUIET = (k, folder, earlier) -> TrainingListener.NONE;

    @Test
    void twoEnginesTrainTheMembersAtOnceEachWithItsSeed(@TempDir Path dir) throws Exception {
        TrainingData.Split data = EnsembleFixtures.data();
        Path ens = dir.resolve("ens");
        EnsembleTraining.create(ens, EnsembleManifest.of(EnsembleFixtures.tinyConfig(2), 3, 7, false));
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        EnsembleTraining.Listeners listeners = (k, folder, earlier) -> {
            threads.add(Thread.currentThread().getName() + "@" + System.identityHashCode(Thread.currentThread()));
            return TrainingListener.NONE;
        };
        List<EnsembleTraining.MemberResult> results;
        try (Engine second = Engine.open((String) null)) {
            results = EnsembleTraining.trainAll(List.of(engine, second), ens, data, listeners, null);
        }
        assertEquals(3, results.size());
        assertEquals(List.of(0, 1, 2), results.stream().map(EnsembleTraining.MemberResult::index).toList());
        assertTrue(threads.stream().distinct().count() == 2, "members went to both device threads: " + threads);
        EnsembleManifest m = EnsembleManifest.read(ens);
        for (int k = 0; k < 3; k++) {
            assertEquals(EnsembleTraining.Status.TRAINED, EnsembleTraining.status(ens, m, k));
            assertEquals(2, results.get(k).history().size());
            assertTrue(Files.readString(ens.resolve(m.members().get(k).folder()).resolve(EnsembleTraining.DONE))
                    .contains("\"seed\" : " + (7 + k)));
        }
        assertFalse(java.util.Arrays.equals(weights(ens, m, 0), weights(ens, m, 1)), "different seeds, different"
                + " members");
    }

    @Test
    void anInterruptedEnsembleResumesMemberByMemberToTheSameWeights(@TempDir Path dir) throws Exception {
        TrainingData.Split data = EnsembleFixtures.data();
        Path whole = dir.resolve("whole");
        EnsembleTraining.create(whole, EnsembleManifest.of(EnsembleFixtures.tinyConfig(3), 2, 11, true));
        EnsembleTraining.trainAll(List.of(engine), whole, data, QUIET, null);

        Path parts = dir.resolve("parts");
        EnsembleManifest m = EnsembleManifest.of(EnsembleFixtures.tinyConfig(3), 2, 11, true);
        EnsembleTraining.create(parts, m);
        EnsembleTraining.trainMember(engine, parts, 0, data, TrainingListener.NONE, null);
        // member 2 dies after its first epoch
        TrainingListener dies = new TrainingListener() {
            @Override
            public void onEpoch(EpochResult r) {
                throw new IllegalStateException("power cut");
            }
        };
        assertThrows(IllegalStateException.class, () -> EnsembleTraining.trainMember(engine, parts, 1, data, dies,
                null));
        assertEquals(EnsembleTraining.Status.TRAINED, EnsembleTraining.status(parts, m, 0));
        assertEquals(EnsembleTraining.Status.PARTIAL, EnsembleTraining.status(parts, m, 1));
        Path first = parts.resolve("member_01").resolve("weights.safetensors");
        Files.setLastModifiedTime(first, FileTime.fromMillis(1_000_000));

        List<EnsembleTraining.MemberResult> resumed = EnsembleTraining.trainAll(List.of(engine), parts, data, QUIET,
                null);
        assertTrue(resumed.get(0).skipped(), "the finished member is kept");
        assertEquals(1_000_000, Files.getLastModifiedTime(first).toMillis(), "and not rewritten");
        assertFalse(resumed.get(1).skipped());
        assertEquals(3, resumed.get(1).history().size(), "the interrupted member continued to its third epoch");
        for (int k = 0; k < 2; k++) {
            assertArrayEquals(weights(whole, m, k), weights(parts, m, k), "member " + (k + 1) + " as if never"
                    + " interrupted");
        }
    }

    @Test
    void aMemberIndexOutsideTheEnsembleIsRefused(@TempDir Path dir) throws Exception {
        EnsembleTraining.create(dir.resolve("e"), EnsembleManifest.of(EnsembleFixtures.tinyConfig(1), 2, 1, false));
        assertThrows(IllegalArgumentException.class, () -> EnsembleTraining.trainMember(engine, dir.resolve("e"), 2,
                EnsembleFixtures.data(), TrainingListener.NONE, null));
        assertThrows(java.io.IOException.class, () -> EnsembleTraining.create(dir.resolve("e"),
                EnsembleManifest.of(EnsembleFixtures.tinyConfig(1), 2, 1, false)));
    }

    /** The member's best weights, every tensor concatenated in name order. */
    static float[] weights(Path ens, EnsembleManifest m, int k) throws Exception {
        ModelDirectory.Loaded l = ModelDirectory.load(ens.resolve(m.members().get(k).folder()));
        List<Float> all = new ArrayList<>();
        for (TensorData t : l.weights().values()) {
            for (float v : t.values()) {
                all.add(v);
            }
        }
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }
}
