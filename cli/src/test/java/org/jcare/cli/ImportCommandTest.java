package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jcare.training.config.CareConfigJson;
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
        run(args("import", "--csbdeep", CSBDEEP.resolve("projection"), "--out", dir.resolve("z"))).expect(2);
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
