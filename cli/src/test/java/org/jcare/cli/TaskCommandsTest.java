package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;
import org.jcare.io.tiff.TiffWriter;
import org.jcare.training.data.NpzTrainingDataFile;
import org.jcare.optics.resample.ScipyZoom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The isotropic and projection tasks through the command line: datagen records the task, train builds the task's
 * model, predict restores as the task does (factor from the model or --factor, calibration, projection weights), and
 * evaluate adds the zoom baselines. Tiny networks and a few steps: this checks the plumbing; the training tests assert
 * real improvements.
 */
class TaskCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void isotropicDatagenTrainPredictEvaluate(@TempDir Path dir) throws Exception {
        FloatImage stack = new TiffReader().read(Path.of("..", "data", "neubias", "chromosomes3d.tif"), "ZYX");
        FloatImage truth = crop(stack, 48);
        FloatImage aniso = ScipyZoom.zoomAxis(truth, 'Z', 0.25, 0)
                .withCalibration(new Calibration(0.1, 0.1, 0.4, "micron", 0));
        Path in = Files.createDirectories(dir.resolve("aniso"));
        Path gt = Files.createDirectories(dir.resolve("gt"));
        new TiffWriter().write(aniso, in.resolve("s.tif"));
        new TiffWriter().write(truth, gt.resolve("s.tif"));
        Path psf = dir.resolve("psf.tif");
        new TiffWriter().write(FloatImage.of("YX", new long[] {1, 5}, new float[] {1, 4, 6, 4, 1}), psf);

        run(args("datagen", "--task", "isotropic", "--source", in, "--axes", "ZYX", "--out", dir.resolve("x.npz")))
                .expect(2).err().contains("--subsample");
        Path npz = dir.resolve("iso.npz");
        CliTesting.Result d = run(args("datagen", "--task", "isotropic", "--source", in, "--axes", "ZYX", "--subsample",
                "4", "--psf", psf, "--poisson-noise", "--patch-size", "16,16", "--patches-per-image", "24",
                "--filter-threshold", "0", "--out", npz)).expect(0);
        assertTrue(d.out().contains("SCYX") && d.out().contains("isotropic"), d.out());
        NpzTrainingDataFile.WithTask read = new NpzTrainingDataFile().readWithTask(npz);
        assertEquals("isotropic", read.task().orElseThrow().kind().jsonName());
        assertEquals(4.0, read.task().orElseThrow().factor());

        Path model = dir.resolve("model");
        run(args("train", "--data", npz, "--out", model, "--unet-n-first", "4", "--unet-kern-size", "3",
                "--train-epochs", "1", "--train-steps-per-epoch", "3", "--train-batch-size", "4")).expect(0);
        JsonNode config = JSON.readTree(model.resolve("config.json").toFile());
        assertEquals("YXC", config.get("axes").textValue());
        assertEquals("isotropic", config.get("jcare").get("task").textValue());
        assertEquals(4.0, config.get("jcare").get("task_factor").doubleValue());
        assertEquals("psf.tif", config.get("jcare").get("task_psf").textValue());

        Path out = dir.resolve("restored");
        run(args("predict", "--model", model, "--input", in, "--output", out)).expect(0);
        FloatImage r = new TiffReader().read(out.resolve("s.tif"));
        assertArrayEquals(new long[] {48, 48, 48}, r.shape(), "Z x 4");
        assertEquals(0.1, r.calibration().z(), 1e-6, "Z spacing / factor");
        run(args("predict", "--model", model, "--input", in, "--output", dir.resolve("r2"), "--factor", "2")).expect(0);
        assertEquals(24, new TiffReader().read(dir.resolve("r2/s.tif")).size('Z'));

