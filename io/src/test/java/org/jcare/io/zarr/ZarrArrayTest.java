package org.jcare.io.zarr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.jcare.io.FileFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZarrArrayTest {
    @ParameterizedTest
    @ValueSource(strings = {"v2/blosc_lz4", "v2/blosc_zstd", "v2/blosc_blosclz_bitshuffle", "v2/blosc_zlib_noshuffle",
        "v2/blosc_lz4_big_blocks", "v2/zstd", "v2/zlib", "v2/gzip", "v2/lz4", "v2/none", "v2/fortran_zstd",
        "v2/dot_separator", "v2/big_endian", "v3/blosc_lz4", "v3/blosc_zstd", "v3/zstd_crc32c",
        "v3/gzip_big_endian", "v3/none_v2keys"})
    void readsWhatZarrPythonWrote(String name) throws IOException {
        ZarrArray a = ZarrArray.open(new FileStore(ZarrFixtures.root().resolve(name)), "");
        assertArrayEquals(ZarrFixtures.SHAPE, a.shape());
        assertArrayEquals(ZarrFixtures.CHUNKS, a.metadata().chunks());
        float[] all = a.read(new long[3], new int[] {5, 13, 17});
        assertArrayEquals(ZarrFixtures.expected("f4"), all, name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2/big_lz4_bitshuffle", "v2/big_blosclz_shuffle", "v2/big_zstd_bitshuffle",
        "v2/big_snappy_shuffle"})
    void readsBloscFramesOfSeveralBlocks(String name) throws IOException {
        ZarrArray a = ZarrArray.open(new FileStore(ZarrFixtures.root().resolve(name)), "");
        assertArrayEquals(ZarrFixtures.expected("big"), a.readChunk(new long[2]), name);
    }

    @Test
    void readsIntegersShardsAndFillValues() throws IOException {
        Path root = ZarrFixtures.root();
        float[] u16 = ZarrFixtures.expected("u16");
        for (String name : List.of("v2/uint16", "v3/uint16")) {
            ZarrArray a = ZarrArray.open(new FileStore(root.resolve(name)), "");
            assertEquals(DataType.UINT16, a.metadata().dtype());
            assertArrayEquals(u16, a.read(new long[3], new int[] {5, 13, 17}), name);
        }
        ZarrArray sharded = ZarrArray.open(new FileStore(root.resolve("v3/sharded")), "");
        assertTrue(sharded.metadata().sharding() != null);
        float[] expected = ZarrFixtures.expected("f4");
        float[] got = sharded.read(new long[3], new int[] {5, 13, 17});
        // the script leaves the second inner chunk (z 0-2, y 0-6, x 9-17) of every shard empty: fill value 0
        for (int z = 0; z < 5; z++) {
            for (int y = 0; y < 13; y++) {
                for (int x = 0; x < 17; x++) {
                    int i = (z * 13 + y) * 17 + x;
                    boolean empty = z < 3 && y < 7 && x >= 9;
                    assertEquals(empty ? 0f : expected[i], got[i], "sharded at " + z + "," + y + "," + x);
                }
            }
        }
        ZarrArray fill = ZarrArray.open(new FileStore(root.resolve("v2/fill")), "");
        assertEquals(7.5f, fill.read(new long[] {4, 12, 16}, new int[] {1, 1, 1})[0]);
        assertEquals(expected[0], fill.read(new long[3], new int[] {1, 1, 1})[0]);
        assertFalse(fill.chunkExists(new long[] {1, 1, 1}));
    }

    @Test
    void regionsStraddlingChunksMatchTheWhole() throws IOException {
        ZarrArray a = ZarrArray.open(new FileStore(ZarrFixtures.root().resolve("v2/zstd")), "");
        float[] all = ZarrFixtures.expected("f4");
        float[] r = a.read(new long[] {1, 5, 8}, new int[] {3, 6, 4});
        for (int z = 0; z < 3; z++) {
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 4; x++) {
                    assertEquals(all[((1 + z) * 13 + 5 + y) * 17 + 8 + x], r[(z * 6 + y) * 4 + x]);
                }
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> a.read(new long[] {4, 0, 0}, new int[] {2, 1, 1}));
    }

    @ParameterizedTest
    @ValueSource(strings = {"blosc-lz4", "blosc-zstd", "zstd", "zlib", "gzip", "lz4", "none"})
    void writesAndReadsBackV2(String codec) throws IOException {
        roundTrip(2, codec);
    }

    @ParameterizedTest
    @ValueSource(strings = {"blosc-lz4", "blosc-zstd", "zstd", "gzip", "none"})
    void writesAndReadsBackV3(String codec) throws IOException {
        roundTrip(3, codec);
    }

    private void roundTrip(int format, String codec) throws IOException {
        Path dir = Files.createTempDirectory("zarr-rt");
        try {
            ArrayMetadata m = ArrayMetadata.create(format, ZarrFixtures.SHAPE, ZarrFixtures.CHUNKS, DataType.FLOAT32,
                    Codecs.byName(codec, 4), List.of("z", "y", "x"));
            ZarrArray w = ZarrArray.create(new FileStore(dir), "img", m);
            float[] all = ZarrFixtures.expected("f4");
            writeAll(w, all);
            ZarrArray r = ZarrArray.open(new FileStore(dir), "img");
            assertEquals(format, r.metadata().zarrFormat());
            assertArrayEquals(all, r.read(new long[3], new int[] {5, 13, 17}), codec);
            assertTrue(Files.exists(dir.resolve(format == 2 ? "img/1/1/1" : "img/c/1/1/1")));
        } finally {
            org.jcare.io.AtomicFiles.deleteRecursively(dir);
        }
    }

    /** Writes a whole C-order array chunk by chunk. */
    static void writeAll(ZarrArray w, float[] all) throws IOException {
        ArrayMetadata m = w.metadata();
        int[] shape = Boxes.toInts(m.shape());
        int[] chunks = m.chunks();
        for (long k = 0; k < m.chunkCount(); k++) {
            long[] c = Pyramid.chunkIndex(m, k);
            int[] start = new int[3];
            int[] size = new int[3];
            for (int i = 0; i < 3; i++) {
                start[i] = (int) c[i] * chunks[i];
                size[i] = Math.min(chunks[i], shape[i] - start[i]);
            }
            float[] chunk = new float[m.chunkElements()];
            Boxes.copy(all, shape, start, chunk, chunks, new int[3], size);
            w.writeChunk(c, chunk);
        }
    }

    @Test
    void concurrentChunkWritesAreWholeAndAtomic(@TempDir Path dir) throws Exception {
        ArrayMetadata m = ArrayMetadata.create(2, new long[] {64, 64}, new int[] {8, 8}, DataType.FLOAT32,
                Codecs.byName("blosc-zstd", 4), null);
        ZarrArray a = ZarrArray.create(new FileStore(dir), "", m);
        // 6 tasks rewrite the same chunks with values of their own; every read sees one writer's chunk, whole
        IntStream.range(0, 6).parallel().forEach(t -> {
            try {
                for (int rep = 0; rep < 3; rep++) {
                    for (long k = 0; k < m.chunkCount(); k++) {
                        float[] v = new float[64];
                        java.util.Arrays.fill(v, t * 1000 + rep);
                        a.writeChunk(Pyramid.chunkIndex(m, k), v);
                        float[] back = a.readChunk(Pyramid.chunkIndex(m, (k * 7) % m.chunkCount()));
                        for (float x : back) {
                            assertEquals(back[0], x);
                        }
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (var files = Files.walk(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporaries left");
        }
    }

    @Test
    void badMetadataAndCorruptChunksNameTheFile(@TempDir Path dir) throws IOException {
        FileFormatException e = assertThrows(FileFormatException.class, () -> ZarrArray.open(new FileStore(dir), ""));
        assertTrue(e.getMessage().contains("no Zarr array"), e.getMessage());
        Files.writeString(dir.resolve(".zarray"), "{\"zarr_format\": 2, \"shape\": [4], \"chunks\": [2], \"dtype\":"
                + " \"<f4\", \"compressor\": null, \"filters\": [{\"id\": \"delta\"}], \"order\": \"C\","
                + " \"fill_value\": 0}");
        e = assertThrows(FileFormatException.class, () -> ZarrArray.open(new FileStore(dir), ""));
        assertTrue(e.getMessage().contains("filters") && e.getMessage().contains(".zarray"), e.getMessage());
        ArrayMetadata m = ArrayMetadata.create(2, new long[] {4}, new int[] {2}, DataType.FLOAT32,
                Codecs.byName("zstd", 4), null);
        ZarrArray a = ZarrArray.create(new FileStore(dir), "", m);
        Files.write(dir.resolve("0"), new byte[] {1, 2, 3, 4, 5});
        e = assertThrows(FileFormatException.class, () -> a.readChunk(new long[] {0}));
        assertTrue(e.getMessage().contains("chunk [0]") && e.getMessage().contains(dir.resolve("0").toString()),
                e.getMessage());
    }
}
