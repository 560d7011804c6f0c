package org.jcare.io.zarr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BloscTest {
    /** Smooth float data (compressible) of {@code n} values with some noise in the low bits. */
    static byte[] floats(int n, long seed) {
        Random r = new Random(seed);
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat((float) (100 * Math.sin(i * 0.003) + r.nextGaussian()));
        }
        return b.array();
    }

    @Test
    void roundTripsEveryCodecShuffleAndSize() {
        Blosc.Cname[] names = {Blosc.Cname.LZ4, Blosc.Cname.LZ4HC, Blosc.Cname.ZSTD, Blosc.Cname.ZLIB,
            Blosc.Cname.SNAPPY};
        // sizes below the 128-byte minimum, not a multiple of the type size, one block, many blocks with a leftover
        int[] sizes = {0, 3, 100, 1001, 40_003};
        for (Blosc.Cname c : names) {
            for (int shuffle = 0; shuffle <= 2; shuffle++) {
                for (int n : sizes) {
                    for (int typesize : new int[] {1, 4, 8}) {
                        byte[] src = floats((n + 3) / 4, n).length >= n ? java.util.Arrays.copyOf(floats((n + 3) / 4,
                                n), n) : new byte[n];
                        for (int blocksize : new int[] {0, 4096}) {
                            byte[] frame = Blosc.compress(src, c, 5, shuffle, typesize, blocksize);
                            assertArrayEquals(src, Blosc.decompress(frame), c + " shuffle " + shuffle + " n " + n
                                    + " typesize " + typesize + " blocksize " + blocksize);
                        }
                    }
                }
            }
        }
    }

    @Test
    void compressesSmoothFloatsAndStoresNoise() {
        byte[] smooth = floats(1 << 16, 1);
        byte[] frame = Blosc.compress(smooth, Blosc.Cname.ZSTD, 5, Blosc.SHUFFLE, 4, 0);
        assertTrue(frame.length < smooth.length * 0.8, "shuffled zstd compresses smooth floats: " + frame.length);
        byte[] noise = new byte[50_000];
        new Random(3).nextBytes(noise);
        byte[] stored = Blosc.compress(noise, Blosc.Cname.LZ4, 5, Blosc.NOSHUFFLE, 1, 0);
        assertEquals(noise.length + 16, stored.length, "incompressible data is stored plainly behind the header");
        assertEquals(0x2, stored[2] & 0x2);
        assertArrayEquals(noise, Blosc.decompress(stored));
        byte[] level0 = Blosc.compress(smooth, Blosc.Cname.LZ4, 0, Blosc.SHUFFLE, 4, 0);
        assertEquals(smooth.length + 16, level0.length);
    }

    @Test
    void blockSizesFollowCBlosc() {
        // c-blosc 1.x compute_blocksize: L1 (32 KiB) x 4 at clevel 5, split codecs x typesize, capped at 1 MiB
        assertEquals(512 * 1024, Blosc.blocksize(Blosc.Cname.LZ4, 5, 4, 8 << 20, 0));
        assertEquals(1 << 20, Blosc.blocksize(Blosc.Cname.LZ4, 9, 4, 8 << 20, 0));
        assertEquals(256 * 1024, Blosc.blocksize(Blosc.Cname.ZSTD, 5, 4, 8 << 20, 0));
        assertEquals(1000, Blosc.blocksize(Blosc.Cname.LZ4, 5, 4, 1000, 0));
        assertEquals(4096, Blosc.blocksize(Blosc.Cname.ZSTD, 5, 4, 1 << 20, 4096));
    }

    @Test
    void malformedFramesAreRefusedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Blosc.decompress(new byte[] {2, 1, 0}));
        assertTrue(e.getMessage().contains("header"), e.getMessage());
        byte[] frame = Blosc.compress(floats(10_000, 2), Blosc.Cname.LZ4, 5, Blosc.SHUFFLE, 4, 0);
        byte[] truncated = java.util.Arrays.copyOf(frame, frame.length / 2);
        e = assertThrows(IllegalArgumentException.class, () -> Blosc.decompress(truncated));
        assertTrue(e.getMessage().contains("blosc"), e.getMessage());
        byte[] badCodec = frame.clone();
        badCodec[2] = (byte) (badCodec[2] | 0xE0);
        assertThrows(IllegalArgumentException.class, () -> Blosc.decompress(badCodec));
        assertThrows(IllegalArgumentException.class,
                () -> Blosc.compress(new byte[10], Blosc.Cname.BLOSCLZ, 5, 1, 4, 0));
    }
}
