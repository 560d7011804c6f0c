package org.jcare.io.model.torch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The entries of a zip held in memory, found through its central directory. {@code java.util.zip.ZipInputStream}
 * cannot read PyTorch's files (stored entries followed by data descriptors), and {@code ZipFile} needs a file on
 * disk; this reads stored and deflated entries of an ordinary (not ZIP64) archive.
 */
final class ZipRecords {
    private ZipRecords() {
    }

    /** Every entry's name and uncompressed bytes, in central-directory order. */
    static Map<String, byte[]> read(byte[] zip) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = -1;
        for (int i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
            if (b.getInt(i) == 0x06054b50) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw new IllegalArgumentException("not a zip file (no end of central directory)");
        }
        int count = b.getShort(eocd + 10) & 0xffff;
        long dir = b.getInt(eocd + 16) & 0xffffffffL;
        if (dir == 0xffffffffL || count == 0xffff) {
            throw new IllegalArgumentException("ZIP64 archives are not supported");
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        int p = (int) dir;
        for (int e = 0; e < count; e++) {
            if (b.getInt(p) != 0x02014b50) {
                throw new IllegalArgumentException("corrupt central directory at byte " + p);
            }
            int method = b.getShort(p + 10) & 0xffff;
            long compressed = b.getInt(p + 20) & 0xffffffffL;
            long size = b.getInt(p + 24) & 0xffffffffL;
            int nameLen = b.getShort(p + 28) & 0xffff;
            int extraLen = b.getShort(p + 30) & 0xffff;
            int commentLen = b.getShort(p + 32) & 0xffff;
            long local = b.getInt(p + 42) & 0xffffffffL;
            String name = new String(zip, p + 46, nameLen, StandardCharsets.UTF_8);
            if (compressed == 0xffffffffL || size == 0xffffffffL || local == 0xffffffffL) {
                throw new IllegalArgumentException("entry " + name + " needs ZIP64, which is not supported");
            }
            int lp = (int) local;
            int data = lp + 30 + (b.getShort(lp + 26) & 0xffff) + (b.getShort(lp + 28) & 0xffff);
            out.put(name, entry(zip, data, (int) compressed, (int) size, method, name));
            p += 46 + nameLen + extraLen + commentLen;
        }
        return out;
    }

    private static byte[] entry(byte[] zip, int at, int compressed, int size, int method, String name) {
        if (method == 0) {
            byte[] d = new byte[size];
            System.arraycopy(zip, at, d, 0, size);
            return d;
        }
        if (method != 8) {
            throw new IllegalArgumentException("entry " + name + " uses compression method " + method);
        }
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(zip, at, compressed);
            byte[] d = new byte[size];
            int n = 0;
            while (n < size && !inf.finished()) {
                n += inf.inflate(d, n, size - n);
                if (inf.needsInput() && n < size) {
                    throw new IllegalArgumentException("entry " + name + " is truncated");
                }
            }
            return d;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("entry " + name + " is corrupt: " + e.getMessage(), e);
        } finally {
            inf.end();
        }
    }
}
