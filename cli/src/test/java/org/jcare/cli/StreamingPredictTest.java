package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jcare.engine.Engine;
import org.jcare.io.image.FloatImage;
import org.jcare.io.image.Tczyx;
import org.jcare.io.tiff.TiffWriter;
import org.jcare.io.zarr.FileStore;
import org.jcare.io.zarr.Multiscale;
import org.jcare.io.zarr.ZarrArray;
import org.jcare.io.zarr.ZarrGroup;
import org.jcare.io.zarr.ZarrVolume;
import org.jcare.training.CareModel;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.PredictionListener;
import org.jcare.training.predict.TiledPredictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingPredictTest {
    /** Issue 10's promise in the streamed path: a non-finite voxel is refused (exit 2), never spread silently. */
    @Test
    void nonFiniteVoxelsAreRefusedWhenStreaming(@TempDir Path dir) throws Exception {
        Path model = StreamTesting.model(dir.resolve("m2"), "YX", 1, 2, 3);
        FloatImage img = FloatImage.zeros("YX", 32, 32);
        for (int i = 0; i < 1024; i++) {
            img.plane(0)[i] = i % 7;
        }
        img.plane(0)[100] = Float.POSITIVE_INFINITY;
        Path in = dir.resolve("inf.tif");
        new org.jcare.io.tiff.TiffWriter().write(img, in);
        CliTesting.Result r = run(args("predict", "--model", model, "--input", in, "--output", dir.resolve("out"),
                "--output-format", "zarr")).expect(2);
        assertTrue(r.err().contains(in + ": the input holds non-finite voxels (NaN or infinity) in time point 0,"
                + " channel 0"), r.err());
        assertFalse(Files.exists(dir.resolve("out/inf.zarr")), "no output under the final name");
    }

    @Test
    void zarrInputGivesOmeZarrEqualToTheInMemoryRestoration(@TempDir Path dir) throws Exception {
        Path model = StreamTesting.model(dir.resolve("m3"), "ZYX", 1, 2, 3);
        Path in = StreamTesting.zarrInput(dir.resolve("vol.zarr"), "ZYX", new long[] {21, 70, 90},
                new int[] {8, 32, 32}, "blosc-lz4");
        CliTesting.Result r = run(args("predict", "--model", model, "--input", in, "--output", dir.resolve("out"),
                "--tiles", "2,2,3", "--zarr-chunks", "8,24,40", "--pyramid-levels", "2")).expect(0);
        Path out = dir.resolve("out/vol.zarr");
        assertTrue(r.out().contains(in + " -> " + out), r.out());
        assertFalse(Files.exists(dir.resolve("out/.vol.zarr.jcare-partial")));
        ZarrVolume v = ZarrVolume.open(out, null);
        assertEquals("ZYX", v.axes().letters());
        assertEquals(0.2, v.calibration().x(), 1e-12);
        FloatImage input;
        try (ZarrVolume iv = ZarrVolume.open(in, null)) {
            input = FloatImage.of("ZYX", iv.shape(), iv.read(new long[3], new int[] {21, 70, 90}));
        }
        float[] got = v.read(new long[3], new int[] {21, 70, 90});
        try (Engine engine = Engine.open((String) null);
             CareModel m = CareModel.load(engine, model)) {
            float[] expected = new TiledPredictor(m.network()).predict(input, PredictOptions.defaults().withTiles(2, 2,
                    3), PredictionListener.NONE).mean().toArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(got[i]), "voxel " + i);
            }
        }
        FileStore store = new FileStore(out);
        Multiscale ms = Multiscale.read(ZarrGroup.attributes(store, ""));
        assertEquals(2, ms.datasets().size());
        assertArrayEquals(new long[] {21, 35, 45}, ZarrArray.open(store, "1").shape(), "Z (1 µm) is coarser than XY");
        JsonNode norm = ZarrGroup.attributes(store, "").path("multiscales").get(0).path("metadata").path("jcare")
                .path("normalization");
        double[] p = org.jcare.training.predict.Percentiles.of(input, 2, 99.8);
        assertEquals((float) p[0], norm.path("frames").path("0").path("lo").get(0).floatValue());
        assertEquals((float) p[1], norm.path("frames").path("0").path("hi").get(0).floatValue());
    }

    @Test
    void tiffTimeLapseIsRestoredFrameByFrameToZarr05(@TempDir Path dir) throws Exception {
        Path model = StreamTesting.model(dir.resolve("m2"), "YX", 1, 2, 4);
        long[] shape = {3, 4, 40, 50};
        FloatImage tl = FloatImage.zeros("TZYX", shape);
        for (int t = 0; t < 3; t++) {
            for (int z = 0; z < 4; z++) {
                float[] plane = tl.plane(t * 4 + z);
                for (int y = 0; y < 40; y++) {
                    for (int x = 0; x < 50; x++) {
                        plane[y * 50 + x] = StreamTesting.value(t, z, y, x) * (t + 1);
                    }
                }
            }
        }
        Path in = dir.resolve("tl.tif");
        new TiffWriter().write(tl, in);
        run(args("predict", "--model", model, "--input", in, "--output", dir.resolve("out"), "--output-format", "zarr",
                "--ngff", "0.5", "--tiles", "2,1", "--zarr-chunks", "3,32,32")).expect(0);
        Path out = dir.resolve("out/tl.zarr");
        assertTrue(Files.exists(out.resolve("zarr.json")) && Files.exists(out.resolve("0/c/0/0/0/0")));
        ZarrVolume v = ZarrVolume.open(out, null);
        assertEquals("TZYX", v.axes().letters());
        Tczyx all = new Tczyx(v);
        try (Engine engine = Engine.open((String) null);
             CareModel m = CareModel.load(engine, model)) {
            for (int t = 0; t < 3; t++) {
                float[][] planes = new float[4][];
                for (int z = 0; z < 4; z++) {
                    planes[z] = tl.plane(t * 4 + z);
                }
                FloatImage frame = new FloatImage(org.jcare.io.image.Axes.of("ZYX"), new long[] {4, 40, 50}, planes,
                        null);
                float[] expected = new TiledPredictor(m.network()).predict(frame, PredictOptions.defaults()
                        .withTiles(2, 1), PredictionListener.NONE).mean().toArray();
                float[] got = all.read(new long[] {t, 0, 0, 0, 0}, new int[] {1, 1, 4, 40, 50});
                assertArrayEquals(expected, got, "frame " + t + " is normalized and restored on its own");
            }
        }
        // the TIFF output (the image read whole) is restored frame by frame too: the same values
        run(args("predict", "--model", model, "--input", in, "--output", dir.resolve("tiff"), "--tiles", "2,1"))
                .expect(0);
        FloatImage tiff = new org.jcare.io.tiff.TiffReader().read(dir.resolve("tiff/tl.tif"));
        assertEquals("TZYX", tiff.axes().letters());
        float[] zarr = all.read(new long[5], new int[] {3, 1, 4, 40, 50});
        float[] fromTiff = tiff.toArray();
        for (int i = 0; i < zarr.length; i++) {
            assertEquals(Float.floatToRawIntBits(zarr[i]), Float.floatToRawIntBits(fromTiff[i]), "voxel " + i);
        }
    }

    @Test
    void upsamplingModelsStreamZoomedAndOtherTasksAreRefused(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("up");
        org.jcare.training.config.CareConfig config = org.jcare.training.config.CareConfig.builder("ZYX")
                .unetNDepth(1).unetNFirst(2).unetKernSize(3)
                .task(org.jcare.training.config.TaskSpec.upsampling(2.0, null)).build();
        try (Engine engine = Engine.open((String) null);
             CareModel m = CareModel.create(engine, config, 5)) {
            m.save(model, false);
        }
        Path in = StreamTesting.zarrInput(dir.resolve("v.zarr"), "ZYX", new long[] {6, 40, 36}, new int[] {4, 32, 32},
                "zstd");
        run(args("predict", "--model", model, "--input", in, "--output", dir.resolve("out"), "--tiles", "2,2,1",
                "--factor", "2.5")).expect(0);
        ZarrVolume v = ZarrVolume.open(dir.resolve("out/v.zarr"), null);
        assertArrayEquals(new long[] {15, 40, 36}, v.shape(), "Z zoomed by 2.5 (round(6 x 2.5))");
        assertEquals(0.4, v.calibration().z(), 1e-12, "Z spacing 1 µm / 2.5");
        float[] got = v.read(new long[3], new int[] {15, 40, 36});
        FloatImage input;
        try (ZarrVolume iv = ZarrVolume.open(in, null)) {
            input = FloatImage.of("ZYX", iv.shape(), iv.read(new long[3], new int[] {6, 40, 36}));
        }
        try (Engine engine = Engine.open((String) null);
             CareModel m = CareModel.load(engine, model)) {
            float[] expected = m.predictor(2.5).predict(input, PredictOptions.defaults().withTiles(2, 2, 1),
                    PredictionListener.NONE).mean().toArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(got[i]), "voxel " + i);
            }
        }
        // a projection model cannot stream: one line naming the task and the in-memory path, exit code 2
        Path proj = dir.resolve("proj");
        try (Engine engine = Engine.open((String) null);
             CareModel m = CareModel.create(engine, org.jcare.training.config.CareConfig.builder("ZYX")
                     .task(org.jcare.training.config.TaskSpec.projectionDefaults()).build(), 1)) {
            m.save(proj, false);
        }
        CliTesting.Result r = run(args("predict", "--model", proj, "--input", in, "--output", dir.resolve("p")))
                .expect(2);
        assertTrue(r.err().contains("projection model") && r.err().contains("--output-format tiff"), r.err());
        assertFalse(Files.exists(dir.resolve("p/v.zarr")));
    }

    @Test
    void badStreamOptionsAreOneLineErrors(@TempDir Path dir) throws Exception {
        Path model = StreamTesting.model(dir.resolve("m"), "YX", 1, 2, 1);
        Path in = StreamTesting.zarrInput(dir.resolve("v.zarr"), "ZYX", new long[] {2, 20, 20}, new int[] {1, 20, 20},
                "none");
        CliTesting.Result r = run(args("predict", "--model", model, "--input", in, "--output", dir.resolve("o"),
                "--zarr-chunks", "16,256")).expect(2);
        assertTrue(r.err().contains("--zarr-chunks"), r.err());
        r = run(args("predict", "--model", model, "--input", in, "--output", dir.resolve("o"), "--ngff", "0.5",
                "--zarr-compression", "zlib")).expect(2);
        assertTrue(r.err().contains("Zarr v2 codec"), r.err());
        r = run(args("predict", "--model", model, "--input", in, "--output", dir.resolve("o"), "--spark",
                "local[2]")).expect(2);
        assertTrue(r.err().contains("./jcare"), r.err());
        r = run(args("predict", "--model", model, "--input", in, "--output", dir.resolve("o"), "--dry-run"))
                .expect(0);
        assertTrue(r.out().contains(dir.resolve("o/v.zarr").toString()), r.out());
    }

    /** A forked {@code java ... org.jcare.cli.Jcare args} with this test's class path, output to {@code log}. */
    static Process fork(String heap, Path log, Object... args) throws java.io.IOException {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"), "org.jcare.cli.Jcare"));
        for (Object a : args) {
            cmd.add(String.valueOf(a));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JCARE_NO_PROGRESS_BAR", "1");
        return pb.start();
    }

    @Test
    void volumesFourTimesTheHeapRestoreInABoundedJvm(@TempDir Path dir) throws Exception {
        // 128 MiB of float32 input (and as much output) through a JVM limited to 32 MiB of heap: an OME-Zarr input, and
        // a BigTIFF that jcare predict streams to OME-Zarr on its own because it cannot hold it
        Path model = StreamTesting.model(dir.resolve("m"), "YX", 1, 2, 7);
        long[] shape = {8, 2048, 2048};
        assertTrue(shape[0] * shape[1] * shape[2] * 4 >= 4L * 32 * 1024 * 1024);
        Path zarr = StreamTesting.zarrInput(dir.resolve("big.zarr"), "ZYX", shape, new int[] {2, 256, 256},
                "blosc-lz4");
        Path tiff = dir.resolve("big.tif");
        FloatImage img = FloatImage.zeros("ZYX", shape);
        for (int z = 0; z < shape[0]; z++) {
            float[] plane = img.plane(z);
            for (int y = 0; y < shape[1]; y++) {
                for (int x = 0; x < shape[2]; x++) {
                    plane[y * (int) shape[2] + x] = StreamTesting.value(0, z, y, x);
                }
            }
        }
        new TiffWriter().bigTiffThreshold(0).write(img, tiff);
        img = null;
        for (Path in : new Path[] {zarr, tiff}) {
            Path log = dir.resolve("log.txt");
            long t0 = System.nanoTime();
            Process p = fork("32m", log, "predict", "--model", model, "--input", in, "--output", dir.resolve("out"),
                    "--zarr-chunks", "4,256,256", "--zarr-compression", "blosc-lz4");
            assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.MINUTES), "finished");
            String text = Files.readString(log);
            assertEquals(0, p.exitValue(), text);
            Path out = dir.resolve("out/big.zarr");
            ZarrVolume v = ZarrVolume.open(out, null);
            assertArrayEquals(shape, v.shape());
            ZarrArray level0 = ZarrArray.open(new FileStore(out), "0");
            for (long k = 0; k < level0.metadata().chunkCount(); k++) {
                assertTrue(level0.chunkExists(org.jcare.io.zarr.Pyramid.chunkIndex(level0.metadata(), k)),
                        "every chunk is written");
            }
            // spot checks: a residual network with small random weights stays near its input
            for (long[] at : new long[][] {{0, 0, 0}, {7, 2047, 2047}, {5, 1000, 1500}}) {
                float o = v.read(at, new int[] {1, 1, 1})[0];
                float i = StreamTesting.value(0, at[0], at[1], at[2]);
                assertTrue(Math.abs(o - i) < 0.5 * Math.abs(i) + 20, "at " + java.util.Arrays.toString(at) + ": " + o
                        + " from " + i);
            }
            if (in.equals(tiff)) {
                assertTrue(text.contains("tile by tile to OME-Zarr instead of TIFF"), text);
                // the same restoration as from the Zarr copy of the input (the pyramids differ: the TIFF has no
                // pixel sizes, so its Z is halved with Y and X)
                assertArrayEquals(ZarrVolume.open(dir.resolve("zarr-out/big.zarr"), null).read(new long[] {3, 0, 0},
                        new int[] {1, 2048, 2048}), v.read(new long[] {3, 0, 0}, new int[] {1, 2048, 2048}));
            } else {
                Files.move(dir.resolve("out"), dir.resolve("zarr-out"));
            }
            System.out.printf("4x-heap restore of %s: %.1f s; %s%n", in.getFileName(), (System.nanoTime() - t0) / 1e9,
                    text.strip());
        }
        // asked for TIFF output explicitly, the BigTIFF is refused (exit code 2) with what to do
        Path log = dir.resolve("refused.txt");
        Process p = fork("32m", log, "predict", "--model", model, "--input", tiff, "--output", dir.resolve("t"),
                "--output-format", "tiff");
        assertTrue(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), "finished");
        String text = Files.readString(log);
        assertEquals(2, p.exitValue(), text);
        assertTrue(text.contains("leave out --output-format tiff") && text.contains(tiff.toString()), text);
    }

    @Test
    void aKilledRestoreResumesToTheSameBytes(@TempDir Path dir) throws Exception {
        Path model = StreamTesting.model(dir.resolve("m"), "ZYX", 1, 2, 9);
        Path in = StreamTesting.zarrInput(dir.resolve("vol.zarr"), "ZYX", new long[] {24, 160, 200},
                new int[] {8, 64, 64}, "zstd");
        Object[] common = {"--model", model, "--input", in, "--tiles", "2,4,4", "--zarr-chunks", "8,48,48"};
        // an uninterrupted run
        run(concat(args("predict", "--output", dir.resolve("a")), common)).expect(0);
        // a run killed (SIGKILL) once a few chunks are written
        Path partial = dir.resolve("b/.vol.zarr.jcare-partial");
        Process p = fork("512m", dir.resolve("log.txt"), concat(args("predict", "--output", dir.resolve("b")),
                common));
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (p.isAlive() && System.nanoTime() < deadline && chunkFiles(partial.resolve("0")) < 3) {
            Thread.sleep(10);
        }
        assertTrue(p.isAlive(), "the run was still going when killed: " + Files.readString(dir.resolve("log.txt")));
        p.destroyForcibly();
        p.waitFor();
        assertTrue(Files.isDirectory(partial));
        assertFalse(Files.exists(dir.resolve("b/vol.zarr")));
        // without --resume the interrupted output is refused, with it the run continues
        CliTesting.Result refused = run(concat(args("predict", "--output", dir.resolve("b")), common)).expect(2);
        assertTrue(refused.err().contains("--resume"), refused.err());
        CliTesting.Result resumed = run(concat(args("predict", "--output", dir.resolve("b"), "--resume"), common))
                .expect(0);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) of (\\d+) units restored")
                .matcher(resumed.out());
        assertTrue(m.find(), resumed.out());
        assertTrue(Long.parseLong(m.group(1)) < Long.parseLong(m.group(2)), "complete chunks were skipped: "
                + resumed.out());
        var a = StreamTesting.files(dir.resolve("a/vol.zarr"));
        var b = StreamTesting.files(dir.resolve("b/vol.zarr"));
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), k);
        }
    }

    private static long chunkFiles(Path level) throws java.io.IOException {
        if (!Files.isDirectory(level)) {
            return 0;
        }
        try (var s = Files.walk(level)) {
            return s.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".")).count();
        }
    }

    private static String[] concat(String[] a, Object[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        for (int i = 0; i < b.length; i++) {
            out[a.length + i] = String.valueOf(b[i]);
        }
        return out;
    }
}
