package org.jcare.io.zarr;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * A bytes-to-bytes codec of a chunk: the compressor of a Zarr v2 array, or one of the codecs that follow
 * {@code bytes} in a v3 array. Implementations are immutable and thread-safe ({@link Codecs}).
 */
public interface ChunkCodec {
    /** The encoded form of {@code raw}. */
    byte[] encode(byte[] raw);

    /**
     * Decodes {@code encoded}, whose decoded form must be {@code rawLength} bytes.
     *
     * @throws IOException naming the codec when the data is corrupt or of another size
     */
    byte[] decode(byte[] encoded, int rawLength) throws IOException;

    /** The codec's JSON: {@code {"id": ...}} for v2 (2), {@code {"name": ..., "configuration": {...}}} for v3 (3). */
    ObjectNode toJson(int zarrFormat);
}
