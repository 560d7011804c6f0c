package org.jcare.io.zarr;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The metadata of one Zarr array, v2 ({@code .zarray}) or v3 ({@code zarr.json}), in one form: shape and chunk shape
 * (C order, outermost axis first), element type and byte order, fill value, chunk key scheme, the bytes-to-bytes codecs
 * applied after serialization, and for v3 the optional sharding and dimension names. Attributes live beside it.
 *
 * @param zarrFormat     2 or 3
 * @param shape          array size per axis
 * @param chunks         chunk size per axis (for a sharded v3 array: the shard size)
 * @param dtype          element type
 * @param byteOrder      element byte order in chunks
 * @param fillValue      the value of chunks that were never written
 * @param fortranOrder   v2 {@code order: "F"}: chunks store their elements in Fortran order (read only)
 * @param separator      between chunk indices in keys: "/" or "."
 * @param v2Keys         keys as in v2 ({@code 0.1.2}) rather than v3's default ({@code c/0/1/2})
 * @param codecs         bytes-to-bytes codecs in encoding order (empty: none)
 * @param sharding       the v3 sharding codec, or null
 * @param dimensionNames v3 {@code dimension_names}, or null
 * @param attributes     the array's attributes
 */
public record ArrayMetadata(int zarrFormat, long[] shape, int[] chunks, DataType dtype, ByteOrder byteOrder,
                            double fillValue, boolean fortranOrder, String separator, boolean v2Keys,
                            List<ChunkCodec> codecs, Sharding sharding, List<String> dimensionNames,
                            ObjectNode attributes) {
    /**
     * The v3 {@code sharding_indexed} codec: each stored object (shard) holds inner chunks, each encoded with
     * {@code codecs} after serialization in {@code byteOrder}, and an index of (offset, length) pairs of little-endian
     * uint64 per inner chunk (2^64 - 1 twice for an empty one), at the end or the start, followed by a CRC-32C when
     * {@code indexChecksum}.
     */
    public record Sharding(int[] innerChunks, ByteOrder byteOrder, List<ChunkCodec> codecs, boolean indexChecksum,
                           boolean indexAtEnd) {
    }

    /** Checks ranks and sizes. */
    public ArrayMetadata {
        if (zarrFormat != 2 && zarrFormat != 3) {
            throw new IllegalArgumentException("zarr_format " + zarrFormat + " is not 2 or 3");
        }
        if (shape.length != chunks.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " and chunks "
                    + Arrays.toString(chunks) + " differ in rank");
        }
        long chunkElements = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0 || chunks[i] < 1) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " or chunks "
                        + Arrays.toString(chunks) + " has a negative size or an empty chunk");
            }
            chunkElements *= chunks[i];
        }
        if (chunkElements * dtype.size() > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("chunks " + Arrays.toString(chunks) + " of " + dtype.v3Name()
                    + " hold more than 2 GiB; use smaller chunks");
        }
        shape = shape.clone();
        chunks = chunks.clone();
        codecs = List.copyOf(codecs);
        dimensionNames = dimensionNames == null ? null : List.copyOf(dimensionNames);
        attributes = attributes == null ? JsonNodeFactory.instance.objectNode() : attributes.deepCopy();
    }

    /**
     * The metadata of a new array as jcare writes it: C order, little-endian, fill value 0, keys with "/" (v2
     * {@code dimension_separator: "/"}, as OME-NGFF 0.4 asks; v3 default keys {@code c/...}).
     *
     * @param codec          the compressor, or null for none
     * @param dimensionNames v3 dimension names (ignored for v2), or null
     */
    public static ArrayMetadata create(int zarrFormat, long[] shape, int[] chunks, DataType dtype, ChunkCodec codec,
                                       List<String> dimensionNames) {
        List<ChunkCodec> c = new ArrayList<>();
        if (codec != null) {
            c.add(codec);
        }
        return new ArrayMetadata(zarrFormat, shape, chunks, dtype, ByteOrder.LITTLE_ENDIAN, 0, false, "/",
                zarrFormat == 2, c, null, zarrFormat == 3 ? dimensionNames : null, null);
    }

    /** Number of axes. */
    public int rank() {
        return shape.length;
    }

    /** Elements per chunk. */
    public int chunkElements() {
        int n = 1;
        for (int c : chunks) {
            n *= c;
        }
        return n;
    }

    /** Chunks per axis ({@code ceil(shape / chunks)}). */
    public long[] chunkGrid() {
        long[] g = new long[shape.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (shape[i] + chunks[i] - 1) / chunks[i];
        }
        return g;
    }

    /** Total chunks. */
    public long chunkCount() {
        long n = 1;
        for (long g : chunkGrid()) {
            n *= g;
        }
        return n;
    }

    /** The key of chunk {@code index} relative to the array. */
    public String chunkKey(long[] index) {
        if (v2Keys) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < index.length; i++) {
                sb.append(i == 0 ? "" : separator).append(index[i]);
            }
            return index.length == 0 ? "0" : sb.toString();
        }
        StringBuilder sb = new StringBuilder("c");
        for (long i : index) {
            sb.append(separator).append(i);
        }
        return sb.toString();
    }

    /** The same metadata with other attributes. */
    public ArrayMetadata withAttributes(ObjectNode attrs) {
        return new ArrayMetadata(zarrFormat, shape, chunks, dtype, byteOrder, fillValue, fortranOrder, separator,
                v2Keys, codecs, sharding, dimensionNames, attrs);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public int[] chunks() {
        return chunks.clone();
    }

    @Override
    public ObjectNode attributes() {
        return attributes.deepCopy();
    }

    @Override
    public String toString() {
        return "zarr v" + zarrFormat + " " + dtype.v3Name() + " " + Arrays.toString(shape) + " in chunks "
                + Arrays.toString(chunks);
    }
}
