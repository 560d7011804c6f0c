package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.CareConfigJson;
import org.jcare.io.image.FloatImage;
import org.jcare.training.loop.EpochResult;
import org.jcare.training.loop.HistoryCsv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    private static Path npz;

    @BeforeAll
    static void patches(@TempDir Path dir) throws Exception {
        Path data = CliTesting.sharedData();
        npz = dir.resolve("p.npz");
        run(args("datagen", "--source", data.resolve("low"), "--target", data.resolve("GT"), "--axes", "YX",
                "--patch-size", "32,32", "--patches-per-image", "6", "--out", npz)).expect(0);
    }

    private static String[] tiny(Object... more) {
        List<Object> a = new ArrayList<>(List.of("train", "--data", npz, "--unet-n-first", "8", "--unet-kern-size", "3",
                "--train-epochs", "2", "--train-steps-per-epoch", "2", "--train-batch-size", "4"));
        a.addAll(List.of(more));
        return args(a.toArray());
    }

    @Test
    void writesTheModelFolderHistoryAndCurves(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("models/m");
        CliTesting.Result r = run(tiny("--out", out, "--seed", "7", "--train-reduce-lr-patience", "3",
                "--augment")).expect(0);
        assertEquals(List.of("config.json", "history.csv", "training_curves.png", "training_state.safetensors",
                "weights.safetensors", "weights_best.safetensors", "weights_last.safetensors"), CliTesting.listing(out));
        assertTrue(r.out().contains("trained 2 epochs of 2 steps"), r.out());
        assertTrue(r.out().contains("curves:  " + out.resolve("training_curves.png")), r.out());
        assertTrue(r.err().contains("epoch 2/2"), r.err());
        CareConfig c = CareConfigJson.read(out.resolve("config.json"));
        assertEquals(8, c.unetNFirst());
        assertEquals(3, c.unetKernSize());
        assertEquals(2, c.trainEpochs());
        assertEquals(3, c.trainReduceLr().patience());
        assertEquals(7L, c.seed());
        assertEquals("YXC", c.axes());
        assertEquals(2, HistoryCsv.parse(Files.readString(out.resolve("history.csv")), 2).size());
    }

    @Test
    void everyConfigFieldHasAnOptionNamedAfterIt() throws Exception {
        JsonNode json = new ObjectMapper().readTree(CareConfigJson.toJson(CareConfig.of("YX", 1, 1, false)));
        CliTesting.Result help = run("train", "--help").expect(0);
        List<String> derived = List.of("n_dim", "axes", "n_channel_in", "n_channel_out", "jcare");
        for (var it = json.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (derived.contains(f)) {
                continue;
            }
            String option = "--" + f.replace('_', '-');
            assertTrue(help.out().contains(option), option + " in train --help");
            if (json.get(f).isObject()) {
                for (var sub = json.get(f).fieldNames(); sub.hasNext(); ) {
                    String o = option + "-" + sub.next().replace('_', '-');
                    assertTrue(help.out().contains(o), o + " in train --help");
                }
            }
        }
        assertTrue(help.out().contains("--unet-kern-size-per-axis"));
    }

    @Test
    void invalidConfigValuesAreAllNamedByOptionAndNothingIsWritten(@TempDir Path dir) {
        Path out = dir.resolve("m");
        CliTesting.Result r = run(args("train", "--data", npz, "--out", out, "--unet-kern-size", "4",
                "--train-learning-rate", "-1", "--unet-last-activation", "tanh")).expect(2);
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--unet-kern-size 4"), r.err());
        assertTrue(r.err().contains("--train-learning-rate"), r.err());
        assertTrue(r.err().contains("--unet-last-activation 'tanh'"), r.err());
        assertFalse(Files.exists(out));
        r = run(args("train", "--data", npz, "--out", out, "--unet-n-depth", "x")).expect(2);
        assertTrue(r.err().contains("--unet-n-depth"), r.err());
        r = run(args("train", "--data", npz, "--out", out, "--train-reduce-lr=false", "--train-reduce-lr-factor",
                "0.3")).expect(2);
        assertTrue(r.err().contains("--train-reduce-lr=false"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void patchesThatDoNotFitTheNetworkAreBadInput(@TempDir Path dir) {
        Path out = dir.resolve("m");
        CliTesting.Result r = run(args("train", "--data", npz, "--out", out, "--unet-n-depth", "6")).expect(2);
        assertTrue(r.err().contains("not divisible by 2^unet_n_depth = 64"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void anExistingModelIsNeverReplacedSilently(@TempDir Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("m"));
        Files.writeString(out.resolve("keep.txt"), "x");
        CliTesting.Result r = run(tiny("--out", out)).expect(2);
        assertTrue(r.err().contains("--out " + out + " already exists") && r.err().contains("--resume")
                && r.err().contains("--overwrite"), r.err());
        assertTrue(Files.exists(out.resolve("keep.txt")));
    }

    @Test
    void resumeContinuesAnInterruptedRun(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m");
        // a time budget of 1 ms stops after the first of 3 epochs, as an interruption would
        run(args("train", "--data", npz, "--out", out, "--unet-n-first", "8", "--unet-kern-size", "3",
                "--train-epochs", "3", "--train-steps-per-epoch", "2", "--train-batch-size", "4",
                "--time-budget", "1ms")).expect(0);
        assertEquals(1, HistoryCsv.parse(Files.readString(out.resolve("history.csv")), 3).size());
        CliTesting.Result r = run(args("train", "--data", npz, "--out", out, "--resume", "--unet-n-first", "8"))
                .expect(2);
        assertTrue(r.err().contains("remove --unet-n-first"), r.err());
        r = run(args("train", "--data", npz, "--out", out, "--resume")).expect(0);
        assertTrue(r.out().contains("trained 3 epochs"), r.out());
        assertEquals(3, HistoryCsv.parse(Files.readString(out.resolve("history.csv")), 3).size());
    }

    private static String[] fromFolders(Path out, Object... more) throws Exception {
        return fromFoldersEpochs(out, 3, more);
    }

    private static String[] fromFoldersEpochs(Path out, int epochs, Object... more) throws Exception {
        Path data = CliTesting.sharedData();
        List<Object> a = new ArrayList<>(List.of("train", "--source", data.resolve("low"), "--target",
                data.resolve("GT"), "--axes", "YX", "--patch-size", "32,32", "--patches-per-image", "8", "--out", out,
                "--unet-n-first", "8", "--unet-kern-size", "3", "--train-steps-per-epoch", "4", "--train-batch-size", "4",
                "--seed", "5", "--train-epochs", epochs));
        a.addAll(List.of(more));
        return args(a.toArray());
    }

    @Test
    void aResumedRunEndsWithExactlyTheFilesOfAnUninterruptedOne(@TempDir Path dir) throws Exception {
        // issue 10, item 2: a resumed process started without the best weights; when no later epoch improved,
        // weights_best was deleted and weights.safetensors held the last epoch while stdout said "best".
        // With this learning rate epochs 2 and 3 are worse than epoch 1 on PoCL, which is that case (on other devices
        // the rounding may differ; ModelCheckpointsTest holds the case itself).
        Path straight = dir.resolve("straight");
        Path resumed = dir.resolve("resumed");
        CliTesting.Result s = run(fromFolders(straight, "--train-learning-rate", "0.01")).expect(0);
        run(fromFolders(resumed, "--train-learning-rate", "0.01", "--time-budget", "1ms")).expect(0);
        assertEquals(1, HistoryCsv.parse(Files.readString(resumed.resolve("history.csv")), 3).size());
        CliTesting.Result r = run(args("train", "--source", CliTesting.sharedData().resolve("low"), "--target",
                CliTesting.sharedData().resolve("GT"), "--axes", "YX", "--patch-size", "32,32",
                "--patches-per-image", "8", "--out", resumed, "--seed", "5", "--resume")).expect(0);
        assertEquals(CliTesting.listing(straight), CliTesting.listing(resumed));
        for (String f : CliTesting.listing(straight)) {
            if (f.equals("history.csv")) {
                // the seconds column differs; every other value is the same
                assertEquals(withoutSeconds(straight.resolve(f)), withoutSeconds(resumed.resolve(f)), f);
            } else {
                assertArrayEquals(Files.readAllBytes(straight.resolve(f)), Files.readAllBytes(resumed.resolve(f)), f);
            }
        }
        List<EpochResult> h = HistoryCsv.parse(Files.readString(straight.resolve("history.csv")), 3);
        int best = h.stream().min((a, b) -> Double.compare(a.valLoss(), b.valLoss())).orElseThrow().epoch();
        assertTrue(s.out().contains("(epoch " + best + ")") && r.out().contains("(epoch " + best + ")"), r.out());
        System.out.println("resume test: best epoch " + best + " of " + h);
    }

    private static List<String> withoutSeconds(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    @Test
    void aRunKilledWithSigkillLeavesACompleteCheckpointAndTheNextRunCleansUpAfterIt(@TempDir Path dir)
            throws Exception {
        // issue 10, items 3 and 12 end to end: kill -9 during training left hidden temporaries no later run removed,
        // checkpoints without their curves, and a second run could not tell a dead holder from a live one
        Path parent = Files.createDirectories(dir.resolve("models"));
        Path out = parent.resolve("m");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Jcare.class.getName()));
        for (String a : fromFoldersEpochs(out, 100000)) {
            command.add(a);
        }
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (historyLines(out) < 4 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(child.isAlive() && historyLines(out) >= 4, Files.readString(dir.resolve("child.log")));
        } finally {
            child.destroyForcibly(); // SIGKILL, whatever it was writing
            child.waitFor();
        }
        // what the kill left: a complete checkpoint under the final name, with the curves of its own history
        List<String> files = CliTesting.listing(out);
        assertTrue(files.containsAll(List.of("config.json", "history.csv", "training_curves.png",
                "training_state.safetensors")), files.toString());
        int epochs = HistoryCsv.parse(Files.readString(out.resolve("history.csv")), 100000).size();
        assertTrue(epochs >= 3, "epochs " + epochs);
        assertTrue(javax.imageio.ImageIO.read(out.resolve("training_curves.png").toFile()) != null);
        assertTrue(Files.exists(OutputLock.fileOf(out)), "the killed run's lock file is still there");
        // the next run into the same folder: takes the dead run's lock over, removes its temporaries, continues
        CliTesting.Result r = run(args("train", "--source", CliTesting.sharedData().resolve("low"), "--target",
                CliTesting.sharedData().resolve("GT"), "--axes", "YX", "--patch-size", "32,32", "--patches-per-image",
                "8", "--out", out, "--seed", "5", "--resume", "--time-budget", "1ms")).expect(0);
        assertTrue(r.err().contains("was locked by jcare train (process " + child.pid()) && r.err().contains(
                "which no longer runs; taking the lock over"), r.err());
        assertTrue(HistoryCsv.parse(Files.readString(out.resolve("history.csv")), 100000).size() > epochs);
        try (var s = Files.list(parent)) {
            assertEquals(List.of("m"), s.map(p -> p.getFileName().toString()).toList(),
                    "no temporaries or locks of either run remain beside the model");
        }
    }

    private static int historyLines(Path out) {
        try {
            return (int) Files.readAllLines(out.resolve("history.csv")).size();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Test
    void freshPatchesAreTheDefaultFromFoldersAndFixedPatchesOnRequest(@TempDir Path dir) throws Exception {
        CliTesting.Result fresh = run(fromFoldersEpochs(dir.resolve("fresh"), 1)).expect(0);
        assertTrue(fresh.err().contains("fresh patches 32x32 for every batch from 3 image pairs (2 for validation)"),
                fresh.err());
        CliTesting.Result fixed = run(fromFoldersEpochs(dir.resolve("fixed"), 1, "--fixed-patches"))
                .expect(0);
        assertTrue(fixed.err().contains("22 patches 32x32 (2 for validation)"), fixed.err());
        assertTrue(run(tiny("--out", dir.resolve("npz"), "--fixed-patches")).expect(2).err()
                .contains("--fixed-patches is for training from --source/--target folders"));
    }

    @Test
    void trainingDataWithNaNIsBadInputNamingTheFileAndTheCount(@TempDir Path dir) throws Exception {
        // issue 10, item 7: NaN in the data ended as "training diverged: lower the learning rate"
        CliTesting.pairs(dir.resolve("d"), 64, 100, "mice", "bpae_b");
        Path gt = dir.resolve("d/GT/bpae_b.tif");
        FloatImage img = new org.jcare.io.tiff.TiffReader().read(gt);
        img.plane(0)[5] = Float.NaN;
        img.plane(0)[70] = Float.NaN;
        new org.jcare.io.tiff.TiffWriter().overwrite(true).write(img, gt);
        for (String mode : List.of("fresh", "fixed")) {
            Path out = dir.resolve("m-" + mode);
            List<Object> a = new ArrayList<>(List.of("train", "--source", dir.resolve("d/low"), "--target",
                    dir.resolve("d/GT"), "--axes", "YX", "--patch-size", "32,32", "--out", out));
            if (mode.equals("fixed")) {
                a.add("--fixed-patches");
            }
            CliTesting.Result r = run(args(a.toArray())).expect(2);
            assertTrue(r.err().contains(gt + " holds 2 non-finite pixels (NaN or infinity), the first at Y=0, X=5;"
                    + " training needs finite values"), mode + ": " + r.err());
            assertFalse(r.err().contains("diverged"), r.err());
            assertFalse(Files.exists(out));
        }
    }

    @Test
    void invalidAxesAreNamedAsSuch(@TempDir Path dir) throws Exception {
        // issue 10, item 11: --axes YXY was blamed on the patch size
        Path data = CliTesting.sharedData();
        CliTesting.Result r = run(args("train", "--source", data.resolve("low"), "--target", data.resolve("GT"),
                "--axes", "YXY", "--out", dir.resolve("m"))).expect(2);
        assertTrue(r.err().contains("--axes 'YXY': letter 'Y' appears twice"), r.err());
        assertFalse(r.err().contains("patch"), r.err());
    }

    @Test
    void dataSourceMistakesAreBadInput(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m");
        assertTrue(run(args("train", "--out", out)).expect(2).err().contains("no training data"));
        assertTrue(run(args("train", "--data", dir.resolve("none.npz"), "--out", out)).expect(2).err()
                .contains("none.npz: no such file"));
        Path data = CliTesting.sharedData();
        assertTrue(run(args("train", "--data", npz, "--source", data.resolve("low"), "--target", data.resolve("GT"),
                "--out", out)).expect(2).err().contains("not both"));
        Path bad = Files.writeString(dir.resolve("bad.npz"), "not a zip");
        assertTrue(run(args("train", "--data", bad, "--out", out)).expect(2).err().contains(bad.toString()));
        assertTrue(run(args("train", "--data", npz, "--out", out, "--validation-split", "0")).expect(2).err()
                .contains("--validation-split"));
        assertFalse(Files.exists(out));
    }

    @Test
    void unknownDeviceIsBadInputAndWritesNothing(@TempDir Path dir) {
        Path out = dir.resolve("m");
        CliTesting.Result r = run(tiny("--out", out, "--device", "no-such-device-xyz")).expect(2);
        assertTrue(r.err().contains("device 'no-such-device-xyz' not found"), r.err());
        assertFalse(Files.exists(out));
        assertTrue(run(tiny("--out", out, "--precision", "fp16")).expect(2).err().contains("--precision fp16"));
    }
}
