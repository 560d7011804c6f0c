package org.jcare.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Random;
import org.jcare.io.zarr.ChunkCodec;
import org.jcare.io.zarr.Codecs;

/**
 * Speed and ratio of jcare's pure-Java Zarr codecs on microscopy-like float32 chunks (smooth structure, camera-like
 * noise, 16-bit-like values): {@code java -cp jcare.jar org.jcare.bench.CodecSpeed [MiB]}. One thread, chunks of
 * 4 MiB; prints one line per codec with encode and decode MB/s and the compression ratio. The same data written by
 * {@code bench/results/zarr/codec_speed.py} with numcodecs (c-blosc, libzstd) gives the native numbers beside them.
 */
public final class CodecSpeed {
    private CodecSpeed() {
    }

    /** The benchmark chunk: the same formula as codec_speed.py. */
    static byte[] chunk(int values, long seed) {
        Random r = new Random(seed);
        ByteBuffer b = ByteBuffer.allocate(4 * values).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values; i++) {
            int x = i % 1024;
            int y = i / 1024;
            double v = 400 + 300 * Math.sin(x * 0.02) * Math.cos(y * 0.015) + 20 * r.nextGaussian();
            b.putFloat((float) Math.rint(v));
        }
        return b.array();
    }

    /** Runs the benchmark. */
    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int chunks = Math.max(1, mib / 4);
        byte[][] data = new byte[chunks][];
        for (int i = 0; i < chunks; i++) {
            data[i] = chunk(1 << 20, i);
        }
        for (String name : new String[] {"blosc-lz4", "blosc-zstd", "zstd", "lz4", "zlib", "gzip"}) {
            ChunkCodec c = Codecs.byName(name, 4);
            byte[][] enc = new byte[chunks][];
            long total = 0;
            double bestEnc = Double.MAX_VALUE;
            double bestDec = Double.MAX_VALUE;
            for (int rep = 0; rep < 3; rep++) {
                long t0 = System.nanoTime();
                total = 0;
                for (int i = 0; i < chunks; i++) {
                    enc[i] = c.encode(data[i]);
                    total += enc[i].length;
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < chunks; i++) {
                    c.decode(enc[i], data[i].length);
                }
                long t2 = System.nanoTime();
                bestEnc = Math.min(bestEnc, (t1 - t0) / 1e9);
                bestDec = Math.min(bestDec, (t2 - t1) / 1e9);
            }
            double mb = chunks * 4.0 * 1.048576;
            System.out.printf(Locale.ROOT, "{\"codec\": \"%s\", \"impl\": \"jcare (Java)\", \"encode_MBps\": %.0f,"
                    + " \"decode_MBps\": %.0f, \"ratio\": %.2f}%n", name, mb / bestEnc, mb / bestDec,
                    chunks * 4.0 * 1048576 / total);
        }
    }
}
