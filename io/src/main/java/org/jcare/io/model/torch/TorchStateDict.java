package org.jcare.io.model.torch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jcare.io.FileFormatException;
import org.jcare.io.model.TensorData;

/**
 * A PyTorch state dict file ({@code torch.save(model.state_dict(), f)}) of float32 tensors, written and read without
 * PyTorch, in the zip format of {@code torch.save} (PyTorch 1.6 and later, {@code _use_new_zipfile_serialization}):
 * <pre>
 *   archive/data.pkl      pickle (protocol 2) of an OrderedDict name -> torch._utils._rebuild_tensor_v2(
 *                         persistent_id ('storage', torch.FloatStorage, key, 'cpu', numel), offset, size, stride,
 *                         requires_grad=False, OrderedDict())
 *   archive/data/KEY      the storage's raw little-endian float32 values
 *   archive/byteorder     "little"
 *   archive/version       "3"
 * </pre>
 * Entries are stored uncompressed, data records aligned to 64 bytes as PyTorch aligns them (padding in the local
 * header's extra field). The pickle uses only globals that {@code torch.load(weights_only=True)} allows. Writing is
 * deterministic (fixed entry times), so a file verified once with PyTorch stays verified
 * ({@code training/src/test/resources/torch/bmz/README.md}).
 *
 * <p>Reading accepts what {@code torch.save} writes for a state dict of float tensors (the opcodes of pickle protocol
 * 2 it uses, memo included); anything else (other classes, dtypes, non-contiguous views) is an error naming the file.
 */
public final class TorchStateDict {
    private static final String ROOT = "archive/";
    private static final int ALIGNMENT = 64;
    private static final long ENTRY_TIME = 315532800000L + 12L * 3600 * 1000; // 1980-01-01 12:00 UTC, zip's epoch

    private TorchStateDict() {
    }

    /**
     * Writes {@code tensors} (in their iteration order) as a {@code torch.save} file.
     *
     * @param tensors float32 tensors by state-dict key
     * @param out     where to write the zip
     */
    public static void write(Map<String, TensorData> tensors, OutputStream out) throws IOException {
        CountingOutputStream counting = new CountingOutputStream(out);
        ZipOutputStream zip = new ZipOutputStream(counting);
        zip.setLevel(0);
        stored(zip, counting, ROOT + "data.pkl", pickle(tensors));
        stored(zip, counting, ROOT + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        int key = 0;
        for (TensorData t : tensors.values()) {
            ByteBuffer b = ByteBuffer.allocate(4 * t.values().length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(t.values());
            stored(zip, counting, ROOT + "data/" + key++, b.array());
        }
        stored(zip, counting, ROOT + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
        zip.finish();
        zip.flush();
    }

    /** The bytes of {@link #write}. */
    public static byte[] toBytes(Map<String, TensorData> tensors) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            write(tensors, b);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return b.toByteArray();
    }

    private static void stored(ZipOutputStream zip, CountingOutputStream counting, String name, byte[] data)
            throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setTime(ENTRY_TIME);
        // local header: 30 bytes + name + extra; pad the extra field so that the data starts on a 64-byte boundary
        long headerEnd = counting.count + 30 + name.getBytes(StandardCharsets.UTF_8).length + 4;
        int pad = (int) ((ALIGNMENT - headerEnd % ALIGNMENT) % ALIGNMENT);
        byte[] extra = new byte[4 + pad];
        extra[0] = 'F'; // PyTorch's padding record id
        extra[1] = 'B';
        extra[2] = (byte) pad;
        extra[3] = (byte) (pad >>> 8);
        e.setExtra(extra);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    static byte[] pickle(Map<String, TensorData> tensors) {
        Pickler p = new Pickler();
        p.proto();
        p.global("collections", "OrderedDict");
        p.emptyTuple();
        p.reduce();
        p.mark();
        int key = 0;
        for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
            long[] shape = e.getValue().shape();
            long[] stride = new long[shape.length];
            long s = 1;
            for (int i = shape.length - 1; i >= 0; i--) {
                stride[i] = s;
                s *= shape[i];
            }
            p.unicode(e.getKey());
            p.global("torch._utils", "_rebuild_tensor_v2");
            p.mark();
            p.mark();
            p.unicode("storage");
            p.global("torch", "FloatStorage");
            p.unicode(Integer.toString(key++));
            p.unicode("cpu");
            p.integer(e.getValue().values().length);
            p.tuple();
            p.binpersid();
            p.integer(0);
            p.longTuple(shape);
            p.longTuple(stride);
            p.newFalse();
            p.global("collections", "OrderedDict");
            p.emptyTuple();
            p.reduce();
            p.tuple();
            p.reduce();
        }
        p.setItems();
        p.stop();
        return p.bytes();
    }

    /**
     * Reads a {@code torch.save} file of float32 tensors.
     *
     * @param bytes the file's content
     * @param file  its name, for messages
     * @return tensors by state-dict key, in the file's order
     * @throws FileFormatException naming the file when it is not such a file
     */
    public static Map<String, TensorData> read(byte[] bytes, Path file) throws FileFormatException {
        Map<String, byte[]> records = new HashMap<>();
        byte[] pkl = null;
        Map<String, byte[]> entries;
        try {
            entries = ZipRecords.read(bytes);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new FileFormatException(file, "is not a PyTorch state dict (torch.save zip file): " + e.getMessage());
        }
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            String name = e.getKey();
            int slash = name.indexOf('/');
            String rel = slash < 0 ? name : name.substring(slash + 1); // the archive folder's name varies
            if (rel.equals("data.pkl")) {
                pkl = e.getValue();
            } else if (rel.startsWith("data/")) {
                records.put(rel.substring("data/".length()), e.getValue());
            }
        }
        if (pkl == null) {
            throw new FileFormatException(file, "has no data.pkl: it is not a PyTorch file of the zip format (save it "
                    + "with PyTorch 1.6 or newer)");
        }
        Object root;
        try {
            root = new Unpickler(pkl).load();
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, "cannot be read as a state dict of tensors: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> dict)) {
            throw new FileFormatException(file, "does not hold a state dict (a dict of tensors) but " + root);
        }
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (!(e.getKey() instanceof String k) || !(e.getValue() instanceof Unpickler.TensorRef t)) {
                throw new FileFormatException(file, "entry " + e.getKey() + " is not a tensor");
            }
            byte[] storage = records.get(t.storageKey());
            if (storage == null) {
                throw new FileFormatException(file, "tensor " + k + " refers to missing storage data/" + t.storageKey());
            }
            if (!t.storageType().equals("FloatStorage")) {
                throw new FileFormatException(file, "tensor " + k + " is a " + t.storageType() + "; only float32"
                        + " tensors are read (convert with model.float())");
            }
            out.put(k, t.toTensor(storage, k, file));
        }
        return out;
    }

    private static final class CountingOutputStream extends OutputStream {
        private final OutputStream out;
        long count;

        CountingOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
