package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;
import org.jcare.io.tiff.TiffWriter;
import org.jcare.training.config.CareConfigJson;
import org.jcare.training.ensemble.EnsembleManifest;
import org.jcare.optics.resample.ScipyZoom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jcare train --ensemble}: members, devices, recalibration, resume, bad input, every task. */
class EnsembleTrainRunTest {
    @Test
    void trainsMembersOnTwoDeviceThreadsRecalibratesAndResumes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ens");
        CliTesting.Result r = run(EnsembleCliFixtures.trainArgs(out, 2, true, "--device", "0,0", "--seed", "5"))
                .expect(0);
        assertTrue(r.err().contains("training an ensemble of 2 on 0, 0"), r.err());
        assertTrue(r.out().contains("member 1 (member_01, seed 5)") && r.out().contains("member 2 (member_02, seed 6)"),
                r.out());
        assertTrue(r.err().contains("recalibration: the mixture's scale factor"), r.err());
        EnsembleManifest m = EnsembleManifest.read(out);
        assertEquals(2, m.size());
        assertTrue(m.scaleFactor() != null && m.scaleFactor() > 0);
        List<String> files = CliTesting.listing(out);
        for (String f : new String[] {"ensemble.json", "member_01/member.json", "member_01/weights.safetensors",
            "member_01/training_curves.png", "member_02/config.json"}) {
            assertTrue(files.contains(f), f + " in " + files);
        }
        assertTrue(CareConfigJson.read(out.resolve("member_02/config.json")).laplaceScaleFactor() != null,
                "each member has its own factor");

