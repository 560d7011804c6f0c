package org.jcare.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jcare.engine.Engine;
import org.jcare.io.image.Calibration;
import org.jcare.io.zarr.ArrayMetadata;
import org.jcare.io.zarr.Codecs;
import org.jcare.io.zarr.OmeZarrImage;
import org.jcare.io.zarr.Pyramid;
import org.jcare.io.zarr.ZarrArray;
import org.jcare.training.CareModel;
import org.jcare.training.config.CareConfig;
import org.jcare.training.predict.PredictionListener;
import org.jcare.training.predict.StreamingPredictor;
import org.jcare.training.stream.ModelFingerprint;
import org.jcare.training.stream.ZarrRestore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark job on {@code local[2]} (bound to 127.0.0.1) against the single-machine restoration, byte for byte. */
class RestoreTest {
    private static Path model(Path dir, String axes, long seed) throws IOException {
        CareConfig config = CareConfig.builder(axes).unetNDepth(1).unetNFirst(2).unetKernSize(3).build();
        try (Engine engine = Engine.open((String) null);
             CareModel m = CareModel.create(engine, config, seed)) {
            m.save(dir, false);
        }
        return dir;
    }

    private static Path input(Path dir, String letters, long[] shape, int[] chunks) throws IOException {
        OmeZarrImage img = OmeZarrImage.create(dir, "0.4", "in", letters, shape, chunks, Codecs.byName("zstd", 4),
                new Calibration(0.3, 0.3, 1, "µm", letters.startsWith("T") ? 2 : 0),
                new long[][] {ones(shape.length)}, null);
        ZarrArray a = img.level(0);
        ArrayMetadata m = a.metadata();
        int r = shape.length;
        for (long k = 0; k < m.chunkCount(); k++) {
            long[] c = Pyramid.chunkIndex(m, k);
            float[] v = new float[m.chunkElements()];
            int[] ch = m.chunks();
            long[] idx = new long[r];
            for (int e = 0; e < v.length; e++) {
                long x = c[r - 1] * ch[r - 1] + idx[r - 1];
                long y = c[r - 2] * ch[r - 2] + idx[r - 2];
                long z = c[r - 3] * ch[r - 3] + idx[r - 3];
                long t = r == 4 ? c[0] * ch[0] + idx[0] : 0;
                v[e] = (float) (50 + 30 * Math.sin(x * 0.1 + t) * Math.cos(y * 0.07) + 5 * z + ((x * 31 + y * 17
                        + z * 7 + t * 3) % 13) * (1 + t));
                for (int d = r - 1; d >= 0; d--) {
                    if (++idx[d] < ch[d]) {
                        break;
                    }
                    idx[d] = 0;
                }
            }
            a.writeChunk(c, v);
        }
        return dir;
    }

    private static long[] ones(int n) {
        long[] o = new long[n];
        java.util.Arrays.fill(o, 1);
        return o;
    }

    /** The single-machine restoration, as jcare predict does it. */
    private static void singleMachine(Path model, Path in, Path out, RestoreJob job) throws IOException {
        try (Engine engine = Engine.open((String) null);
             CareModel m = CareModel.load(engine, model)) {
            String id = ModelFingerprint.of(m.network());
            try (ZarrRestore r = ZarrRestore.begin(in, null, out, m.network(), id, job.settings(), false, false)) {
                r.restore(new StreamingPredictor(m.network()), PredictionListener.NONE);
                r.finish(id, false);
            }
        }
    }

