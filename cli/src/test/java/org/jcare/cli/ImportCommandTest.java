package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Arrays;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffWriter;
import org.jcare.training.config.CareConfigJson;
import org.jcare.training.config.TaskKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jcare import}, and CSBDeep models used directly by predict and by train --from-model. */
class ImportCommandTest {
    static final Path CSBDEEP = Path.of("..", "io", "src", "test", "resources", "csbdeep");

    static Path copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var s = Files.list(from)) {
            for (Path f : s.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    @Test
    void convertsACsbdeepFolderThatPredictAlsoTakesAsIs(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("imported");
        CliTesting.Result r = run(args("import", "--csbdeep", CSBDEEP.resolve("keras2_2d"), "--out", out)).expect(0);
        assertTrue(r.out().contains("parameters"), r.out());
        assertEquals(List.of("config.json", "weights.safetensors"), CliTesting.listing(out));
        Path data = CliTesting.sharedData();
        run(args("predict", "--model", out, "--input", data.resolve("low"), "--output", dir.resolve("a"))).expect(0);
        run(args("predict", "--model", CSBDEEP.resolve("keras2_2d"), "--input", data.resolve("low"), "--output",
                dir.resolve("b"))).expect(0);
        for (String f : CliTesting.listing(dir.resolve("a"))) {
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("a").resolve(f)),
                    Files.readAllBytes(dir.resolve("b").resolve(f))), f);
        }
    }

    @Test
    void aConfigThatDoesNotFitTheWeightsIsExitTwoNamingTheDataset(@TempDir Path dir) throws Exception {
        Path m = copy(CSBDEEP.resolve("keras2_2d"), dir.resolve("m"));
        Files.writeString(m.resolve("config.json"), Files.readString(m.resolve("config.json"))
                .replace("\"unet_n_first\": 4", "\"unet_n_first\": 8"));
        CliTesting.Result r = run(args("import", "--csbdeep", m, "--out", dir.resolve("x"))).expect(2);
        assertTrue(r.err().contains("dataset /down_level_0_no_0/down_level_0_no_0/kernel:0 has shape [3, 3, 1, 4]"),
                r.err());
        assertTrue(r.err().lines().count() == 1, r.err());
        r = run(args("predict", "--model", m, "--input", CliTesting.sharedData().resolve("low"), "--output",
                dir.resolve("p"))).expect(2);
        assertTrue(r.err().contains("kernel:0 has shape"), r.err());
        assertTrue(!Files.exists(dir.resolve("x")));
        run(args("import", "--csbdeep", dir, "--out", dir.resolve("y"))).expect(2);
        run(args("import", "--csbdeep", m, "--out", dir.resolve("w"), "--task", "projection")).expect(2);
    }

    /** A random stack as a TIFF file. */
    static Path stack(Path file, long... shape) throws Exception {
        int n = (int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        float[] v = new float[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(n);
        for (int i = 0; i < n; i++) {
            v[i] = (float) (100 + 50 * r.nextDouble());
        }
        Files.createDirectories(file.getParent());
        new TiffWriter().write(FloatImage.of("ZYX", shape, v), file);
        return file;
    }

    @Test
    void csbdeepIsotropicAndProjectionModelsRestoreAsTheirTasks(@TempDir Path dir) throws Exception {
        Path in = stack(dir.resolve("in/stack.tif"), 5, 16, 20);
        // IsotropicCARE: the task and factor from the command line, on import or directly on predict
        Path iso = dir.resolve("iso");
        run(args("import", "--csbdeep", CSBDEEP.resolve("keras2_2d"), "--out", iso, "--task", "isotropic",
                "--factor", "2")).expect(0);
        var c = CareConfigJson.read(iso.resolve("config.json"));
        assertEquals(TaskKind.ISOTROPIC, c.task().kind());
        assertEquals(2.0, c.task().factor());
        CliTesting.Result r = run(args("predict", "--model", iso, "--input", in, "--output", dir.resolve("a")))
                .expect(0);
        assertTrue(r.out().contains("[10, 16, 20]"), r.out());
        r = run(args("predict", "--model", CSBDEEP.resolve("keras2_2d"), "--task", "isotropic", "--factor", "2",
                "--input", in, "--output", dir.resolve("b"))).expect(0);
        assertTrue(Arrays.equals(Files.readAllBytes(dir.resolve("a/stack.tif")),
                Files.readAllBytes(dir.resolve("b/stack.tif"))));
        // without --task: a standard model, and a note that says how to name the task
        r = run(args("import", "--csbdeep", CSBDEEP.resolve("keras2_2d"), "--out", dir.resolve("std"))).expect(0);
        assertTrue(r.err().contains("--task isotropic"), r.err());
        assertEquals(TaskKind.STANDARD, CareConfigJson.read(dir.resolve("std/config.json")).task().kind());
        // a task that does not fit the network, and a task for a jcare model that records another
        r = run(args("import", "--csbdeep", CSBDEEP.resolve("keras2_3d"), "--out", dir.resolve("x"), "--task",
                "isotropic")).expect(2);
        assertTrue(r.err().contains("2D"), r.err());
        r = run(args("predict", "--model", iso, "--task", "upsampling", "--input", in, "--output", dir.resolve("c")))
                .expect(2);
        assertTrue(r.err().contains("records the task isotropic"), r.err());
        // ProjectionCARE: recognized by its proj_* fields; 2D output
        Path proj = dir.resolve("proj");
        run(args("import", "--csbdeep", CSBDEEP.resolve("projection"), "--out", proj)).expect(0);
        assertEquals(TaskKind.PROJECTION, CareConfigJson.read(proj.resolve("config.json")).task().kind());
        r = run(args("predict", "--model", CSBDEEP.resolve("projection"), "--input", in, "--output",
                dir.resolve("p"))).expect(0);
        assertTrue(r.out().contains("[16, 20]"), r.out());
        assertTrue(!r.err().contains("note:"), r.err());
    }

    @Test
    void trainingContinuesFromACsbdeepModel(@TempDir Path dir) throws Exception {
        Path data = CliTesting.sharedData();
        Path out = dir.resolve("tuned");
        CliTesting.Result r = run(args("train", "--from-model", CSBDEEP.resolve("keras2_2d"), "--source",
                data.resolve("low"), "--target", data.resolve("GT"), "--axes", "YX", "--patch-size", "32,32",
                "--patches-per-image", "4", "--train-epochs", "1", "--train-steps-per-epoch", "2",
                "--train-batch-size", "2", "--out", out)).expect(0);
        assertTrue(r.out().contains("trained 1 epoch"), r.out());
        var c = CareConfigJson.read(out.resolve("config.json"));
        assertEquals(4, c.unetNFirst(), "the imported network");
        assertEquals(1, c.trainEpochs(), "the given training option");
        r = run(args("train", "--from-model", CSBDEEP.resolve("keras2_2d"), "--source", data.resolve("low"),
                "--target", data.resolve("GT"), "--axes", "YX", "--patch-size", "32,32", "--unet-n-first", "8",
                "--out", dir.resolve("x"))).expect(2);
        assertTrue(r.err().contains("--unet-n-first"), r.err());
    }
}
