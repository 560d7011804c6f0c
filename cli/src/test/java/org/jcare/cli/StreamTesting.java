package org.jcare.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jcare.engine.Engine;
import org.jcare.io.image.Calibration;
import org.jcare.io.zarr.ArrayMetadata;
import org.jcare.io.zarr.Codecs;
import org.jcare.io.zarr.DataType;
import org.jcare.io.zarr.OmeZarrImage;
import org.jcare.io.zarr.Pyramid;
import org.jcare.io.zarr.ZarrArray;
import org.jcare.training.CareModel;
import org.jcare.training.config.CareConfig;

/** Small models and lazily filled Zarr volumes for the streamed restoration tests. */
final class StreamTesting {
    private StreamTesting() {
    }

    /** An untrained model (random weights from {@code seed}) saved to {@code dir}: tiny, so restoring is fast. */
    static Path model(Path dir, String axes, int depth, int filters, long seed) throws IOException {
        CareConfig config = CareConfig.builder(axes).unetNDepth(depth).unetNFirst(filters).unetKernSize(3).build();
        try (Engine engine = Engine.open((String) null);
             CareModel m = CareModel.create(engine, config, seed)) {
            m.save(dir, false);
        }
        return dir;
    }

    /** A value of the synthetic volumes: smooth structure plus a deterministic pseudo-noise. */
    static float value(long t, long z, long y, long x) {
        long h = (t * 73856093L) ^ (z * 19349663L) ^ (y * 83492791L) ^ (x * 2654435761L);
        float noise = (float) ((h >>> 40) & 0xFF) / 8f;
        return (float) (100 + 40 * Math.sin(x * 0.07 + t) * Math.cos(y * 0.05) + 10 * Math.sin(z * 0.3)) + noise;
    }

    /**
     * Writes an OME-Zarr input of axes {@code letters} (TZYX or ZYX) and {@code shape}, chunk by chunk (never whole).
     */
    static Path zarrInput(Path dir, String letters, long[] shape, int[] chunks, String codec) throws IOException {
        OmeZarrImage img = OmeZarrImage.create(dir, "0.4", "input", letters, shape, chunks, Codecs.byName(codec, 4),
                new Calibration(0.2, 0.2, 1.0, "µm", letters.contains("T") ? 5 : 0),
                new long[][] {onesOf(shape.length)}, null);
        ZarrArray a = img.level(0);
        ArrayMetadata m = a.metadata();
        int[] ch = m.chunks();
        java.util.stream.LongStream.range(0, m.chunkCount()).parallel().forEach(k -> {
            long[] c = Pyramid.chunkIndex(m, k);
            float[] v = new float[m.chunkElements()];
            int i = 0;
            int r = ch.length;
            long[] idx = new long[r];
            for (int e = 0; e < v.length; e++) {
                long[] p = new long[r];
                for (int d = 0; d < r; d++) {
                    p[d] = c[d] * ch[d] + idx[d];
                }
                long t = letters.startsWith("T") ? p[0] : 0;
                v[i++] = value(t, p[r - 3], p[r - 2], p[r - 1]);
                for (int d = r - 1; d >= 0; d--) {
                    if (++idx[d] < ch[d]) {
                        break;
                    }
                    idx[d] = 0;
                }
            }
            try {
                a.writeChunk(c, v);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return dir;
    }

    private static long[] onesOf(int n) {
        long[] o = new long[n];
        java.util.Arrays.fill(o, 1);
        return o;
    }

    /** Every file under {@code dir} with its bytes, for byte-for-byte comparisons of two outputs. */
    static java.util.SortedMap<String, byte[]> files(Path dir) throws IOException {
        java.util.SortedMap<String, byte[]> out = new java.util.TreeMap<>();
        try (var s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

}
