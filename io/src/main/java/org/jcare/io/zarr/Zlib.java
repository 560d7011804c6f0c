package org.jcare.io.zarr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;

/** Deflate in its zlib and gzip wrappings, from the JDK. */
final class Zlib {
    private Zlib() {
    }

    /** {@code len} bytes from {@code off} deflated at {@code level}, zlib-wrapped when {@code zlibHeader}. */
    static byte[] deflate(byte[] src, int off, int len, int level, boolean zlibHeader) {
        Deflater d = new Deflater(level, !zlibHeader);
        try {
            d.setInput(src, off, len);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, len / 2));
            byte[] buf = new byte[64 * 1024];
            while (!d.finished()) {
                int n = d.deflate(buf);
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    /** A zlib stream inflated to exactly {@code expected} bytes. */
    static byte[] inflate(byte[] src, int expected) throws DataFormatException {
        Inflater inf = new Inflater();
        try {
            inf.setInput(src);
            byte[] out = new byte[expected];
            int n = 0;
            while (n < expected && !inf.finished()) {
                int k = inf.inflate(out, n, expected - n);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                n += k;
            }
            if (n != expected) {
                throw new DataFormatException("zlib stream holds " + n + " bytes, expected " + expected);
            }
            return out;
        } finally {
            inf.end();
        }
    }

    /** A gzip member of {@code src} at {@code level}. */
    static byte[] gzip(byte[] src, int level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, src.length / 2));
        try (GZIPOutputStream g = new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(level);
            }
        }) {
            g.write(src);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A gzip stream decompressed to exactly {@code expected} bytes. */
    static byte[] gunzip(byte[] src, int expected) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(src), 64 * 1024)) {
            byte[] out = in.readNBytes(expected);
            if (out.length != expected || in.read() >= 0) {
                throw new IOException("gzip stream does not hold the expected " + expected + " bytes");
            }
            return out;
        }
    }
}
