package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;
import org.jcare.io.tiff.TiffWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {
    @Test
    void restoresAFolderKeepingNamesShapesAndPixelSizes(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        FloatImage a = CliTesting.crop(DemoData.noisy("mice"), 0, 0, 40, 52)
                .withCalibration(new Calibration(0.2, 0.2, 0, "micron", 0));
        new TiffWriter().write(a, in.resolve("a.tif"));
        new TiffWriter().write(CliTesting.crop(DemoData.noisy("bpae_b"), 0, 0, 48, 48), in.resolve("b.tiff"));
        Path out = dir.resolve("out");
        CliTesting.Result r = run(args("predict", "--model", CliTesting.model(), "--input", in, "--output", out))
                .expect(0);
        assertEquals(List.of("a.tif", "b.tiff"), CliTesting.listing(out));
        assertTrue(r.out().contains(in.resolve("a.tif") + " -> " + out.resolve("a.tif")), r.out());
        FloatImage ra = new TiffReader().read(out.resolve("a.tif"));
        assertEquals("YX", ra.axes().letters());
        assertArrayEquals(new long[] {40, 52}, ra.shape());
        assertEquals(0.2, ra.calibration().x(), 1e-6);
        // the output differs from the input: the network changed it
        assertFalse(java.util.Arrays.equals(a.plane(0), ra.plane(0)));
    }

    @Test
    void tiledAndWholeAgreeAndGlobsAndTemplatesWork(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        new TiffWriter().write(CliTesting.crop(DemoData.noisy("bpae_g"), 100, 100, 96, 128), in.resolve("g.tif"));
        run(args("predict", "--model", CliTesting.model(), "--input", in.resolve("*.tif"), "--output",
                dir.resolve("whole"), "--tiles", "1,1")).expect(0);
        run(args("predict", "--model", CliTesting.model(), "--input", in + "/*.tif", "--output", dir.resolve("tiled"),
                "--tiles", "2,2", "--output-name", "{model_name}_{file_name}_restored{file_ext}")).expect(0);
        Path tiled = dir.resolve("tiled/" + CliTesting.model().getFileName() + "_g_restored.tif");
        assertTrue(Files.exists(tiled), CliTesting.listing(dir.resolve("tiled")).toString());
        float[] w = new TiffReader().read(dir.resolve("whole/g.tif")).plane(0);
        float[] t = new TiffReader().read(tiled).plane(0);
        for (int i = 0; i < w.length; i++) {
            assertEquals(w[i], t[i], 1e-3f * (1 + Math.abs(w[i])), "pixel " + i);
        }
    }

    @Test
    void neverWritesOverAnInput(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path f = in.resolve("a.tif");
        new TiffWriter().write(CliTesting.crop(DemoData.noisy("mice"), 0, 0, 32, 32), f);
        byte[] before = Files.readAllBytes(f);
        CliTesting.Result r = run(args("predict", "--model", CliTesting.model(), "--input", f, "--output", in,
                "--overwrite")).expect(2);
        assertTrue(r.err().contains("output " + f + " is also an input"), r.err());
        assertArrayEquals(before, Files.readAllBytes(f));
        // also through another spelling of the same folder
        r = run(args("predict", "--model", CliTesting.model(), "--input", f, "--output", in.resolve("../in"),
                "--overwrite")).expect(2);
        assertTrue(r.err().contains("is also an input"), r.err());
    }

    @Test
    void refusesExistingOutputsUnlessOverwrite(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        new TiffWriter().write(CliTesting.crop(DemoData.noisy("mice"), 0, 0, 32, 32), in.resolve("a.tif"));
        new TiffWriter().write(CliTesting.crop(DemoData.noisy("mice"), 32, 32, 32, 32), in.resolve("b.tif"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("b.tif"), "old");
        CliTesting.Result r = run(args("predict", "--model", CliTesting.model(), "--input", in, "--output", out))
                .expect(2);
        assertTrue(r.err().contains(out.resolve("b.tif") + " already exists; add --overwrite"), r.err());
        assertEquals(List.of("b.tif"), CliTesting.listing(out), "nothing else written");
        run(args("predict", "--model", CliTesting.model(), "--input", in, "--output", out, "--overwrite")).expect(0);
        assertEquals(List.of("a.tif", "b.tif"), CliTesting.listing(out));
        new TiffReader().read(out.resolve("b.tif"));
    }

    @Test
    void aFailingInputLeavesNoOutputsBehind(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        new TiffWriter().write(CliTesting.crop(DemoData.noisy("mice"), 0, 0, 32, 32), in.resolve("a.tif"));
        Files.writeString(in.resolve("b.tif"), "this is not a TIFF");
        Path out = dir.resolve("new/out");
        CliTesting.Result r = run(args("predict", "--model", CliTesting.model(), "--input", in, "--output", out))
                .expect(2);
        assertTrue(r.err().contains(in.resolve("b.tif").toString()), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(dir.resolve("new")), "a.tif's output and the created folders are removed");
    }

    @Test
    void aFailingFileIsReportedAndTheOtherOutputsStayEvenWhenTheyReplacedOldOnes(@TempDir Path dir) throws Exception {
        // issue 10, item 4: one failing file deleted every output of the batch, including the ones --overwrite had
        // just replaced, after they were reported as written
        Path in = Files.createDirectories(dir.resolve("in"));
        new TiffWriter().write(CliTesting.crop(DemoData.noisy("mice"), 0, 0, 32, 32), in.resolve("a.tif"));
        FloatImage nan = CliTesting.crop(DemoData.noisy("mice"), 32, 0, 32, 32);
        nan.plane(0)[40] = Float.NaN;
        new TiffWriter().write(nan, in.resolve("b.tif"));
        new TiffWriter().write(CliTesting.crop(DemoData.noisy("bpae_b"), 0, 0, 32, 32), in.resolve("c.tif"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("a.tif"), "old a");
        Files.writeString(out.resolve("c.tif"), "old c");
        CliTesting.Result r = run(args("predict", "--model", CliTesting.model(), "--input", in, "--output", out,
                "--overwrite")).expect(2);
        assertTrue(r.out().contains(in.resolve("a.tif") + " -> " + out.resolve("a.tif")), r.out());
        assertTrue(r.out().contains(in.resolve("c.tif") + " -> " + out.resolve("c.tif")), r.out());
        assertEquals(List.of("a.tif", "c.tif"), CliTesting.listing(out), "the good outputs stay");
        assertArrayEquals(new long[] {32, 32}, new TiffReader().read(out.resolve("a.tif")).shape());
        assertArrayEquals(new long[] {32, 32}, new TiffReader().read(out.resolve("c.tif")).shape());
        String last = r.err().strip().lines().reduce((x, y) -> y).orElse("");
        assertTrue(last.startsWith("jcare predict: 1 of 3 inputs failed (the outputs of the 2 others are written): "
                + in.resolve("b.tif") + " holds 1 non-finite pixel (NaN or infinity) at Y=1, X=8"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void everyHeaderIsCheckedBeforeTheFirstRestoration(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        new TiffWriter().write(CliTesting.crop(DemoData.noisy("mice"), 0, 0, 32, 32), in.resolve("a.tif"));
        Files.writeString(in.resolve("b.tif"), "not a TIFF");
        new TiffWriter().write(FloatImage.zeros("CYX", 2, 32, 32), in.resolve("c.tif"));
        Path out = dir.resolve("out");
        CliTesting.Result r = run(args("predict", "--model", CliTesting.model(), "--input", in, "--output", out))
                .expect(2);
        assertEquals("", r.out(), "nothing was restored");
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("2 of 3 inputs cannot be restored, nothing was written: " + in.resolve("b.tif")
                + ": is not a TIFF file"), r.err());
        assertTrue(r.err().contains(in.resolve("c.tif") + ": the image has 2 channels (axes CYX [2, 32, 32]) but the"
                + " model takes 1: restore it with a model trained on 2 channels"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void nonFinitePixelsAreRefusedOrFilledAndStayNaNExactlyThere(@TempDir Path dir) throws Exception {
        // issue 10, item 7: one NaN pixel made the whole restoration NaN, exit 0
        FloatImage img = CliTesting.crop(DemoData.noisy("bpae_g"), 0, 0, 48, 40);
        img.plane(0)[3 * 40 + 5] = Float.NaN;
        img.plane(0)[10 * 40 + 2] = Float.POSITIVE_INFINITY;
        img.plane(0)[47 * 40 + 39] = Float.NEGATIVE_INFINITY;
        Path f = dir.resolve("holes.tif");
        new TiffWriter().write(img, f);
        CliTesting.Result r = run(args("predict", "--model", CliTesting.model(), "--input", f, "--output",
                dir.resolve("refused"))).expect(2);
        assertTrue(r.err().contains(f + " holds 3 non-finite pixels (NaN or infinity), the first at Y=3, X=5;"),
                r.err());
        assertTrue(r.err().contains("--non-finite fill"), r.err());
        assertFalse(Files.exists(dir.resolve("refused/holes.tif")));
        run(args("predict", "--model", CliTesting.model(), "--input", f, "--output", dir.resolve("filled"),
                "--non-finite", "fill")).expect(0);
        float[] o = new TiffReader().read(dir.resolve("filled/holes.tif")).plane(0);
        for (int i = 0; i < o.length; i++) {
            boolean hole = i == 3 * 40 + 5 || i == 10 * 40 + 2 || i == 47 * 40 + 39;
            assertEquals(hole, Float.isNaN(o[i]), "pixel " + i);
            assertTrue(hole || Float.isFinite(o[i]), "pixel " + i);
        }
        assertTrue(run(args("predict", "--model", CliTesting.model(), "--input", f, "--output", dir.resolve("x"),
                "--non-finite", "zero")).expect(2).err().contains("--non-finite zero: unknown; use refuse or fill"));
    }

    @Test
    void outputNamesMustBeTiff(@TempDir Path dir) throws Exception {
        // issue 10, item 11: --output-name x.png wrote a TIFF under that name
        Path f = dir.resolve("a.tif");
        new TiffWriter().write(CliTesting.crop(DemoData.noisy("mice"), 0, 0, 32, 32), f);
        CliTesting.Result r = run(args("predict", "--model", CliTesting.model(), "--input", f, "--output",
                dir.resolve("o"), "--output-name", "{file_name}.png")).expect(2);
        assertTrue(r.err().contains("--output-name {file_name}.png: jcare writes TIFF images"), r.err());
        assertFalse(Files.exists(dir.resolve("o")));
    }

    @Test
    void badInputsAreNamed(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path f = in.resolve("a.tif");
        new TiffWriter().write(FloatImage.zeros("ZYX", 3, 32, 32), f);
        Path out = dir.resolve("out");
        Path model = CliTesting.model();
        CliTesting.Result r = run(args("predict", "--model", model, "--input", dir.resolve("missing.tif"),
                "--output", out)).expect(2);
        assertTrue(r.err().contains("missing.tif: no such file or folder"), r.err());
        r = run(args("predict", "--model", dir.resolve("nomodel"), "--input", f, "--output", out)).expect(2);
        assertTrue(r.err().contains("nomodel: no such model"), r.err());
        r = run(args("predict", "--model", in, "--input", f, "--output", out)).expect(2);
        assertTrue(r.err().contains("is not a model"), r.err());
        r = run(args("predict", "--model", model, "--input", f, "--output", out, "--axes", "YX")).expect(2);
        assertTrue(r.err().contains("axes 'YX' do not fit the image") && r.err().contains("Z=3"), r.err());
        r = run(args("predict", "--model", model, "--input", f, "--output", out, "--tiles", "2,2,2")).expect(2);
        assertTrue(r.err().contains("--tiles 2,2,2 has 3 entries but the model has 2"), r.err());
        r = run(args("predict", "--model", model, "--input", f, "--output", out, "--norm", "zscore")).expect(2);
        assertTrue(r.err().contains("--norm zscore"), r.err());
        r = run(args("predict", "--model", model, "--input", f, "--output", out, "--probabilistic-outputs", "var"))
                .expect(2);
        assertTrue(r.err().contains("is not probabilistic"), r.err());
        r = run(args("predict", "--model", model, "--input", f, "--output", out, "--device", "no-such-device-xyz"))
                .expect(2);
        assertTrue(r.err().contains("no-such-device-xyz"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aStackIsRestoredPlaneByPlaneByA2dModel(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("stack.tif");
        FloatImage stack = FloatImage.zeros("ZYX", 2, 32, 36);
        System.arraycopy(CliTesting.crop(DemoData.noisy("mice"), 0, 0, 32, 36).plane(0), 0, stack.plane(0), 0, 32 * 36);
        new TiffWriter().write(stack, f);
        Path out = dir.resolve("out");
        run(args("predict", "--model", CliTesting.model(), "--input", f, "--output", out, "--norm", "none")).expect(0);
        FloatImage r = new TiffReader().read(out.resolve("stack.tif"));
        assertEquals("ZYX", r.axes().letters());
        assertArrayEquals(new long[] {2, 32, 36}, r.shape());
    }

    @Test
    void probabilisticOutputsOnRequest(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.tif");
        new TiffWriter().write(CliTesting.crop(DemoData.noisy("bpae_b"), 0, 0, 32, 32), f);
        Path out = dir.resolve("out");
        run(args("predict", "--model", CliTesting.probabilisticModel(), "--input", f, "--output", out,
                "--probabilistic-outputs", "scale,var,interval90,samples:2")).expect(0);
        assertEquals(List.of("a.tif", "a_interval90_lower.tif", "a_interval90_upper.tif", "a_sample1.tif",
                "a_sample2.tif", "a_scale.tif", "a_var.tif"), CliTesting.listing(out));
        float[] mean = new TiffReader().read(out.resolve("a.tif")).plane(0);
        float[] scale = new TiffReader().read(out.resolve("a_scale.tif")).plane(0);
        float[] var = new TiffReader().read(out.resolve("a_var.tif")).plane(0);
        float[] lo = new TiffReader().read(out.resolve("a_interval90_lower.tif")).plane(0);
        for (int i = 0; i < mean.length; i += 37) {
            assertTrue(scale[i] > 0, "scale > 0");
            assertEquals(2 * scale[i] * scale[i], var[i], 1e-5 * (1 + var[i]));
            assertEquals(mean[i] - scale[i] * Math.log(10), lo[i], 1e-3 * (1 + Math.abs(lo[i])));
        }
        CliTesting.Result r = run(args("predict", "--model", CliTesting.probabilisticModel(), "--input", f,
                "--output", dir.resolve("o2"), "--probabilistic-outputs", "scale,median")).expect(2);
        assertTrue(r.err().contains("entry 'median': unknown"), r.err());
    }

    @Test
    void dryRunListsWithoutWriting(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.tif");
        new TiffWriter().write(CliTesting.crop(DemoData.noisy("bpae_b"), 0, 0, 32, 32), f);
        CliTesting.Result r = run(args("predict", "--model", CliTesting.model(), "--input", f, "--output",
                dir.resolve("out"), "--dry-run")).expect(0);
        assertTrue(r.out().contains(f + " -> " + dir.resolve("out/a.tif")), r.out());
        assertFalse(Files.exists(dir.resolve("out")));
    }
}
