package org.jcare.io.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.jcare.io.FileFormatException;

/**
 * One Zarr array (v2 or v3) in a {@link ZarrStore}, read and written chunk by chunk as float32. Chunk reads and writes
 * may run on many threads at once: the metadata is immutable and every chunk is one atomic store write, so a reader
 * never sees half a chunk. Regions ({@link #read}) may straddle chunks; chunks never written read as the fill value.
 * Sharded v3 arrays are read (a shard is read as one chunk and assembled from its inner chunks) but not written.
 */
public final class ZarrArray {
    private final ZarrStore store;
    private final String path;
    private final ArrayMetadata meta;

    private ZarrArray(ZarrStore store, String path, ArrayMetadata meta) {
        this.store = store;
        this.path = path;
        this.meta = meta;
    }

    /**
     * Opens the array at {@code path} ("" for the store's root): v3 when {@code zarr.json} is there, else v2.
     *
     * @throws FileFormatException naming the metadata file when there is no array or it cannot be read
     */
    public static ZarrArray open(ZarrStore store, String path) throws IOException {
        String p = normalize(path);
        byte[] v3 = store.get(key(p, "zarr.json"));
        try {
            if (v3 != null) {
                return new ZarrArray(store, p, ArrayMetadataJson.parseV3(ArrayMetadataJson.MAPPER.readTree(v3)));
            }
            byte[] v2 = store.get(key(p, ".zarray"));
            if (v2 == null) {
                throw new FileFormatException(java.nio.file.Path.of(store.describe(key(p, ".zarray"))),
                        "no Zarr array here (neither .zarray nor zarr.json)");
            }
            byte[] attrs = store.get(key(p, ".zattrs"));
            JsonNode a = attrs == null ? null : ArrayMetadataJson.MAPPER.readTree(attrs);
            return new ZarrArray(store, p, ArrayMetadataJson.parseV2(ArrayMetadataJson.MAPPER.readTree(v2), a));
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            String file = store.describe(key(p, v3 != null ? "zarr.json" : ".zarray"));
            throw new FileFormatException(java.nio.file.Path.of(file), "is not Zarr array metadata jcare can read: "
                    + e.getMessage(), e);
        }
    }

    /** Creates (or replaces) the array's metadata at {@code path}; chunks already there stay. */
    public static ZarrArray create(ZarrStore store, String path, ArrayMetadata meta) throws IOException {
        String p = normalize(path);
        ZarrArray a = new ZarrArray(store, p, meta);
        a.writeMetadata();
        return a;
    }

    /** Rewrites the metadata with {@code m}'s attributes (shape, chunks and codecs must stay). */
    public ZarrArray withAttributes(com.fasterxml.jackson.databind.node.ObjectNode attrs) throws IOException {
        ZarrArray a = new ZarrArray(store, path, meta.withAttributes(attrs));
        a.writeMetadata();
        return a;
    }

    private void writeMetadata() throws IOException {
        if (meta.zarrFormat() == 2) {
            store.set(key(path, ".zarray"), ArrayMetadataJson.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(ArrayMetadataJson.toV2(meta)));
            store.set(key(path, ".zattrs"), ArrayMetadataJson.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(meta.attributes()));
        } else {
            store.set(key(path, "zarr.json"), ArrayMetadataJson.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(ArrayMetadataJson.toV3(meta)));
        }
    }

    /** The metadata. */
    public ArrayMetadata metadata() {
        return meta;
    }

    /** The store. */
    public ZarrStore store() {
        return store;
    }

    /** The array's path in the store. */
    public String path() {
        return path;
    }

    /** The array's shape. */
    public long[] shape() {
        return meta.shape();
    }

    /** The store key of chunk {@code index}. */
    public String chunkKey(long[] index) {
        return key(path, meta.chunkKey(index));
    }

    /** Whether chunk {@code index} has been written (a complete chunk: writes are atomic). */
    public boolean chunkExists(long[] index) throws IOException {
        checkIndex(index);
        return store.contains(chunkKey(index));
    }

    /**
     * Chunk {@code index} as a C-order float32 array of the chunk shape (elements past the array's end included), the
     * fill value when the chunk was never written.
     *
     * @throws IOException naming the chunk's location when it cannot be read or decoded
     */
    public float[] readChunk(long[] index) throws IOException {
        checkIndex(index);
        String k = chunkKey(index);
        byte[] stored = store.get(k);
        int n = meta.chunkElements();
        float[] out = new float[n];
        if (stored == null) {
            Arrays.fill(out, (float) meta.fillValue());
            return out;
        }
        try {
            if (meta.sharding() != null) {
                return ShardReader.read(meta, stored);
            }
            byte[] raw = decode(stored, meta.codecs(), n * meta.dtype().size());
            meta.dtype().toFloats(raw, meta.byteOrder(), out, n);
        } catch (IOException | RuntimeException e) {
            throw new FileFormatException(java.nio.file.Path.of(store.describe(k)), "chunk " + Arrays.toString(index)
                    + " of " + meta + " cannot be decoded: " + e.getMessage(), e);
        }
        return meta.fortranOrder() ? Boxes.fromFortran(out, meta.chunks()) : out;
    }

