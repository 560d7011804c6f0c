package org.jcare.training.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Comparison;
import org.jcare.io.FileFormatException;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.model.bmz.BmzPackage;
import org.jcare.io.model.bmz.BmzSpecCheck;
import org.jcare.io.npz.NpyArray;
import org.jcare.io.npz.NpyFile;
import org.jcare.training.CareModel;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.ProjectionParams;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.predict.PredictOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model Zoo packages: the description passes the spec check, the test tensors reproduce in onnxruntime with the
 * spec's preprocessing (implemented here independently: numpy's linear percentiles), and jcare loads its own packages
 * back (from ONNX or state-dict weights) while refusing other architectures.
 */
class BmzExportTest {
    static Path exported(Engine engine, CareConfig config, Path tmp, FloatImage test) throws Exception {
        Path model = tmp.resolve("model");
        try (CareModel m = CareModel.create(engine, config, 3)) {
            m.save(model, false);
        }
        Path zip = tmp.resolve("care.zip");
        BmzExport.export(engine, model, zip, new BmzExport.Options("CARE test model", "A small test network.",
                List.of("Ada Lovelace"), "CC-BY-4.0", test, null), false);
        return zip;
    }

    @Test
    void packageValidatesAndItsTestTensorsReproduceInOnnxruntime(@TempDir Path tmp) throws Exception {
        CareConfig config = CareConfig.builder("YX").probabilistic(true).unetNDepth(2).unetNFirst(4).unetKernSize(3)
                .build();
        try (Engine engine = Engine.open((String) null)) {
            Path zip = exported(engine, config, tmp, null);
            BmzPackage.Content c = BmzPackage.read(zip);
            assertEquals(List.of(), BmzSpecCheck.problems(c.rdf(), c.files()));
            for (String f : List.of("rdf.yaml", "weights.onnx", "weights.pt", "care_unet.py", "test_input.npy",
                    "test_output.npy", "cover.png", "documentation.md")) {
                assertTrue(c.files().containsKey(f), f);
            }
            JsonNode sr = c.rdf().path("inputs").get(0).path("preprocessing").get(1);
            assertEquals("scale_range", sr.path("id").asText());
            NpyArray in = NpyFile.read(c.files().get("test_input.npy"), Path.of("test_input.npy"));
            NpyArray out = NpyFile.read(c.files().get("test_output.npy"), Path.of("test_output.npy"));
            assertArrayEquals(new long[] {1, 2, in.shape()[2], in.shape()[3]}, out.shape());
            float[] x = scaleRange(in, sr.path("kwargs").path("min_percentile").asDouble(),
                    sr.path("kwargs").path("max_percentile").asDouble(), sr.path("kwargs").path("eps").asDouble());
            float[] y = OrtRunner.run(c.files().get("weights.onnx"), x, in.shape());
            double[] expected = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                expected[i] = out.getFlat(i);
            }
            Comparison cmp = Comparison.of(expected, y);
            assertTrue(cmp.within(1, 1e-4), () -> cmp.describe("test_output.npy against onnxruntime", null));
        }
    }

    @Test
    void jcareLoadsItsPackagesFromOnnxOrStateDictAndRefusesOtherArchitectures(@TempDir Path tmp) throws Exception {
        CareConfig config = CareConfig.builder("YX").unetNDepth(1).unetNFirst(4).unetKernSize(3).build();
        try (Engine engine = Engine.open((String) null)) {
            Path zip = exported(engine, config, tmp, null);
            FloatImage img = FloatImage.of("YX", new long[] {40, 36}, OnnxExportTest.random(40 * 36, 9));
            float[] original;
            try (CareModel m = CareModel.load(engine, tmp.resolve("model"))) {
                original = m.predict(img, PredictOptions.defaults()).mean().toArray();
            }
            try (CareModel m = CareModel.load(engine, zip)) {
                assertArrayEquals(original, m.predict(img, PredictOptions.defaults()).mean().toArray());
            }
            // the same package with only its PyTorch state dict (rdf.yaml without onnx and without the jcare config)
            BmzPackage.Content c = BmzPackage.read(zip);
            ObjectNode rdf = c.rdf().deepCopy();
            ((ObjectNode) rdf.path("weights")).remove("onnx");
            ((ObjectNode) rdf.path("weights").path("pytorch_state_dict")).remove("parent");
            rdf.remove("config");
            Path pt = tmp.resolve("pt.zip");
            BmzPackage.write(pt, rdf, without(c.files(), "rdf.yaml"), false);
            try (CareModel m = CareModel.load(engine, pt)) {
                assertArrayEquals(original, m.predict(img, PredictOptions.defaults()).mean().toArray());
            }
            // another architecture
            ((ObjectNode) rdf.path("weights").path("pytorch_state_dict").path("architecture"))
                    .put("callable", "UNet2d").put("import_from", "bioimageio.core.unet");
            Path other = tmp.resolve("other.zip");
            BmzPackage.write(other, rdf, without(c.files(), "rdf.yaml"), false);
            FileFormatException e = assertThrows(FileFormatException.class, () -> CareModel.load(engine, other));
            assertTrue(e.getMessage().contains("not a CARE U-Net") && e.getMessage().contains("UNet2d"), e.getMessage());
        }
    }

    @Test
    void threeDimensionalAxesCarryTheUnitsOfTheCalibration(@TempDir Path tmp) throws Exception {
        CareConfig config = CareConfig.builder("ZYX").unetNDepth(1).unetNFirst(2).unetKernSize(3).build();
        FloatImage test = FloatImage.of("ZYX", new long[] {20, 40, 44}, OnnxExportTest.random(20 * 40 * 44, 4))
                .withCalibration(new Calibration(0.1, 0.1, 0.5, "micron", 0));
        try (Engine engine = Engine.open((String) null)) {
            Path zip = exported(engine, config, tmp, test);
            BmzPackage.Content c = BmzPackage.read(zip);
            assertEquals(List.of(), BmzSpecCheck.problems(c.rdf(), c.files()));
            JsonNode z = c.rdf().path("inputs").get(0).path("axes").get(2);
            assertEquals("z", z.path("id").asText());
            assertEquals("micrometer", z.path("unit").asText());
            assertEquals(0.5, z.path("scale").asDouble());
            NpyArray in = NpyFile.read(c.files().get("test_input.npy"), Path.of("in"));
            assertArrayEquals(new long[] {1, 1, 20, 40, 44}, in.shape());
        }
    }

    @Test
    void projectionModelsExportTheirCompositeGraphAndRoundTrip(@TempDir Path tmp) throws Exception {
        CareConfig config = CareConfig.builder("ZYX").unetNDepth(1).unetNFirst(4).unetKernSize(3).task(
                TaskSpec.ofProjection(new ProjectionParams("Z", 2, 3, 1, null, null))).build();
        FloatImage test = FloatImage.of("ZYX", new long[] {6, 56, 54}, OnnxExportTest.random(6 * 56 * 54, 8));
        try (Engine engine = Engine.open((String) null)) {
            Path zip = exported(engine, config, tmp, test);
            BmzPackage.Content c = BmzPackage.read(zip);
            assertEquals(List.of(), BmzSpecCheck.problems(c.rdf(), c.files()));
            assertTrue(!c.files().containsKey("weights.pt"), "CareUNet cannot express the projection network");
            JsonNode input = c.rdf().path("inputs").get(0);
            JsonNode output = c.rdf().path("outputs").get(0);
            assertEquals(List.of("batch", "channel", "z", "y", "x"), axisIds(input));
            assertEquals(List.of("batch", "channel", "y", "x"), axisIds(output));
            assertEquals("projection", c.rdf().path("config").path("jcare").path("task").path("task").asText());
            // the test tensors: the whole composite graph in onnxruntime, after the spec's preprocessing
            JsonNode sr = input.path("preprocessing").get(1).path("kwargs");
            NpyArray in = NpyFile.read(c.files().get("test_input.npy"), Path.of("test_input.npy"));
            NpyArray out = NpyFile.read(c.files().get("test_output.npy"), Path.of("test_output.npy"));
            assertArrayEquals(new long[] {1, 1, 6, 56, 52}, in.shape()); // Y, X: multiples of 4 (the pooling)
            assertArrayEquals(new long[] {1, 1, 56, 52}, out.shape());
            float[] y = OrtRunner.run(c.files().get("weights.onnx"), scaleRange(in, sr.path("min_percentile")
                    .asDouble(), sr.path("max_percentile").asDouble(), sr.path("eps").asDouble()), in.shape());
            double[] expected = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                expected[i] = out.getFlat(i);
            }
            Comparison cmp = Comparison.of(expected, y);
            assertTrue(cmp.within(1, 1e-4), () -> cmp.describe("projection test_output.npy against onnxruntime", null));
            // jcare predicts with the package as with the model it came from
            assertRestoresAsTheModel(engine, tmp.resolve("model"), zip, test);
        }
    }

    @Test
    void isotropicAndUpsamplingPackagesDocumentAndRecordTheirTask(@TempDir Path tmp) throws Exception {
        CareConfig iso = CareConfig.builder("YX").unetNDepth(1).unetNFirst(4).unetKernSize(3)
                .task(TaskSpec.isotropic(2.5, "psf.tif")).build();
        CareConfig up = CareConfig.builder("ZYX").unetNDepth(1).unetNFirst(2).unetKernSize(3)
                .task(TaskSpec.upsampling(2, null)).build();
        FloatImage stack = FloatImage.of("ZYX", new long[] {6, 36, 40}, OnnxExportTest.random(6 * 36 * 40, 5));
        try (Engine engine = Engine.open((String) null)) {
            for (CareConfig config : List.of(iso, up)) {
                Path dir = Files.createDirectories(tmp.resolve(config.task().kind().jsonName()));
                // an isotropic model's test image may be a stack: its middle lateral plane is the network's input
                Path zip = exported(engine, config, dir, config == iso ? stack : null);
                BmzPackage.Content c = BmzPackage.read(zip);
                assertEquals(List.of(), BmzSpecCheck.problems(c.rdf(), c.files()));
                JsonNode task = c.rdf().path("config").path("jcare").path("task");
                assertEquals(config.task().kind().jsonName(), task.path("task").asText());
                assertEquals(config.task().factor(), task.path("factor").asDouble());
                assertTrue(task.path("network_only").asBoolean());
                String doc = new String(c.files().get("documentation.md"), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(doc.contains("## Task: " + config.task().kind().jsonName()) && doc.contains("cannot be"
                        + " expressed"), doc);
                if (config == iso) {
                    assertTrue(doc.contains("geometric mean"), doc);
                    NpyArray in = NpyFile.read(c.files().get("test_input.npy"), Path.of("in"));
                    assertArrayEquals(new long[] {1, 1, 36, 40}, in.shape());
                }
                // the test output is the network's output for the test input (onnxruntime reproduces it)
                JsonNode sr = c.rdf().path("inputs").get(0).path("preprocessing").get(1).path("kwargs");
                NpyArray in = NpyFile.read(c.files().get("test_input.npy"), Path.of("in"));
                NpyArray out = NpyFile.read(c.files().get("test_output.npy"), Path.of("out"));
                float[] y = OrtRunner.run(c.files().get("weights.onnx"), scaleRange(in, sr.path("min_percentile")
                        .asDouble(), sr.path("max_percentile").asDouble(), sr.path("eps").asDouble()), in.shape());
                for (int i = 0; i < y.length; i++) {
                    assertEquals(out.getFlat(i), y[i], 1e-4, "test output at " + i);
                }
                // round trip: the package restores stacks as the model (the task and factor came back)
                try (CareModel m = CareModel.load(engine, zip)) {
                    assertEquals(config.task(), m.config().task());
                }
                assertRestoresAsTheModel(engine, dir.resolve("model"), zip, stack);
            }
        }
    }

    static void assertRestoresAsTheModel(Engine engine, Path model, Path zip, FloatImage image) throws Exception {
        float[] original;
        try (CareModel m = CareModel.load(engine, model)) {
            original = m.predict(image, PredictOptions.defaults()).mean().toArray();
        }
        try (CareModel m = CareModel.load(engine, zip)) {
            assertArrayEquals(original, m.predict(image, PredictOptions.defaults()).mean().toArray());
        }
    }

    static List<String> axisIds(JsonNode tensor) {
        List<String> ids = new java.util.ArrayList<>();
        for (JsonNode a : tensor.path("axes")) {
            ids.add(a.path("id").asText(a.path("type").asText()));
        }
        return ids;
    }

    static Map<String, byte[]> without(Map<String, byte[]> files, String name) {
        Map<String, byte[]> m = new LinkedHashMap<>(files);
        m.remove(name);
        return m;
    }

    /** The spec's scale_range per sample and channel over the spatial axes, with numpy's linear percentiles. */
    static float[] scaleRange(NpyArray a, double pmin, double pmax, double eps) {
        long[] s = a.shape();
        int c = (int) s[1];
        int n = (int) (a.numel() / s[0] / c);
        float[] out = new float[(int) a.numel()];
        for (int ch = 0; ch < c; ch++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = a.getFlat((long) ch * n + i);
            }
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            double lo = percentile(sorted, pmin);
            double hi = percentile(sorted, pmax);
            for (int i = 0; i < n; i++) {
                out[ch * n + i] = (float) ((v[i] - lo) / (hi - lo + eps));
            }
        }
        return out;
    }

    static double percentile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p / 100;
        int i = (int) Math.floor(h);
        return i + 1 < sorted.length ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
    }
}
