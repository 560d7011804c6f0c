package org.jcare.io.npz;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.jcare.io.AtomicFiles;
import org.jcare.io.FileFormatException;

/**
 * NumPy {@code .npz} archives (a zip of {@code .npy} arrays), as {@code np.savez} and {@code np.savez_compressed}
 * write them, and CSBDeep training data in them (keys {@code X}, {@code Y} and {@code axes}).
 *
 * <p>Read: arrays of float32, float64, int8, uint8, int16, uint16, int32 and uint32 in C order, either byte order,
 * stored or deflated entries, converted to float32; 0-d unicode arrays ({@code dtype '<U4'}, how
 * {@code np.savez(f, axes='SCYX')} stores a string) as strings. Fortran-ordered arrays and other dtypes are an error
 * naming the entry and what to do. Written: float32 little-endian in C order, strings as 0-d unicode arrays, NumPy
 * format 1.0 headers, deflated ({@code savez_compressed}) or stored ({@code savez}) entries. The NPY header is parsed
 * by hand ({@link NpyHeader}): no maintained Java 17 library reads it with unicode arrays and 64-bit sizes.
 */
public final class NpzFile {
    private static final int BLOCK = 1 << 20;

    private NpzFile() {
    }

    /**
     * The content of an archive.
     *
     * @param arrays  numeric arrays by key (the entry name without {@code .npy}), in archive order
     * @param strings 0-d unicode arrays by key
     */
    public record Content(Map<String, NpyArray> arrays, Map<String, String> strings) {
        /** Immutable copies of the maps, order kept. */
        public Content {
            arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
            strings = Collections.unmodifiableMap(new LinkedHashMap<>(strings));
        }
    }

