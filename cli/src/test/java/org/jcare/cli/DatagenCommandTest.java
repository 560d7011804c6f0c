package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jcare.training.data.NpzTrainingDataFile;
import org.jcare.training.data.TrainingData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatagenCommandTest {
    @Test
    void writesACsbdeepNpzOfNormalizedPatches(@TempDir Path dir) throws Exception {
        Path data = CliTesting.sharedData();
        Path npz = dir.resolve("sub/patches.npz");
        CliTesting.Result r = run(args("datagen", "--source", data.resolve("low"), "--target", data.resolve("GT"),
                "--axes", "YX", "--patch-size", "32,32", "--patches-per-image", "5", "--out", npz)).expect(0);
        assertTrue(r.out().contains("wrote 15 patches SCYX [15, 1, 32, 32]"), r.out());
        TrainingData d = new NpzTrainingDataFile().read(npz);
        assertEquals(15, d.size());
        assertEquals("SCYX", d.axes());
        assertArrayEquals(new int[] {32, 32}, d.spatialShape());
        // the same seed gives the same file
        Path again = dir.resolve("again.npz");
        run(args("datagen", "--source", data.resolve("low"), "--target", data.resolve("GT"), "--axes", "YX",
                "--patch-size", "32,32", "--patches-per-image", "5", "--out", again)).expect(0);
        assertArrayEquals(d.x(3), new NpzTrainingDataFile().read(again).x(3));
    }

    @Test
    void refusesAnExistingOutputUnlessOverwrite(@TempDir Path dir) throws Exception {
        Path data = CliTesting.sharedData();
        Path npz = dir.resolve("p.npz");
        Files.writeString(npz, "old");
        String[] a = args("datagen", "--source", data.resolve("low"), "--target", data.resolve("GT"), "--axes", "YX",
                "--patch-size", "32,32", "--patches-per-image", "2", "--out", npz);
        CliTesting.Result r = run(a).expect(2);
        assertTrue(r.err().contains(npz + " already exists") && r.err().contains("--overwrite"), r.err());
        assertEquals("old", Files.readString(npz));
        String[] b = java.util.Arrays.copyOf(a, a.length + 1);
        b[a.length] = "--overwrite";
        run(b).expect(0);
        assertEquals(6, new NpzTrainingDataFile().read(npz).size());
    }

    @Test
    void axesThatDoNotFitTheImagesAreBadInputAndWriteNothing(@TempDir Path dir) throws Exception {
        Path data = CliTesting.sharedData();
        Path npz = dir.resolve("out/p.npz");
        CliTesting.Result r = run(args("datagen", "--source", data.resolve("low"), "--target", data.resolve("GT"),
                "--axes", "ZYX", "--patch-size", "32,32", "--out", npz)).expect(2);
        assertTrue(r.err().contains("--patch-size 32x32 has 2 entries but --axes ZYX has 3"), r.err());
        r = run(args("datagen", "--source", data.resolve("low"), "--target", data.resolve("GT"), "--axes", "YX",
                "--patch-size", "128,128", "--out", npz)).expect(2);
        assertTrue(r.err().contains("128"), r.err());
        assertFalse(Files.exists(dir.resolve("out")), "no output folder left behind");
    }

    @Test
    void missingFoldersAndUnpairedFilesAreNamed(@TempDir Path dir) throws Exception {
        Path data = CliTesting.sharedData();
        CliTesting.Result r = run(args("datagen", "--source", dir.resolve("nope"), "--target", data.resolve("GT"),
                "--axes", "YX", "--out", dir.resolve("p.npz"))).expect(2);
        assertTrue(r.err().contains("--source " + dir.resolve("nope") + ": no such folder"), r.err());
        Path low = Files.createDirectories(dir.resolve("low"));
        Files.copy(data.resolve("low/mice.tif"), low.resolve("other.tif"));
        r = run(args("datagen", "--source", low, "--target", data.resolve("GT"), "--axes", "YX",
                "--out", dir.resolve("p.npz"))).expect(2);
        assertTrue(r.err().contains("other.tif"), r.err());
        assertFalse(Files.exists(dir.resolve("p.npz")));
    }

    @Test
    void aFileThatIsNotATiffIsNamed(@TempDir Path dir) throws Exception {
        Path low = Files.createDirectories(dir.resolve("low"));
        Path gt = Files.createDirectories(dir.resolve("GT"));
        Files.writeString(low.resolve("a.tif"), "not a tiff");
        Files.writeString(gt.resolve("a.tif"), "not a tiff");
        CliTesting.Result r = run(args("datagen", "--source", low, "--target", gt, "--axes", "YX",
                "--out", dir.resolve("p.npz"))).expect(2);
        assertTrue(r.err().contains(low.resolve("a.tif").toString()), r.err());
        assertFalse(Files.exists(dir.resolve("p.npz")));
    }
}