        CliTesting.Result again = run(args("train", "--ensemble", 2, "--source",
                CliTesting.sharedData().resolve("low"), "--target", CliTesting.sharedData().resolve("GT"), "--axes",
                "YX", "--patch-size", "32,32", "--patches-per-image", "8", "--out", out, "--resume")).expect(0);
        assertTrue(again.out().contains("already trained"), again.out());
    }

    @Test
    void sparkIsRefusedWithoutTheLauncherOrAnEnsemble(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("e");
        // this class path has no Spark: the command says how to get it before anything is written
        CliTesting.Result r = run(EnsembleCliFixtures.trainArgs(out, 2, true, "--spark", "local[2]")).expect(2);
        assertTrue(r.err().contains("./jcare train --ensemble M --spark local[2]"), r.err());
        assertTrue(!Files.exists(out), "nothing written");
        r = run(args("train", "--data", dir.resolve("x.npz"), "--out", out, "--spark", "local[2]")).expect(2);
        assertTrue(r.err().contains("give --ensemble M"), r.err());
    }

    @Test
    void badArgumentsAreOneLineErrors(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("e");
        assertTrue(run(EnsembleCliFixtures.trainArgs(out, 1, true)).expect(2).err().contains("2 to 1000 members"));
        assertTrue(run(EnsembleCliFixtures.trainArgs(out, 2, true, "--resume")).expect(2).err()
                .contains("--resume continues with the config"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        assertTrue(run(EnsembleCliFixtures.trainArgs(out, 2, true)).expect(2).err().contains("already exists"));
        assertTrue(run(EnsembleCliFixtures.trainArgs(out, 2, true, "--overwrite")).expect(2).err()
                .contains("notes.txt, which is not part of a jcare model"));
        assertEquals("mine", Files.readString(out.resolve("notes.txt")), "nothing of the user's is deleted");
        // an ensemble folder with something of the user's inside a member is not replaced either (issue 10, item 1)
        Path ens = dir.resolve("ens");
        Files.createDirectories(ens.resolve("member_01"));
        Files.writeString(ens.resolve("ensemble.json"), "{}");
        Files.writeString(ens.resolve("member_01").resolve("config.json"), "{}");
        Files.writeString(ens.resolve("member_01").resolve("my_analysis.csv"), "mine");
        assertTrue(run(EnsembleCliFixtures.trainArgs(ens, 2, true, "--overwrite")).expect(2).err()
                .contains("member_01/my_analysis.csv, which is not part of a jcare ensemble"));
        assertEquals("mine", Files.readString(ens.resolve("member_01").resolve("my_analysis.csv")));
        assertTrue(run(EnsembleCliFixtures.trainArgs(dir.resolve("f"), 2, true, "--device", "0,,1")).expect(2).err()
                .contains("empty entry"));
    }

    /**
     * Ensembles of the isotropic and projection tasks through the command line: the task comes from the patches,
     * members restore as their task does (Z x 4 with the Z spacing divided; projection to 2D), the readouts come beside
     * the restoration, and evaluate --calibration works on the isotropic ensemble with its ground truth.
     */
    @Test
    void isotropicAndProjectionEnsembles(@TempDir Path dir) throws Exception {
        FloatImage stack = new TiffReader().read(Path.of("..", "data", "neubias", "chromosomes3d.tif"), "ZYX");
        FloatImage truth = TaskCommandsTest.crop(stack, 48);
        FloatImage aniso = ScipyZoom.zoomAxis(truth, 'Z', 0.25, 0)
                .withCalibration(new Calibration(0.1, 0.1, 0.4, "micron", 0));
        Path in = Files.createDirectories(dir.resolve("aniso"));
        Path gt = Files.createDirectories(dir.resolve("gt"));
        new TiffWriter().write(aniso, in.resolve("s.tif"));
        new TiffWriter().write(truth, gt.resolve("s.tif"));
        Path npz = dir.resolve("iso.npz");
        run(args("datagen", "--task", "isotropic", "--source", in, "--axes", "ZYX", "--subsample", "4",
                "--patch-size", "16,16", "--patches-per-image", "24", "--filter-threshold", "0", "--out", npz))
                .expect(0);
        Path iso = dir.resolve("iso-ensemble");
        run(args("train", "--ensemble", 2, "--data", npz, "--out", iso, "--probabilistic", "--augment",
                "--unet-n-depth", "1", "--unet-n-first", "4", "--unet-kern-size", "3", "--train-epochs", "1",
                "--train-steps-per-epoch", "2", "--train-batch-size", "4")).expect(0);
        assertEquals("isotropic", EnsembleManifest.read(iso).config().task().kind().jsonName());
        assertEquals(4.0, CareConfigJson.read(iso.resolve("member_02/config.json")).task().factor());
        Path out = dir.resolve("restored");
        CliTesting.Result p = run(args("predict", "--model", iso, "--input", in, "--output", out,
                "--ensemble-outputs", "std,interval90,disagreement")).expect(0);
        assertTrue(p.out().contains("ensemble of 2"), p.out());
        TiffReader reader = new TiffReader();
        for (String f : new String[] {"s.tif", "s_std.tif", "s_interval90_upper.tif", "s_disagreement.tif"}) {
            FloatImage r = reader.read(out.resolve(f));
            assertArrayEquals(new long[] {48, 48, 48}, r.shape(), f + ": Z x 4");
            assertEquals(0.1, r.calibration().z(), 1e-6, f + ": Z spacing / factor");
        }
        assertTrue(Files.isRegularFile(out.resolve("s_disagreement.png")));
        run(args("predict", "--model", iso, "--input", in, "--output", dir.resolve("r2"), "--factor", "2",
                "--ensemble-outputs", "std")).expect(0);
        assertEquals(24, reader.read(dir.resolve("r2/s.tif")).size('Z'), "--factor overrides the recorded one");
        CliTesting.Result cal = run(args("evaluate", "--calibration", "--model", iso, "--input", in,
                "--ground-truth", gt, "--out", dir.resolve("cal"))).expect(0);
        assertTrue(cal.out().contains("ensemble"), cal.out());
        assertTrue(Files.readString(dir.resolve("cal/calibration.csv")).contains("member 2"));

        Path stacks = Files.createDirectories(dir.resolve("stacks"));
        Path surfaces = Files.createDirectories(dir.resolve("surfaces"));
        for (int i = 0; i < 2; i++) {
            FloatImage[] s = TaskCommandsTest.surfaceStack(i, 6, 32, 32);
            new TiffWriter().write(s[0], stacks.resolve(i + ".tif"));
            new TiffWriter().write(s[1], surfaces.resolve(i + ".tif"));
        }
        Path proj = dir.resolve("proj-ensemble");
        run(args("train", "--ensemble", 2, "--task", "projection", "--source", stacks, "--target", surfaces,
                "--axes", "ZYX", "--patch-size", "16,16", "--patches-per-image", "6", "--out", proj,
                "--probabilistic", "--proj-n-depth", "1", "--unet-n-depth", "1", "--unet-n-first", "4",
                "--train-epochs", "1", "--train-steps-per-epoch", "2", "--train-batch-size", "4")).expect(0);
        assertEquals("projection", EnsembleManifest.read(proj).config().task().kind().jsonName());
        Path pout = dir.resolve("projected");
        run(args("predict", "--model", proj, "--input", stacks, "--output", pout)).expect(0);
        assertArrayEquals(new long[] {32, 32}, reader.read(pout.resolve("0.tif")).shape());
        assertArrayEquals(new long[] {32, 32}, reader.read(pout.resolve("0_disagreement.tif")).shape());
        assertTrue(run(args("predict", "--model", proj, "--input", stacks, "--output", dir.resolve("w"),
                "--projection-weights")).expect(2).err().contains("one projection model"));
        assertTrue(run(args("train", "--ensemble", 2, "--data", npz, "--out", dir.resolve("ft"), "--from-model",
                iso.resolve("member_01"))).expect(2).err().contains("different random weights"));
    }
}
