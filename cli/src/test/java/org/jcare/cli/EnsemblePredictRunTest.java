package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;
import org.jcare.io.tiff.TiffWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsemblePredictRunTest {
    @Test
    void writesTheReadoutsBesideTheRestorationAndAMap(@TempDir Path dir) throws Exception {
        Path model = EnsembleCliFixtures.probabilistic();
        Path input = CliTesting.sharedData().resolve("low/mice.tif");
        CliTesting.Result r = run(args("predict", "--model", model, "--input", input, "--output", dir,
                "--ensemble-outputs", "std,interval90,samples:2,disagreement")).expect(0);
        assertTrue(r.out().contains("ensemble of 3") && r.out().contains("mean disagreement"), r.out());
        assertEquals(List.of("mice.tif", "mice_disagreement.png", "mice_disagreement.tif",
                "mice_disagreement_norm.tif", "mice_interval90_lower.tif", "mice_interval90_upper.tif",
                "mice_sample1.tif", "mice_sample2.tif", "mice_std.tif"), CliTesting.listing(dir));
        TiffReader reader = new TiffReader();
        FloatImage mean = reader.read(dir.resolve("mice.tif"));
        FloatImage lo = reader.read(dir.resolve("mice_interval90_lower.tif"));
        FloatImage hi = reader.read(dir.resolve("mice_interval90_upper.tif"));
        FloatImage d = reader.read(dir.resolve("mice_disagreement.tif"));
        for (int i = 0; i < mean.planeSize(); i++) {
            assertTrue(lo.plane(0)[i] <= hi.plane(0)[i], "interval ordered at " + i);
            assertTrue(d.plane(0)[i] >= 0 && d.plane(0)[i] <= Math.log(3) + 1e-5, "0 <= D <= ln 3");
        }
        assertTrue(run(args("predict", "--model", model, "--input", input, "--output", dir)).expect(2).err()
                .contains("already exists"), "outputs are not replaced without --overwrite");
    }

    @Test
    void refusesWhatAnEnsembleCannotGive(@TempDir Path dir) throws Exception {
        Path input = CliTesting.sharedData().resolve("low/mice.tif");
        Path prob = EnsembleCliFixtures.probabilistic();
        assertTrue(run(args("predict", "--model", prob, "--input", input, "--output", dir,
                "--probabilistic-outputs", "scale")).expect(2).err().contains("--ensemble-outputs"));
        assertTrue(run(args("predict", "--model", prob, "--input", input, "--output", dir,
                "--ensemble-outputs", "scale")).expect(2).err().contains("not a readout"));
        CliTesting.Result dry = run(args("predict", "--model", prob, "--input", input, "--output", dir, "--dry-run"))
                .expect(0);
        assertTrue(dry.out().contains("mice_std.tif") && dry.out().contains("mice_disagreement.png"), dry.out());
        assertEquals(List.of(), CliTesting.listing(dir));
        assertTrue(run(args("predict", "--model", EnsembleCliFixtures.plain(), "--input", input, "--output", dir))
                .expect(2).err().contains("not probabilistic"));
        CliTesting.Result plain = run(args("predict", "--model", EnsembleCliFixtures.plain(), "--input", input,
                "--output", dir, "--ensemble-outputs", "std,members")).expect(0);
        assertTrue(plain.out().contains("ensemble of 2"), plain.out());
        assertEquals(List.of("mice.tif", "mice_member1_mean.tif", "mice_member2_mean.tif", "mice_std.tif"),
                CliTesting.listing(dir));
    }

    /** Issue 10's batch promises hold for ensembles too: a failing file costs only its own outputs. */
    @Test
    void aFailingFileCostsOnlyItsOwnOutputs(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        new TiffWriter().write(CliTesting.crop(DemoData.noisy("mice"), 0, 0, 32, 32), in.resolve("a.tif"));
        FloatImage nan = CliTesting.crop(DemoData.noisy("mice"), 32, 0, 32, 32);
        nan.plane(0)[40] = Float.NaN;
        new TiffWriter().write(nan, in.resolve("b.tif"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("a.tif"), "old a");
        CliTesting.Result r = run(args("predict", "--model", EnsembleCliFixtures.plain(), "--input", in, "--output",
                out, "--ensemble-outputs", "std", "--overwrite")).expect(2);
        assertEquals(List.of("a.tif", "a_std.tif"), CliTesting.listing(out), "the good outputs stay");
        assertEquals(2, new TiffReader().read(out.resolve("a.tif")).shape().length);
        assertTrue(r.err().contains("1 of 2 inputs failed") && r.err().contains(in.resolve("b.tif")
                + " holds 1 non-finite pixel"), r.err());
        Files.writeString(in.resolve("c.tif"), "not a TIFF");
        Path out2 = dir.resolve("out2");
        assertTrue(run(args("predict", "--model", EnsembleCliFixtures.plain(), "--input", in.resolve("c.tif"),
                "--output", out2, "--ensemble-outputs", "std")).expect(2).err().contains("is not a TIFF file"));
        assertTrue(!Files.exists(out2) || CliTesting.listing(out2).isEmpty(), "nothing written for a bad header");
    }
}
