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
}
