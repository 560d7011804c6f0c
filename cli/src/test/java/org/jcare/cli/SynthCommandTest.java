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
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;
import org.jcare.io.tiff.TiffWriter;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.CareConfigJson;
import org.jcare.training.config.TaskKind;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.data.NpzTrainingDataFile;
import org.jcare.training.data.TrainingData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCommandTest {
    @Test
    void writesNpzSidecarAndSheetDeterministically(@TempDir Path dir) throws Exception {
        Path npz = dir.resolve("out/tub.npz");
        CliTesting.Result r = run(args("synth", "--structure", "both", "--pairs", "12", "--patch-size", "48,40",
                "--seed", "3", "--threads", "2", "--photons", "50:500", "--out", npz)).expect(0);
        assertTrue(r.out().contains("generated 12 both pairs of 48x40"), r.out());
        TrainingData d = new NpzTrainingDataFile().read(npz);
        assertEquals(12, d.size());
        assertEquals("SCYX", d.axes());
        assertArrayEquals(new int[] {48, 40}, d.spatialShape());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("out/tub.json").toFile());
        assertEquals(3, json.get("seed").asLong());
        assertEquals(12, json.get("pair_parameters").size());
        JsonNode p0 = json.get("pair_parameters").get(0);
        assertTrue(p0.get("photons").asDouble() >= 50 && p0.get("photons").asDouble() <= 500);
        assertTrue(p0.has("persistenceNm") && p0.has("granuleRadiiNm") && p0.has("seed"), p0.toString());
        assertEquals("50:500", json.get("settings").get("photons").asText());
        assertTrue(json.get("psf").get("fwhm_x_nm").asDouble() > 150);
        assertTrue(Files.size(dir.resolve("out/tub_pairs.png")) > 1000);
        // the same seed on one thread writes the same data
        Path again = dir.resolve("again.npz");
        run(args("synth", "--structure", "both", "--pairs", "12", "--patch-size", "48,40", "--seed", "3", "--threads",
                "1", "--photons", "50:500", "--out", again)).expect(0);
        assertArrayEquals(d.x(7), new NpzTrainingDataFile().read(again).x(7));
    }

    @Test
    void threeDimensionalPatchesAndBadOptions(@TempDir Path dir) throws Exception {
        Path npz = dir.resolve("vol.npz");
        run(args("synth", "--structure", "granules", "--pairs", "2", "--patch-size", "6,24,24", "--z-step", "250",
                "--out", npz)).expect(0);
        TrainingData d = new NpzTrainingDataFile().read(npz);
        assertEquals("SCZYX", d.axes());
        assertArrayEquals(new int[] {6, 24, 24}, d.spatialShape());
        CliTesting.Result bad = run(args("synth", "--photons", "5:1", "--out", dir.resolve("b.npz"))).expect(2);
        assertTrue(bad.err().contains("--photons '5:1'"), bad.err());
        bad = run(args("synth", "--na", "1.6", "--out", dir.resolve("b.npz"))).expect(2);
        assertTrue(bad.err().contains("refractive index"), bad.err());
        bad = run(args("synth", "--structure", "actin", "--out", dir.resolve("b.npz"))).expect(2);
        assertTrue(bad.err().contains("tubules, granules or both"), bad.err());
        assertFalse(Files.exists(dir.resolve("b.npz")));
        bad = run(args("synth", "--out", dir.resolve("b.tif"))).expect(2);
        assertTrue(bad.err().contains("*.npz"), bad.err());
    }

    @Test
    void upsampledPairsTrainALateralUpsamplingModelThatPredictsOnTheFineGrid(@TempDir Path dir) throws Exception {
        Path npz = dir.resolve("up.npz");
        CliTesting.Result r = run(args("synth", "--pairs", "16", "--patch-size", "16,16", "--upsample", "2",
                "--diffuse-strength", "0.2:0.4", "--seed", "5", "--out", npz)).expect(0);
        assertTrue(r.out().contains("targets at 50.0 nm (x2)"), r.out());
        NpzTrainingDataFile.WithTask read = new NpzTrainingDataFile().readWithTask(npz);
        assertArrayEquals(new int[] {32, 32}, read.data().spatialShape(), "X zoomed to the target grid");
        TaskSpec task = read.task().orElseThrow();
        assertEquals(TaskKind.UPSAMPLING, task.kind());
        assertEquals("YX", task.upsampledAxes());
        assertEquals(2.0, task.factor());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("up.json").toFile());
        assertEquals(2, json.get("settings").get("upsample").asInt());
        assertEquals("0.2:0.4", json.get("settings").get("diffuse_strength").asText());
        assertEquals("YX", json.get("task").get("task_axes").asText());
        double d0 = json.get("pair_parameters").get(0).get("diffuseStrength").asDouble();
        assertTrue(d0 >= 0.2 && d0 <= 0.4, "diffuse strength " + d0);
        // train on it: the model records the task, and predict zooms by itself, calibration and all
        Path model = dir.resolve("model");
        run(args("train", "--data", npz, "--out", model, "--unet-n-depth", "1", "--unet-n-first", "4",
                "--unet-kern-size", "3", "--train-epochs", "1", "--train-steps-per-epoch", "2",
                "--train-batch-size", "4")).expect(0);
        CareConfig c = CareConfigJson.read(model.resolve("config.json"));
        assertEquals("YX", c.task().upsampledAxes());
        assertEquals(2.0, c.task().factor());
        Path in = dir.resolve("in/wf.tif");
        Files.createDirectories(in.getParent());
        float[] px = new float[24 * 20];
        for (int i = 0; i < px.length; i++) {
            px[i] = 100 + (i * 37 % 101);
        }
        new TiffWriter().write(FloatImage.of("YX", new long[] {24, 20}, px)
                .withCalibration(new Calibration(0.1, 0.1, 0, "micron", 0)), in);
        run(args("predict", "--model", model, "--input", in, "--output", dir.resolve("out"))).expect(0);
        FloatImage restored = new TiffReader().read(dir.resolve("out/wf.tif"));
        assertArrayEquals(new long[] {48, 40}, restored.shape());
        assertEquals(0.05, restored.calibration().x(), 1e-9);
        // evaluation against a fine ground truth: the classical baseline zooms Y and X as the model does
        Path gt = dir.resolve("gt/wf.tif");
        Files.createDirectories(gt.getParent());
        new TiffWriter().write(restored, gt);
        r = run(args("evaluate", "--model", model, "--input", in, "--ground-truth", gt, "--out",
                dir.resolve("eval"))).expect(0);
        assertTrue(r.out().contains("zoomed along YX by 2.0"), r.out());
        // its error map against the camera image: the finer grid is taken back to the reference's pixels
        r = run(args("errormap", "--reference", in, "--restored", dir.resolve("out/wf.tif"), "--out",
                dir.resolve("em"))).expect(0);
        assertTrue(r.out().contains("RSP"), r.out());
        assertArrayEquals(new long[] {24, 20}, new TiffReader().read(dir.resolve("em_errormap.tif")).shape());
    }
}