        CliTesting.Result e = run(args("evaluate", "--model", model, "--input", in, "--ground-truth", gt, "--out",
                dir.resolve("eval"))).expect(0);
        assertTrue(e.out().contains("classical baseline") && e.out().contains("cubic"), e.out());
        String[] row = Files.readAllLines(dir.resolve("eval/baselines.csv")).get(1).split(",");
        assertEquals("s.tif", row[0]);
        assertTrue(Double.parseDouble(row[2]) > 10 && Double.parseDouble(row[5]) > 10, String.join(",", row));
    }

    @Test
    void aFactorForAStandardModelIsBadInput(@TempDir Path dir) throws Exception {
        Path img = dir.resolve("in/a.tif");
        Files.createDirectories(img.getParent());
        new TiffWriter().write(FloatImage.zeros("YX", 32, 32), img);
        CliTesting.Result r = run(args("predict", "--model", CliTesting.model(), "--input", img, "--output",
                dir.resolve("out"), "--factor", "3")).expect(2);
        assertTrue(r.err().contains("--factor 3.0") && r.err().contains("isotropic and upsampling"), r.err());
    }

    @Test
    void projectionDatagenTrainPredictWithWeights(@TempDir Path dir) throws Exception {
        Path stacks = Files.createDirectories(dir.resolve("stacks"));
        Path surfaces = Files.createDirectories(dir.resolve("surfaces"));
        for (int i = 0; i < 2; i++) {
            FloatImage[] s = surfaceStack(i, 6, 32, 32);
            new TiffWriter().write(s[0], stacks.resolve(i + ".tif"));
            new TiffWriter().write(s[1], surfaces.resolve(i + ".tif"));
        }
        Path npz = dir.resolve("proj.npz");
        CliTesting.Result d = run(args("datagen", "--task", "projection", "--source", stacks, "--target", surfaces,
                "--axes", "ZYX", "--patch-size", "16,16", "--patches-per-image", "6", "--out", npz)).expect(0);
        assertTrue(d.out().contains("[12, 1, 6, 16, 16]") && d.out().contains("targets [12, 1, 16, 16]"), d.out());
        Path model = dir.resolve("model");
        run(args("train", "--data", npz, "--out", model, "--proj-n-depth", "1", "--unet-n-depth", "1",
                "--unet-n-first", "4", "--train-epochs", "1", "--train-steps-per-epoch", "3", "--train-batch-size",
                "4")).expect(0);
        JsonNode config = JSON.readTree(model.resolve("config.json").toFile());
        assertEquals("projection", config.get("jcare").get("task").textValue());
        assertEquals(1, config.get("proj_n_depth").intValue());
        assertEquals("[1,2,2]", config.get("proj_pool").toString());
        Path out = dir.resolve("restored");
        run(args("predict", "--model", model, "--input", stacks, "--output", out, "--projection-weights")).expect(0);
        FloatImage r = new TiffReader().read(out.resolve("0.tif"));
        assertArrayEquals(new long[] {32, 32}, r.shape());
        FloatImage w = new TiffReader().read(out.resolve("0_weights.tif"));
        assertArrayEquals(new long[] {6, 32, 32}, w.shape());
        CliTesting.Result bad = run(args("predict", "--model", CliTesting.model(), "--input", stacks,
                "--output", dir.resolve("o2"), "--projection-weights", "--axes", "ZYX")).expect(2);
        assertTrue(bad.err().contains("not a projection model"), bad.err());
    }

    private static FloatImage crop(FloatImage stack, int size) {
        int w = (int) stack.size('X');
        FloatImage out = FloatImage.zeros("ZYX", 48, size, size);
        for (int z = 0; z < 40; z++) {
            for (int y = 0; y < size; y++) {
                System.arraycopy(stack.plane(z), (40 + y) * w + 30, out.plane(z), y * size, size);
            }
        }
        // 48 slices: the 40 of the stack and 8 repeated, so that Z / 4 is whole
        for (int z = 40; z < 48; z++) {
            System.arraycopy(out.plane(79 - z), 0, out.plane(z), 0, size * size);
        }
        return out;
    }

    /** A stack with a textured plane at a random height in noise, and the plane's texture. */
    private static FloatImage[] surfaceStack(long seed, int depth, int h, int w) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] tex = new float[h * w];
        for (int i = 0; i < tex.length; i++) {
            tex[i] = (float) (r.nextDouble() * 100);
        }
        int zs = 1 + r.nextInt(depth - 2);
        float[] v = new float[depth * h * w];
        for (int z = 0; z < depth; z++) {
            for (int i = 0; i < h * w; i++) {
                v[z * h * w + i] = (z == zs ? tex[i] : 0) + (float) (10 * r.nextDouble());
            }
        }
        return new FloatImage[] {FloatImage.of("ZYX", new long[] {depth, h, w}, v),
            FloatImage.of("YX", new long[] {h, w}, tex)};
    }
}
