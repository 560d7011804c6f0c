package org.jcare.io.zarr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads one shard of a v3 array with the {@code sharding_indexed} codec into the float32 values of the whole shard:
 * the index (offset and length per inner chunk, little-endian uint64, inner chunks in C order, optionally followed by a
 * CRC-32C) at the end or the start of the shard, then each inner chunk decoded with the inner codecs; empty inner
 * chunks ({@code 2^64 - 1} twice) hold the fill value.
 */
final class ShardReader {
    private static final long EMPTY = -1L;

    private ShardReader() {
    }

    static float[] read(ArrayMetadata meta, byte[] shard) throws IOException {
        ArrayMetadata.Sharding s = meta.sharding();
        int[] outer = meta.chunks();
        int[] inner = s.innerChunks();
        int rank = outer.length;
        int[] perAxis = new int[rank];
        for (int i = 0; i < rank; i++) {
            if (outer[i] % inner[i] != 0) {
                throw new IOException("shard shape " + Arrays.toString(outer) + " is not a multiple of the inner chunk"
                        + " shape " + Arrays.toString(inner));
            }
            perAxis[i] = outer[i] / inner[i];
        }
        int nInner = Boxes.count(perAxis);
        int indexBytes = 16 * nInner + (s.indexChecksum() ? 4 : 0);
        if (shard.length < indexBytes) {
            throw new IOException("shard of " + shard.length + " bytes is shorter than its index (" + indexBytes + ")");
        }
        int indexAt = s.indexAtEnd() ? shard.length - indexBytes : 0;
        byte[] index = Arrays.copyOfRange(shard, indexAt, indexAt + indexBytes);
        if (s.indexChecksum()) {
            index = new Codecs.Crc32cCodec().decode(index, 16 * nInner);
        }
        ByteBuffer ix = ByteBuffer.wrap(index).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[Boxes.count(outer)];
        int innerElements = Boxes.count(inner);
        int rawBytes = innerElements * meta.dtype().size();
        float[] chunk = new float[innerElements];
        int[] pos = new int[rank];
        int[] dst = new int[rank];
        int[] zero = new int[rank];
        for (int k = 0; k < nInner; k++) {
            long offset = ix.getLong(16 * k);
            long length = ix.getLong(16 * k + 8);
            for (int i = 0; i < rank; i++) {
                dst[i] = pos[i] * inner[i];
            }
            if (offset == EMPTY && length == EMPTY) {
                Arrays.fill(chunk, (float) meta.fillValue());
            } else {
                if (offset < 0 || length < 0 || offset + length > shard.length) {
                    throw new IOException("inner chunk " + k + " lies outside the shard (" + offset + " + " + length
                            + " of " + shard.length + " bytes)");
                }
                byte[] enc = Arrays.copyOfRange(shard, (int) offset, (int) (offset + length));
                byte[] raw = ZarrArray.decode(enc, s.codecs(), rawBytes);
                meta.dtype().toFloats(raw, s.byteOrder(), chunk, innerElements);
            }
            Boxes.copy(chunk, inner, zero, out, outer, dst, inner);
            for (int i = rank - 1; i >= 0; i--) {
                if (++pos[i] < perAxis[i]) {
                    break;
                }
                pos[i] = 0;
            }
        }
        return out;
    }
}