    /**
     * Writes chunk {@code index} atomically: {@code data} is C-order of the chunk shape (values past the array's end
     * are stored as given; pass the fill value there).
     */
    public void writeChunk(long[] index, float[] data) throws IOException {
        checkIndex(index);
        if (meta.sharding() != null) {
            throw new IOException(store.describe(path) + ": writing sharded arrays is not supported");
        }
        if (data.length != meta.chunkElements()) {
            throw new IllegalArgumentException("chunk of " + data.length + " values for chunks "
                    + Arrays.toString(meta.chunks()));
        }
        byte[] raw = meta.dtype().fromFloats(data, meta.byteOrder());
        for (ChunkCodec c : meta.codecs()) {
            raw = c.encode(raw);
        }
        store.set(chunkKey(index), raw);
    }

    /** The region {@code [start, start + size)} (inside the array) as a C-order float32 array. */
    public float[] read(long[] start, int[] size) throws IOException {
        int rank = meta.rank();
        long[] shape = meta.shape();
        for (int i = 0; i < rank; i++) {
            if (start[i] < 0 || size[i] < 0 || start[i] + size[i] > shape[i]) {
                throw new IndexOutOfBoundsException("region " + Arrays.toString(start) + " + " + Arrays.toString(size)
                        + " is outside the array " + Arrays.toString(shape));
            }
        }
        float[] out = new float[Boxes.count(size)];
        int[] chunks = meta.chunks();
        long[] first = new long[rank];
        long[] last = new long[rank];
        for (int i = 0; i < rank; i++) {
            if (size[i] == 0) {
                return out;
            }
            first[i] = start[i] / chunks[i];
            last[i] = (start[i] + size[i] - 1) / chunks[i];
        }
        long[] c = first.clone();
        while (true) {
            float[] chunk = readChunk(c);
            int[] srcStart = new int[rank];
            int[] dstStart = new int[rank];
            int[] box = new int[rank];
            for (int i = 0; i < rank; i++) {
                long c0 = c[i] * chunks[i];
                long a = Math.max(c0, start[i]);
                long b = Math.min(c0 + chunks[i], start[i] + size[i]);
                srcStart[i] = (int) (a - c0);
                dstStart[i] = (int) (a - start[i]);
                box[i] = (int) (b - a);
            }
            Boxes.copy(chunk, chunks, srcStart, out, size, dstStart, box);
            int i = rank - 1;
            for (; i >= 0; i--) {
                if (++c[i] <= last[i]) {
                    break;
                }
                c[i] = first[i];
            }
            if (i < 0) {
                return out;
            }
        }
    }

    /** Decodes stored bytes through {@code codecs} in reverse; every intermediate length is known only at the end. */
    static byte[] decode(byte[] stored, List<ChunkCodec> codecs, int rawLength) throws IOException {
        byte[] b = stored;
        for (int i = codecs.size() - 1; i >= 0; i--) {
            ChunkCodec c = codecs.get(i);
            // only the innermost codec knows the final length; a checksum in between strips 4 bytes
            int expected = i == 0 ? rawLength : c instanceof Codecs.Crc32cCodec ? b.length - 4 : -1;
            b = expected >= 0 ? c.decode(b, expected) : c.decode(b, guess(b, codecs.get(i)));
        }
        if (b.length != rawLength) {
            throw new IOException("chunk holds " + b.length + " bytes, expected " + rawLength);
        }
        return b;
    }

    /** The decoded size of a middle codec in a chain (blosc and lz4 store it; other chains are not written). */
    private static int guess(byte[] b, ChunkCodec c) throws IOException {
        if (c instanceof Codecs.BloscCodec && b.length >= 16) {
            return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
        }
        throw new IOException("cannot chain codec " + c + " in the middle of a codec list");
    }

    private void checkIndex(long[] index) {
        long[] grid = meta.chunkGrid();
        if (index.length != grid.length) {
            throw new IllegalArgumentException("chunk index " + Arrays.toString(index) + " for an array of rank "
                    + grid.length);
        }
        for (int i = 0; i < grid.length; i++) {
            if (index[i] < 0 || index[i] >= grid[i]) {
                throw new IndexOutOfBoundsException("chunk " + Arrays.toString(index) + " is outside the chunk grid "
                        + Arrays.toString(grid));
            }
        }
    }

    static String key(String path, String rel) {
        return path.isEmpty() ? rel : path + "/" + rel;
    }

    private static String normalize(String path) {
        String p = path == null ? "" : path.replace('\\', '/');
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    @Override
    public String toString() {
        return "ZarrArray(" + store.describe(path) + ", " + meta + ")";
    }
}