    /**
     * Reads every array of {@code file}.
     *
     * @param file the .npz archive
     * @return its arrays and strings
     * @throws FileFormatException naming the file (and entry) when it is missing, not a zip, or holds an array that
     *                             cannot be read
     */
    public static Content read(Path file) throws FileFormatException {
        if (!Files.isRegularFile(file)) {
            throw new FileFormatException(file, Files.exists(file) ? "is not a file" : "does not exist");
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        Map<String, String> strings = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                String key = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4)
                        : e.getName();
                try (InputStream in = zip.getInputStream(e)) {
                    NpyHeader h = NpyHeader.read(in);
                    if (h.dtype().kind() == 'U') {
                        strings.put(key, readString(in, h, file, key));
                    } else {
                        arrays.put(key, readArray(in, h, file, key));
                    }
                } catch (FileFormatException ex) {
                    throw ex;
                } catch (EOFException ex) {
                    throw new FileFormatException(file, "entry '" + e.getName() + "' is truncated", ex);
                } catch (IOException ex) {
                    throw new FileFormatException(file, "entry '" + e.getName() + "' is not a readable .npy array: "
                            + ex.getMessage(), ex.getCause());
                }
            }
        } catch (FileFormatException e) {
            throw e;
        } catch (ZipException e) {
            throw new FileFormatException(file, "is not an .npz archive (not a readable zip file)", e);
        } catch (NoSuchFileException e) {
            throw new FileFormatException(file, "does not exist");
        } catch (IOException e) {
            throw new FileFormatException(file, "cannot be read", e);
        }
        return new Content(arrays, strings);
    }

    /**
     * Reads CSBDeep training data: arrays {@code X} and {@code Y} and the string {@code axes}.
     *
     * @param file the .npz archive, for example from {@code csbdeep.data.create_patches(..., save_file=file)}
     * @return X and Y as images with those axes (sharing the read chunks)
     * @throws FileFormatException naming the file when a key is missing or the axes do not fit the arrays
     */
    public static TrainingData readTrainingData(Path file) throws FileFormatException {
        Content c = read(file);
        NpyArray x = c.arrays().get("X");
        NpyArray y = c.arrays().get("Y");
        String axes = c.strings().get("axes");
        if (x == null || y == null || axes == null) {
            throw new FileFormatException(file, "is not CSBDeep training data: it needs keys X, Y and axes (a string), "
                    + "found arrays " + c.arrays().keySet() + " and strings " + c.strings().keySet());
        }
        try {
            return new TrainingData(x.toImage(axes), y.toImage(axes));
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, "axes '" + axes + "' do not fit X " + x + " and Y " + y + ": "
                    + e.getMessage());
        }
    }

    /**
     * Writes CSBDeep training data as {@code np.savez(file, X=X, Y=Y, axes=axes)} (or {@code savez_compressed}) would.
     *
     * @param file       the .npz archive to create
     * @param data       X and Y
     * @param compressed deflate the entries
     * @param overwrite  whether an existing file may be replaced
     * @throws FileFormatException naming the file when it exists (without overwrite) or cannot be written
     */
    public static void writeTrainingData(Path file, TrainingData data, boolean compressed, boolean overwrite)
            throws FileFormatException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("X", NpyArray.of(data.x()));
        arrays.put("Y", NpyArray.of(data.y()));
        write(file, new Content(arrays, Map.of("axes", data.axes())), compressed, overwrite);
    }

    /**
     * Writes arrays (as float32) and strings (as 0-d unicode arrays) to an .npz archive.
     *
     * @param file       the .npz archive to create
     * @param content    what to write
     * @param compressed deflate the entries ({@code savez_compressed}) or store them ({@code savez})
     * @param overwrite  whether an existing file may be replaced
     * @throws FileFormatException naming the file when it exists (without overwrite) or cannot be written
     */
    public static void write(Path file, Content content, boolean compressed, boolean overwrite)
            throws FileFormatException {
        try {
            AtomicFiles.write(file, overwrite, tmp -> {
                try (OutputStream os = Files.newOutputStream(tmp);
                     ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(os, BLOCK))) {
                    for (Map.Entry<String, NpyArray> e : content.arrays().entrySet()) {
                        entry(zip, e.getKey(), compressed, out -> writeArray(out, e.getValue()));
                    }
                    for (Map.Entry<String, String> e : content.strings().entrySet()) {
                        entry(zip, e.getKey(), compressed, out -> writeString(out, e.getValue()));
                    }
                }
            });
        } catch (FileFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new FileFormatException(file, "cannot be written", e);
        }
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    private static void entry(ZipOutputStream zip, String key, boolean compressed, Body body) throws IOException {
        ZipEntry e = new ZipEntry(key + ".npy");
        if (compressed) {
            e.setMethod(ZipEntry.DEFLATED);
        } else {
            // A stored zip entry needs its size and CRC before its data: a first pass computes them.
            CrcCounter counter = new CrcCounter();
            body.write(counter);
            e.setMethod(ZipEntry.STORED);
            e.setSize(counter.count);
            e.setCompressedSize(counter.count);
            e.setCrc(counter.crc.getValue());
        }
        zip.putNextEntry(e);
        body.write(zip);
        zip.closeEntry();
    }

    private static final class CrcCounter extends OutputStream {
        final CRC32 crc = new CRC32();
        long count;

        @Override
        public void write(int b) {
            crc.update(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            crc.update(b, off, len);
            count += len;
        }
    }

    static void writeArray(OutputStream out, NpyArray a) throws IOException {
        NpyHeader.Dtype f4 = NpyHeader.Dtype.parse("<f4");
        out.write(new NpyHeader(f4, false, a.shape()).toBytes());
        ByteBuffer buf = ByteBuffer.allocate(BLOCK).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < a.chunkCount(); c++) {
            float[] chunk = a.chunk(c);
            for (int i = 0; i < chunk.length; ) {
                int n = Math.min(chunk.length - i, BLOCK / 4);
                buf.clear();
                buf.asFloatBuffer().put(chunk, i, n);
                out.write(buf.array(), 0, n * 4);
                i += n;
            }
        }
    }

    private static void writeString(OutputStream out, String s) throws IOException {
        int[] cps = s.codePoints().toArray();
        NpyHeader.Dtype u = NpyHeader.Dtype.parse("<U" + Math.max(1, cps.length));
        out.write(new NpyHeader(u, false, new long[0]).toBytes());
        ByteBuffer b = ByteBuffer.allocate(4 * Math.max(1, cps.length)).order(ByteOrder.LITTLE_ENDIAN);
        for (int cp : cps) {
            b.putInt(cp);
        }
        out.write(b.array());
    }

    private static String readString(InputStream in, NpyHeader h, Path file, String key) throws IOException {
        if (h.shape().length != 0) {
            throw new FileFormatException(file, "entry '" + key + "' is a unicode array of shape "
                    + java.util.Arrays.toString(h.shape()) + "; only 0-d strings (like axes='SCYX') are read");
        }
        byte[] b = new byte[h.dtype().itemSize()];
        new DataInputStream(in).readFully(b);
        ByteBuffer buf = ByteBuffer.wrap(b).order(h.dtype().order());
        StringBuilder sb = new StringBuilder();
        while (buf.remaining() >= 4) {
            int cp = buf.getInt();
            if (cp == 0) {
                break; // NumPy pads shorter strings with NULs
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    static NpyArray readArray(InputStream in, NpyHeader h, Path file, String key) throws IOException {
        if (h.fortranOrder()) {
            throw new FileFormatException(file, "entry '" + key + "' is in Fortran order, which is not supported; "
                    + "save np.ascontiguousarray(array) instead");
        }
        if (!h.dtype().isNumeric()) {
            throw new FileFormatException(file, "entry '" + key + "' has dtype '" + h.dtype().descr()
                    + "', which is not supported; convert it with array.astype(np.float32)");
        }
        long[] shape = h.shape();
        int size;
        int count;
        try {
            size = (int) NpyArray.chunkSize(shape);
            count = (int) NpyArray.chunkCount(shape);
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, "entry '" + key + "': " + e.getMessage());
        }
        NpyHeader.Dtype d = h.dtype();
        int item = d.itemSize();
        DataInputStream data = new DataInputStream(in);
        byte[] block = new byte[(BLOCK / item) * item];
        float[][] chunks = new float[count][];
        for (int c = 0; c < count; c++) {
            float[] chunk = new float[size];
            for (int i = 0; i < size; ) {
                int n = Math.min(size - i, block.length / item);
                data.readFully(block, 0, n * item);
                convert(ByteBuffer.wrap(block, 0, n * item).order(d.order()), d, chunk, i, n);
                i += n;
            }
            chunks[c] = chunk;
        }
        return new NpyArray(shape, chunks);
    }

    private static void convert(ByteBuffer b, NpyHeader.Dtype d, float[] out, int at, int n) {
        switch (d.kind() + "" + d.itemSize()) {
            case "f4": b.asFloatBuffer().get(out, at, n); break;
            case "f8": for (int i = 0; i < n; i++) { out[at + i] = (float) b.getDouble(); } break;
            case "i1": for (int i = 0; i < n; i++) { out[at + i] = b.get(); } break;
            case "u1": for (int i = 0; i < n; i++) { out[at + i] = b.get() & 0xff; } break;
            case "i2": for (int i = 0; i < n; i++) { out[at + i] = b.getShort(); } break;
            case "u2": for (int i = 0; i < n; i++) { out[at + i] = b.getShort() & 0xffff; } break;
            case "i4": for (int i = 0; i < n; i++) { out[at + i] = b.getInt(); } break;
            case "u4": for (int i = 0; i < n; i++) { out[at + i] = b.getInt() & 0xffffffffL; } break;
            default: throw new IllegalStateException("unreachable dtype " + d.descr());
        }
    }
}
