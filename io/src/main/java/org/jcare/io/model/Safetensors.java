package org.jcare.io.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jcare.io.AtomicFiles;
import org.jcare.io.FileFormatException;

/**
 * The safetensors format: an 8-byte little-endian header length N, N bytes of JSON header
 * {@code {"__metadata__": {string: string}, name: {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}}}
 * padded with spaces to a multiple of 8, then the raw little-endian data, offsets relative to its start.
 *
 * <p>Written as the Python {@code safetensors} library writes it: compact JSON, {@code __metadata__} first (omitted
 * when empty), tensors sorted by name with data in that order. Written tensors are F32. Read: F32, F64, F16 and BF16,
 * converted to float32; the header is validated as the library does (offsets contiguous, covering the data exactly,
 * sizes matching shapes). The format is small and specified, so it is implemented here with Jackson for the header.
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METADATA = "__metadata__";

    private Safetensors() {
    }

    /**
     * Tensors and metadata of one file.
     *
     * @param tensors  by name, sorted
     * @param metadata the {@code __metadata__} strings
     */
    public record Content(SortedMap<String, TensorData> tensors, Map<String, String> metadata) {
        /** Immutable copies. */
        public Content {
            tensors = Collections.unmodifiableSortedMap(new TreeMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /**
     * Reads a safetensors file.
     *
     * @param file the file
     * @return its tensors (as float32) and metadata
     * @throws FileFormatException naming the file when it is missing, truncated, or its header is invalid
     */
    public static Content read(Path file) throws FileFormatException {
        if (!Files.isRegularFile(file)) {
            throw new FileFormatException(file, Files.exists(file) ? "is not a file" : "does not exist");
        }
        byte[] bytes;
        try {
            if (Files.size(file) > Integer.MAX_VALUE - 8) {
                throw new FileFormatException(file, "is larger than 2 GiB, which this reader does not hold in memory");
            }
            bytes = Files.readAllBytes(file);
        } catch (FileFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new FileFormatException(file, "cannot be read", e);
        }
        return parse(bytes, file);
    }

    /**
     * Parses safetensors bytes.
     *
     * @param bytes the whole file
     * @param file  the file they came from, for error messages
     * @return tensors and metadata
     * @throws FileFormatException naming the file when the content is invalid
     */
    public static Content parse(byte[] bytes, Path file) throws FileFormatException {
        if (bytes.length < 8) {
            throw new FileFormatException(file, "is not a safetensors file: " + bytes.length + " bytes, fewer than the "
                    + "8-byte header length");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        if (n <= 0 || n > bytes.length - 8L) {
            throw new FileFormatException(file, "is not a safetensors file or is truncated: header length " + n
                    + " with " + (bytes.length - 8) + " bytes after it");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FileFormatException(file, "has a safetensors header that is not valid JSON", e);
        }
        if (!header.isObject()) {
            throw new FileFormatException(file, "has a safetensors header that is not a JSON object");
        }
        int dataStart = 8 + (int) n;
        long dataLength = bytes.length - (long) dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        SortedMap<String, TensorData> tensors = new TreeMap<>();
        List<long[]> ranges = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(METADATA)) {
                readMetadata(file, e.getValue(), metadata);
                continue;
            }
            String name = e.getKey();
            JsonNode t = e.getValue();
            String dtype = t.path("dtype").asText("");
            JsonNode shapeNode = t.path("shape");
            JsonNode offsets = t.path("data_offsets");
            int item = itemSize(dtype);
            if (item == 0) {
                throw new FileFormatException(file, "tensor '" + name + "' has dtype '" + dtype
                        + "'; supported are F32, F64, F16 and BF16 (convert the weights to float32)");
            }
            if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
                throw new FileFormatException(file, "tensor '" + name + "' lacks shape or data_offsets [begin, end]");
            }
            long[] shape = new long[shapeNode.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong(-1);
                if (shape[i] < 0) {
                    throw new FileFormatException(file, "tensor '" + name + "' has an invalid shape " + shapeNode);
                }
                count *= shape[i];
            }
            long begin = offsets.get(0).asLong(-1);
            long end = offsets.get(1).asLong(-1);
            if (begin < 0 || end < begin || end > dataLength || end - begin != count * item) {
                throw new FileFormatException(file, "tensor '" + name + "' has data_offsets [" + begin + ", " + end
                        + "] that do not fit its shape " + Arrays.toString(shape) + " of " + dtype + " in "
                        + dataLength + " data bytes (truncated or corrupt)");
            }
            if (count > Integer.MAX_VALUE - 8) {
                throw new FileFormatException(file, "tensor '" + name + "' of " + count + " values is too large");
            }
            ranges.add(new long[] {begin, end});
            tensors.put(name, new TensorData(shape, decode(b, dataStart + (int) begin, (int) count, dtype)));
        }
        checkContiguous(file, ranges, dataLength);
        return new Content(tensors, metadata);
    }

    private static void readMetadata(Path file, JsonNode m, Map<String, String> out) throws FileFormatException {
        if (!m.isObject()) {
            throw new FileFormatException(file, "has __metadata__ that is not a JSON object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new FileFormatException(file, "has __metadata__ entry '" + e.getKey() + "' that is not a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
    }

    /** The library refuses files whose tensors leave holes or overlap; so does this reader. */
    private static void checkContiguous(Path file, List<long[]> ranges, long dataLength) throws FileFormatException {
        ranges.sort((x, y) -> Long.compare(x[0], y[0]));
        long at = 0;
        for (long[] r : ranges) {
            if (r[0] != at) {
                throw new FileFormatException(file, "has tensor data that overlaps or leaves a gap at byte " + at);
            }
            at = r[1];
        }
        if (at != dataLength) {
            throw new FileFormatException(file, "has " + (dataLength - at) + " data bytes that no tensor covers");
        }
    }

    private static int itemSize(String dtype) {
        switch (dtype) {
            case "F32": return 4;
            case "F64": return 8;
            case "F16": case "BF16": return 2;
            default: return 0;
        }
    }

    private static float[] decode(ByteBuffer b, int at, int count, String dtype) {
        float[] v = new float[count];
        ByteBuffer d = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        d.position(at);
        switch (dtype) {
            case "F32": d.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v); break;
            case "F64": for (int i = 0; i < count; i++) { v[i] = (float) d.getDouble(); } break;
            case "BF16": for (int i = 0; i < count; i++) { v[i] = Float.intBitsToFloat((d.getShort() & 0xffff) << 16); }
                break;
            default: for (int i = 0; i < count; i++) { v[i] = halfToFloat(d.getShort()); } break;
        }
        return v;
    }

    /** IEEE 754 binary16 to binary32 (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            // Subnormal half: value = mant * 2^-24, exact in float.
            float f = mant * 0x1p-24f;
            return sign == 0 ? f : -f;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /**
     * Writes F32 tensors and metadata to {@code file} through a temporary file.
     *
     * @param file      the file to create
     * @param content   tensors and metadata
     * @param overwrite whether an existing file may be replaced
     * @throws FileFormatException naming the file when it exists (without overwrite) or cannot be written
     */
    public static void write(Path file, Content content, boolean overwrite) throws FileFormatException {
        try {
            AtomicFiles.write(file, overwrite, tmp -> {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    write(out, content);
                }
            });
        } catch (FileFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new FileFormatException(file, "cannot be written", e);
        }
    }

    /**
     * Writes F32 tensors and metadata to a stream (for files inside a zip).
     *
     * @param out     where to write; not closed
     * @param content tensors and metadata
     * @throws IOException when writing fails
     */
    public static void write(OutputStream out, Content content) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!content.metadata().isEmpty()) {
            ObjectNode m = header.putObject(METADATA);
            // Sorted, so the same content always gives the same bytes.
            new TreeMap<>(content.metadata()).forEach(m::put);
        }
        long offset = 0;
        for (Map.Entry<String, TensorData> e : content.tensors().entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            ArrayNode shape = t.putArray("shape");
            for (long s : e.getValue().shape()) {
                shape.add(s);
            }
            long size = 4L * e.getValue().values().length;
            t.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        out.write(head.array());
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (TensorData t : content.tensors().values()) {
            float[] v = t.values();
            for (int i = 0; i < v.length; ) {
                int n = Math.min(v.length - i, buf.capacity() / 4);
                buf.clear();
                buf.asFloatBuffer().put(v, i, n);
                out.write(buf.array(), 0, n * 4);
                i += n;
            }
        }
    }
}
