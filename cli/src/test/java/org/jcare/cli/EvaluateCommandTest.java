package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffWriter;
import org.jcare.training.eval.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
    @Test
    void predictionsAgainstGroundTruthWithInputs(@TempDir Path dir) throws Exception {
        Path data = CliTesting.sharedData();
        Path out = dir.resolve("eval");
        // the clean images themselves as "predictions": perfect scores, and the noisy input's scores beside them
        CliTesting.Result r = run(args("evaluate", "--prediction", data.resolve("GT"), "--input", data.resolve("low"),
                "--ground-truth", data.resolve("GT"), "--out", out)).expect(0);
        assertEquals(List.of("bpae_b_panel.png", "bpae_g_panel.png", "metrics.csv", "mice_panel.png"),
                CliTesting.listing(out));
        String[] lines = r.out().split("\\R");
        assertTrue(lines[0].contains("input") && lines[0].contains("restored"), r.out());
        assertTrue(r.out().contains("mean") && r.out().contains("std"), r.out());
        List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals("image,input_nrmse,input_psnr,input_ssim,restored_nrmse,restored_psnr,restored_ssim", csv.get(0));
        assertEquals(4, csv.size());
        String[] mice = csv.get(3).split(",");
        assertEquals("mice.tif", mice[0]);
        assertEquals(1.0, Double.parseDouble(mice[6]), 1e-6, "SSIM of the ground truth with itself");
        Metrics.ImageMetrics expected = EvaluateCommand.metrics(
                new org.jcare.io.tiff.TiffReader().read(data.resolve("GT/mice.tif")),
                new org.jcare.io.tiff.TiffReader().read(data.resolve("low/mice.tif")), Path.of("gt"), Path.of("low"));
        assertEquals(expected.psnr(), Double.parseDouble(mice[2]), 1e-9);
        var png = ImageIO.read(out.resolve("mice_panel.png").toFile());
        assertTrue(png.getWidth() > 3 * 128, "three panels side by side");
    }

    @Test
    void aModelAppliedToInputs(@TempDir Path dir) throws Exception {
        Path data = CliTesting.sharedData();
        Path out = dir.resolve("eval");
        CliTesting.Result r = run(args("evaluate", "--model", CliTesting.model(), "--input",
                data.resolve("low/bpae_g.tif"), "--ground-truth", data.resolve("GT/bpae_g.tif"), "--out", out))
                .expect(0);
        assertEquals(List.of("bpae_g_panel.png", "metrics.csv"), CliTesting.listing(out));
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("bpae_g.tif")), r.out());
        assertFalse(r.out().contains("mean"), "no summary rows for one image");
    }

    @Test
    void mismatchesAreBadInputAndWriteNothing(@TempDir Path dir) throws Exception {
        Path data = CliTesting.sharedData();
        Path out = dir.resolve("eval");
        Path gt = Files.createDirectories(dir.resolve("gt"));
        CliTesting.Result r = run(args("evaluate", "--prediction", data.resolve("GT"), "--ground-truth", gt, "--out",
                out)).expect(2);
        assertTrue(r.err().contains("has no file named bpae_b.tif, bpae_g.tif, mice.tif"), r.err());
        new TiffWriter().write(FloatImage.zeros("YX", 32, 32), gt.resolve("mice.tif"));
        r = run(args("evaluate", "--prediction", data.resolve("GT/mice.tif"), "--ground-truth", gt, "--out", out))
                .expect(2);
        assertTrue(r.err().contains("has shape [64, 64]") && r.err().contains("[32, 32]"), r.err());
        assertFalse(Files.exists(out));
        r = run(args("evaluate", "--ground-truth", gt, "--out", out)).expect(2);
        assertTrue(r.err().contains("either --prediction"), r.err());
        r = run(args("evaluate", "--model", CliTesting.model(), "--ground-truth", gt, "--out", out)).expect(2);
        assertTrue(r.err().contains("--model needs --input"), r.err());
    }

    @Test
    void refusesToOverwriteMetrics(@TempDir Path dir) throws Exception {
        Path data = CliTesting.sharedData();
        Path out = Files.createDirectories(dir.resolve("eval"));
        Files.writeString(out.resolve("metrics.csv"), "old");
        String[] a = args("evaluate", "--prediction", data.resolve("GT/mice.tif"), "--ground-truth",
                data.resolve("GT/mice.tif"), "--out", out);
        assertTrue(run(a).expect(2).err().contains("metrics.csv already exists"));
        assertEquals("old", Files.readString(out.resolve("metrics.csv")));
    }
}
