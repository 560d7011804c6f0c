package org.jcare.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jcare.engine.Engine;
import org.jcare.io.AtomicFiles;
import org.jcare.training.CareEnsemble;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.CareConfigJson;
import org.jcare.training.data.NpzTrainingDataFile;
import org.jcare.training.data.TrainingData;
import org.jcare.training.ensemble.EnsembleManifest;
import org.jcare.training.ensemble.EnsembleTraining;
import org.jcare.training.loop.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ensemble members trained as Spark tasks on {@code local[2,4]} (bound to 127.0.0.1) against
 * {@link EnsembleTraining#trainAll} on one engine: the same files byte for byte, through injected task failures and
 * reruns.
 */
class TrainEnsembleTest {
    /** What differs between two runs by nature: wall-clock times, the device's name, the curves drawn from them. */
    private static final Set<String> TIMED = Set.of("history.csv", EnsembleTraining.DONE, "training_curves.png");

    /** A tiny probabilistic U-Net, 2 epochs of 5 steps of batch 4. */
    static CareConfig tinyConfig() {
        return CareConfig.builder("YX").probabilistic(true).unetNDepth(1).unetNFirst(4).unetKernSize(3)
                .trainEpochs(2).trainStepsPerEpoch(5).trainBatchSize(4).build();
    }

    /** 40 noisy/clean 16x16 patch pairs of smooth random blobs. */
    static Path patches(Path file) throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        List<float[]> x = new ArrayList<>();
        List<float[]> y = new ArrayList<>();
        for (int s = 0; s < 40; s++) {
            float[] clean = new float[256];
            float[] noisy = new float[256];
            double cy = 16 * r.nextDouble();
            double cx = 16 * r.nextDouble();
            for (int i = 0; i < 256; i++) {
                double d2 = Math.pow(i / 16 - cy, 2) + Math.pow(i % 16 - cx, 2);
                clean[i] = (float) Math.exp(-d2 / 20);
                noisy[i] = (float) (clean[i] + 0.2 * r.nextGaussian());
            }
            x.add(noisy);
            y.add(clean);
        }
        new NpzTrainingDataFile().write(file, TrainingData.of("YX", new int[] {16, 16}, 1, 1, x, y));
        return file;
    }

    /** Every file of {@code dir} but the timed ones, by relative path. */
    static SortedMap<String, byte[]> files(Path dir) throws IOException {
        SortedMap<String, byte[]> out = new TreeMap<>();
        try (var s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                if (!TIMED.contains(p.getFileName().toString())) {
                    out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
                }
            }
        }
        return out;
    }

    static void assertSameBytes(Path expected, Path actual) throws IOException {
        SortedMap<String, byte[]> x = files(expected);
        SortedMap<String, byte[]> y = files(actual);
        assertEquals(x.keySet(), y.keySet());
        assertTrue(x.containsKey("member_02/weights.safetensors"), x.keySet().toString());
        for (String k : x.keySet()) {
            assertArrayEquals(x.get(k), y.get(k), k);
        }
    }

    private static String run(String... args) throws Exception {
        StringWriter log = new StringWriter();
        assertEquals(0, TrainEnsemble.run(args, new PrintWriter(log, true)));
        return log.toString();
    }

    @Test
    void membersTrainedAsSparkTasksEqualTrainAllByteForByteThroughRetriesAndReruns(@TempDir Path dir)
            throws Exception {
        Path data = patches(dir.resolve("patches.npz"));
        Path configFile = dir.resolve("config.json");
        CareConfigJson.write(tinyConfig(), configFile);
        long seed = 7;

        // the reference: both members on one engine, one after the other, then recalibrated as jcare train does
        Path reference = dir.resolve("reference");
        TrainingData.Split split = new NpzTrainingDataFile().read(data).split(0.2);
        CareConfig config = CareConfigJson.read(configFile).toBuilder().seed(seed).build();
        EnsembleTraining.create(reference, EnsembleManifest.of(config, 2, seed, true));
        try (Engine engine = Engine.open((String) null)) {
            EnsembleTraining.trainAll(List.of(engine), reference, split, (k, f, e) -> TrainingListener.NONE, null);
            try (CareEnsemble e = CareEnsemble.load(engine, reference)) {
                e.recalibrateMixtureAndMembers(split.validation());
            }
        }

        // the members as two tasks on two engines at once (two task threads, four attempts each); the first attempt
        // of every member dies after its first epoch, and the retry resumes from the member's checkpoint
        Path spark = dir.resolve("spark");
        String[] args = {"--data", data.toString(), "--out", spark.toString(), "--ensemble", "2", "--config",
            configFile.toString(), "--seed", "" + seed, "--validation-split", "0.2", "--augment", "--devices", "0;0",
            "--master", "local[2,4]"};
        System.setProperty("spark." + TrainEnsemble.FAIL_FIRST_ATTEMPTS, "true");
        String log;
        try {
            log = run(args);
        } finally {
            System.clearProperty("spark." + TrainEnsemble.FAIL_FIRST_ATTEMPTS);
        }
        assertTrue(log.contains("2 trained as Spark tasks on local[2,4], 0 already trained"), log);
        assertTrue(log.contains("recalibration: the mixture's scale factor"), log);
        assertTrue(log.matches("(?s).*member 1 \\(member_01, seed 7\\): 2 epochs.*member 2 \\(member_02, seed 8\\): 2"
                + " epochs.*"), log);
        assertSameBytes(reference, spark);
        assertTrue(EnsembleManifest.read(spark).scaleFactor() != null, "recalibrated");

        // a member without its completion record is the only one a rerun trains; the finished one is not touched
        String[] resume = {"--data", data.toString(), "--out", spark.toString(), "--validation-split", "0.2",
            "--master", "local[2]", "--resume"};
        Path firstWeights = spark.resolve("member_01/weights.safetensors");
        Files.setLastModifiedTime(firstWeights, FileTime.fromMillis(1_000_000));
        Files.delete(spark.resolve("member_02").resolve(EnsembleTraining.DONE));
        log = run(resume);
        assertTrue(log.contains("1 trained as Spark tasks on local[2], 1 already trained"), log);
        assertTrue(log.contains("member 2 (member_02, seed 8)") && !log.contains("member 1 (member_01"), log);
        assertEquals(1_000_000, Files.getLastModifiedTime(firstWeights).toMillis(), "member 1 was not rewritten");
        assertTrue(Files.isRegularFile(spark.resolve("member_02").resolve(EnsembleTraining.DONE)));
        assertSameBytes(reference, spark);

        // a member lost whole is trained again from its seed, to the same bytes
        AtomicFiles.deleteRecursively(spark.resolve("member_02"));
        log = run(resume);
        assertTrue(log.contains("1 trained as Spark tasks"), log);
        assertSameBytes(reference, spark);

        // nothing left: no task, no Spark
        log = run(resume);
        assertTrue(log.contains("0 trained as Spark tasks, 2 already trained"), log);
    }

    @Test
    void badInputIsRefusedBeforeSparkStarts(@TempDir Path dir) throws Exception {
        Path data = patches(dir.resolve("patches.npz"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run("--data",
                dir.resolve("missing.npz").toString(), "--out", dir.resolve("e").toString(), "--ensemble", "2"));
        assertTrue(e.getMessage().contains("missing.npz: no such file"), e.getMessage());
        Files.createDirectories(dir.resolve("taken"));
        Files.writeString(dir.resolve("taken/notes.txt"), "mine");
        e = assertThrows(IllegalArgumentException.class, () -> run("--data", data.toString(), "--out",
                dir.resolve("taken").toString(), "--ensemble", "2"));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> run("--data", data.toString(), "--out",
                dir.resolve("taken").toString(), "--ensemble", "2", "--overwrite"));
        assertTrue(e.getMessage().contains("holds neither an ensemble nor a model"), e.getMessage());
        assertEquals("mine", Files.readString(dir.resolve("taken/notes.txt")), "nothing of the user's is deleted");
        CareConfigJson.write(CareConfig.builder("YX").unetNDepth(5).build(), dir.resolve("deep.json"));
        e = assertThrows(IllegalArgumentException.class, () -> run("--data", data.toString(), "--out",
                dir.resolve("e").toString(), "--ensemble", "2", "--config", dir.resolve("deep.json").toString()));
        assertTrue(e.getMessage().contains("not divisible"), e.getMessage());
        CareConfigJson.write(CareConfig.builder("ZYX").build(), dir.resolve("zyx.json"));
        e = assertThrows(IllegalArgumentException.class, () -> run("--data", data.toString(), "--out",
                dir.resolve("e").toString(), "--ensemble", "2", "--config", dir.resolve("zyx.json").toString()));
        assertTrue(e.getMessage().contains("the patches have axes YX"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("e")), "no ensemble folder for refused input");
        IOException io = assertThrows(IOException.class, () -> run("--data", data.toString(), "--out",
                dir.resolve("e").toString(), "--resume"));
        assertTrue(io.getMessage().contains("not an ensemble folder"), io.getMessage());
    }
}
