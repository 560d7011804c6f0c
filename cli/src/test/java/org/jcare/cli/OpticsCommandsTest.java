package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;
import org.jcare.io.tiff.TiffWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deconvolve, resolution and errormap commands on the real widefield microtubules of data/synthetic. */
class OpticsCommandsTest {
    private static final Path MT = Path.of("..", "data", "synthetic", "microtubules2d_neubias.tif");
    private static final Path CELL = Path.of("..", "data", "synthetic", "cell_dna_mts_actin2d_neubias.tif");

    @Test
    void deconvolveOnTheHostAndTheDeviceAgree(@TempDir Path dir) throws Exception {
        Path host = dir.resolve("rl.tif");
        CliTesting.Result r = run(args("deconvolve", "--input", MT, "--output", host, "--pixel-size", "65",
                "--iterations", "5", "--background", "0")).expect(0);
        assertTrue(r.out().contains("with 5 iterations on host"), r.out());
        assertTrue(Files.size(dir.resolve("rl.png")) > 1000);
        Path dev = dir.resolve("rl_dev.tif");
        r = run(args("deconvolve", "--input", MT, "--output", dev, "--pixel-size", "65", "--iterations", "5",
                "--device", "0")).expect(0);
        float[] a = new TiffReader().read(host).toArray();
        float[] b = new TiffReader().read(dev).toArray();
        double max = 0;
        double err = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i]));
            err = Math.max(err, Math.abs(a[i] - b[i]));
        }
        assertTrue(err < 1e-3 * max, "host and device differ by " + err);
        FloatImage out = new TiffReader().read(host);
        assertEquals(0.065, out.calibration().x(), 1e-6);
        CliTesting.Result bad = run(args("deconvolve", "--input", MT, "--output", dir.resolve("x.tif"))).expect(2);
        assertTrue(bad.err().contains("no pixel size") && bad.err().contains("--pixel-size"), bad.err());
        bad = run(args("deconvolve", "--input", CELL, "--output", dir.resolve("x.tif"))).expect(2);
        assertTrue(bad.err().contains("3 channels") && bad.err().contains("--channel"), bad.err());
    }

    @Test
    void resolutionInPixelsAndNanometres(@TempDir Path dir) throws Exception {
        CliTesting.Result r = run(args("resolution", CELL, "--channel", "1")).expect(0);
        assertTrue(r.out().matches("(?s).*decorrelation: \\d+\\.\\d\\d px = \\d+ nm.*"), r.out());
        r = run(args("resolution", MT)).expect(0);
        assertTrue(r.out().contains("pixel size unknown"), r.out());
        // FRC of two frames: the image against itself plus independent noise
        FloatImage img = new TiffReader().read(MT);
        float[] a = img.toArray();
        float[] b = a.clone();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        for (int i = 0; i < a.length; i++) {
            a[i] += (float) (5 * rng.nextGaussian());
            b[i] += (float) (5 * rng.nextGaussian());
        }
        Path fa = dir.resolve("a.tif");
        Path fb = dir.resolve("b.tif");
        new TiffWriter().write(FloatImage.of("YX", img.shape(), a), fa);
        new TiffWriter().write(FloatImage.of("YX", img.shape(), b), fb);
        r = run(args("resolution", fa, "--second", fb, "--pixel-size", "65")).expect(0);
        assertTrue(r.out().matches("(?s).*FRC \\(1/7\\): \\d+\\.\\d\\d px = \\d+ nm.*"), r.out());
    }

    @Test
    void errormapOfARestorationAgainstItsReference(@TempDir Path dir) throws Exception {
        FloatImage img = new TiffReader().read(MT);
        Path wf = dir.resolve("wf.tif");
        new TiffWriter().write(img.withCalibration(new Calibration(0.065, 0.065, 0, "micron", 0)), wf);
        Path rl = dir.resolve("rl.tif");
        run(args("deconvolve", "--input", wf, "--output", rl, "--iterations", "10")).expect(0);
        CliTesting.Result r = run(args("errormap", "--reference", wf, "--restored", rl, "--out",
                dir.resolve("maps/mt"))).expect(0);
        assertTrue(r.out().contains("RSP 0.9"), r.out());
        FloatImage map = new TiffReader().read(dir.resolve("maps/mt_errormap.tif"));
        assertEquals(img.size('X'), map.size('X'));
        assertTrue(Files.size(dir.resolve("maps/mt_errormap.png")) > 1000);
        CliTesting.Result bad = run(args("errormap", "--reference", wf, "--restored", CELL, "--restored-channel", "1",
                "--out", dir.resolve("m2"))).expect(2);
        assertTrue(bad.err().contains("same size"), bad.err());
        // Richardson-Lucy onto a grid twice as fine, and its error map on sub-pixels
        Path fine = dir.resolve("rl2.tif");
        r = run(args("deconvolve", "--input", wf, "--output", fine, "--iterations", "10", "--upsample", "2")).expect(0);
        assertTrue(r.out().contains("2x finer grid"), r.out());
        FloatImage rl2 = new TiffReader().read(fine);
        assertEquals(2 * img.size('X'), rl2.size('X'));
        assertEquals(0.0325, rl2.calibration().x(), 1e-9);
        r = run(args("errormap", "--reference", wf, "--restored", fine, "--grid", "binned", "--out",
                dir.resolve("maps/mt2"))).expect(0);
        assertTrue(r.out().contains("RSP 0.9"), r.out());
        bad = run(args("deconvolve", "--input", wf, "--output", dir.resolve("x.tif"), "--upsample", "2", "--tv",
                "0.01")).expect(2);
        assertTrue(bad.err().contains("--upsample"), bad.err());
    }
}
