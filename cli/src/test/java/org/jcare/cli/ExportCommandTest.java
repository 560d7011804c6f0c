package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jcare.io.model.bmz.BmzPackage;
import org.jcare.io.model.bmz.BmzSpecCheck;
import org.jcare.io.model.onnx.OnnxWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jcare export --onnx} and {@code --bmz}, and predict from the package it writes. */
class ExportCommandTest {
    @Test
    void exportsOnnxAndAModelZooPackageThatPredictTakes(@TempDir Path dir) throws Exception {
        Path model = CliTesting.model();
        Path onnx = dir.resolve("m.onnx");
        CliTesting.Result r = run(args("export", "--onnx", model, onnx)).expect(0);
        assertTrue(r.out().contains("ONNX opset 17"), r.out());
        assertTrue(OnnxWeights.read(OnnxWeights.parse(Files.readAllBytes(onnx), onnx), onnx).size() > 0);
        Path data = CliTesting.sharedData();
        Path test = Files.list(data.resolve("low")).sorted().findFirst().orElseThrow();
        Path zip = dir.resolve("m.zip");
        run(args("export", "--bmz", model, zip, "--author", "Ada Lovelace", "--test-image", test, "--pixel-size",
                "0.2,0.2")).expect(0);
        BmzPackage.Content c = BmzPackage.read(zip);
        assertEquals(List.of(), BmzSpecCheck.problems(c.rdf(), c.files()));
        assertEquals("micrometer", c.rdf().path("inputs").get(0).path("axes").get(2).path("unit").asText());
        run(args("predict", "--model", model, "--input", data.resolve("low"), "--output", dir.resolve("a"))).expect(0);
        run(args("predict", "--model", zip, "--input", data.resolve("low"), "--output", dir.resolve("b"))).expect(0);
        for (String f : CliTesting.listing(dir.resolve("a"))) {
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("a").resolve(f)),
                    Files.readAllBytes(dir.resolve("b").resolve(f))), f);
        }
        r = run(args("export", "--bmz", model, zip)).expect(2);
        assertTrue(r.err().contains("exists"), r.err());
        run(args("export", "--onnx", model, dir.resolve("m.txt"))).expect(2);
        run(args("export", "--onnx", dir.resolve("none"), dir.resolve("n.onnx"))).expect(2);
    }

    @Test
    void exportsTaskModelsWhosePackagesPredictAsTheModels(@TempDir Path dir) throws Exception {
        Path in = ImportCommandTest.stack(dir.resolve("in/stack.tif"), 5, 56, 60);
        Path csbdeep = ImportCommandTest.CSBDEEP;
        Path iso = dir.resolve("iso");
        run(args("import", "--csbdeep", csbdeep.resolve("keras2_2d"), "--out", iso, "--task", "isotropic",
                "--factor", "2")).expect(0);
        for (Path model : List.of(iso, csbdeep.resolve("projection"))) {
            String name = model.getFileName().toString();
            Path onnx = dir.resolve(name + ".onnx");
            CliTesting.Result r = run(args("export", "--onnx", model, onnx)).expect(0);
            assertTrue(r.out().contains(name.equals("iso") ? "[batch, 1, y, x]" : "[batch, 1, z, y, x]"), r.out());
            Path zip = dir.resolve(name + ".zip");
            run(args("export", "--bmz", model, zip)).expect(0);
            BmzPackage.Content c = BmzPackage.read(zip);
            assertEquals(List.of(), BmzSpecCheck.problems(c.rdf(), c.files()));
            assertEquals(name.equals("iso") ? "isotropic" : "projection", c.rdf().path("config").path("jcare")
                    .path("task").path("task").asText());
            run(args("predict", "--model", model, "--input", in, "--output", dir.resolve(name + "_a"))).expect(0);
            run(args("predict", "--model", zip, "--input", in, "--output", dir.resolve(name + "_b"))).expect(0);
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(dir.resolve(name + "_a/stack.tif")),
                    Files.readAllBytes(dir.resolve(name + "_b/stack.tif"))), name);
        }
    }
}