    private static SortedMap<String, byte[]> files(Path dir) throws IOException {
        SortedMap<String, byte[]> out = new TreeMap<>();
        try (var s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static void assertSameBytes(Path a, Path b) throws IOException {
        SortedMap<String, byte[]> x = files(a);
        SortedMap<String, byte[]> y = files(b);
        assertEquals(x.keySet(), y.keySet());
        for (String k : x.keySet()) {
            assertArrayEquals(x.get(k), y.get(k), k);
        }
    }

    @Test
    void volumeAndTimeLapseEqualTheSingleMachineResultByteForByte(@TempDir Path dir) throws Exception {
        Path m3 = model(dir.resolve("m3"), "ZYX", 5);
        Path vol = input(dir.resolve("vol.zarr"), "ZYX", new long[] {20, 90, 70}, new int[] {8, 32, 32});
        // local[2,4]: two task threads, four attempts per task; every other task's first attempt dies after writing
        // half its cells (Restore.FAIL_FIRST_ATTEMPTS), and the retries must still give the single-machine bytes
        String[] common3 = {"--model", m3.toString(), "--input", vol.toString(), "--tiles", "2,3,2",
            "--zarr-chunks", "8,40,40", "--units-per-task", "2", "--master", "local[2,4]"};
        StringWriter log = new StringWriter();
        System.setProperty("spark." + Restore.FAIL_FIRST_ATTEMPTS, "true");
        try {
            assertEquals(0, Restore.run(concat(common3, "--output", dir.resolve("spark/vol.zarr").toString()),
                    new PrintWriter(log, true)));
        } finally {
            System.clearProperty("spark." + Restore.FAIL_FIRST_ATTEMPTS);
        }
        assertTrue(log.toString().matches("(?s).* on Spark local\\[2,4\\] \\((\\d+) units restored of \\1,.*"),
                log.toString());
        singleMachine(m3, vol, dir.resolve("one/vol.zarr"), RestoreJob.parse(concat(common3, "--output", "x")));
        assertSameBytes(dir.resolve("one/vol.zarr"), dir.resolve("spark/vol.zarr"));

        Path m2 = model(dir.resolve("m2"), "YX", 6);
        Path tl = input(dir.resolve("tl.zarr"), "TZYX", new long[] {3, 5, 60, 50}, new int[] {1, 5, 32, 32});
        String[] common2 = {"--model", m2.toString(), "--input", tl.toString(), "--tiles", "2,2",
            "--zarr-chunks", "2,24,24", "--ngff", "0.5", "--zarr-compression", "blosc-lz4", "--master", "local[2]"};
        assertEquals(0, Restore.run(concat(common2, "--output", dir.resolve("spark/tl.zarr").toString()),
                new PrintWriter(new StringWriter(), true)));
        singleMachine(m2, tl, dir.resolve("one/tl.zarr"), RestoreJob.parse(concat(common2, "--output", "x")));
        assertSameBytes(dir.resolve("one/tl.zarr"), dir.resolve("spark/tl.zarr"));
        assertFalse(Files.exists(dir.resolve("spark/.tl.zarr.jcare-partial")));
    }

    @Test
    void argumentsAreCheckedAndTasksCoverUnwrittenUnitsOfOneTimePoint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RestoreJob.parse(new String[] {"--model", "m", "--input", "i"}));
        assertTrue(e.getMessage().contains("--output"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RestoreJob.parse(new String[] {"--model", "m",
            "--input", "i", "--output", "o", "--tiles", "2,x"}));
        assertTrue(e.getMessage().contains("--tiles"), e.getMessage());
        RestoreJob j = RestoreJob.parse(new String[] {"--model", "m", "--input", "i", "--output", "o", "--devices",
            "0; gpu ;h200", "--resume"});
        assertEquals(List.of("0", "gpu", "h200"), j.devices());
        assertTrue(j.resume());
        assertEquals(null, j.tiles());
        assertEquals(null, j.factor());
        e = assertThrows(IllegalArgumentException.class, () -> RestoreJob.parse(new String[] {"--model", "m",
            "--input", "i", "--output", "o", "--units-per-task", "four"}));
        assertTrue(e.getMessage().contains("--units-per-task four"), e.getMessage());
    }

    @Test
    void modelsStreamingCannotRunAreRefusedBeforeSparkStarts(@TempDir Path dir) throws Exception {
        Path proj = dir.resolve("proj");
        try (Engine engine = Engine.open((String) null);
             CareModel m = CareModel.create(engine, CareConfig.builder("ZYX")
                     .task(org.jcare.training.config.TaskSpec.projectionDefaults()).build(), 1)) {
            m.save(proj, false);
        }
        Path vol = input(dir.resolve("vol.zarr"), "ZYX", new long[] {4, 20, 20}, new int[] {4, 20, 20});
        long t0 = System.nanoTime();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Restore.run(new String[] {
            "--model", proj.toString(), "--input", vol.toString(), "--output", dir.resolve("o.zarr").toString(),
            "--master", "local[1]"}, new PrintWriter(new StringWriter(), true)));
        assertTrue(e.getMessage().contains("projection model"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("o.zarr")) || Files.exists(dir.resolve(".o.zarr.jcare-partial")));
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "no Spark context was started");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
