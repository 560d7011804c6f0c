package org.jcare.io.zarr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionedWriterTest {
    private static final long[] SHAPE = {3, 23, 31};
    private static final long[][] CUTS = {{0, 1, 2, 3}, {0, 8, 12, 23}, {0, 5, 17, 30, 31}};

    /** The cells of the partition, each as {start, size}. */
    private static List<long[][]> cells() {
        List<long[][]> out = new ArrayList<>();
        for (int a = 0; a + 1 < CUTS[0].length; a++) {
            for (int b = 0; b + 1 < CUTS[1].length; b++) {
                for (int c = 0; c + 1 < CUTS[2].length; c++) {
                    out.add(new long[][] {{CUTS[0][a], CUTS[1][b], CUTS[2][c]},
                        {CUTS[0][a + 1] - CUTS[0][a], CUTS[1][b + 1] - CUTS[1][b], CUTS[2][c + 1] - CUTS[2][c]}});
                }
            }
        }
        return out;
    }

    private static float value(long z, long y, long x) {
        return z * 10000 + y * 100 + x + 0.5f;
    }

    private static float[] cellData(long[][] cell) {
        int[] s = Boxes.toInts(cell[1]);
        float[] d = new float[Boxes.count(s)];
        int i = 0;
        for (int z = 0; z < s[0]; z++) {
            for (int y = 0; y < s[1]; y++) {
                for (int x = 0; x < s[2]; x++) {
                    d[i++] = value(cell[0][0] + z, cell[0][1] + y, cell[0][2] + x);
                }
            }
        }
        return d;
    }

    @Test
    void cellsInAnyOrderGiveWholeChunksOnce(@TempDir Path dir) throws IOException {
        FileStore store = new FileStore(dir.resolve("out.zarr"));
        ZarrArray a = ZarrArray.create(store, "0", ArrayMetadata.create(2, SHAPE, new int[] {2, 10, 10},
                DataType.FLOAT32, Codecs.byName("blosc-zstd", 4), null));
        PartitionedWriter w = new PartitionedWriter(a, dir.resolve("scratch"), CUTS);
        List<long[][]> cells = cells();
        Collections.shuffle(cells, new Random(4));
        // half the cells, then a "crash": no chunk may be partial, and resume knows which cells are done
        for (int i = 0; i < cells.size() / 2; i++) {
            w.write(cells.get(i)[0], Boxes.toInts(cells.get(i)[1]), cellData(cells.get(i)));
        }
        ZarrArray reopened = ZarrArray.open(store, "0");
        PartitionedWriter again = new PartitionedWriter(reopened, dir.resolve("scratch"), CUTS);
        for (int i = 0; i < cells.size(); i++) {
            assertEquals(i < cells.size() / 2, again.isWritten(cells.get(i)[0], Boxes.toInts(cells.get(i)[1])),
                    "cell " + i);
        }
        for (long k = 0; k < a.metadata().chunkCount(); k++) {
            long[] c = Pyramid.chunkIndex(a.metadata(), k);
            if (a.chunkExists(c)) {
                float[] chunk = a.readChunk(c);
                for (int z = 0; z < 2; z++) {
                    for (int y = 0; y < 10; y++) {
                        for (int x = 0; x < 10; x++) {
                            long zz = c[0] * 2 + z;
                            long yy = c[1] * 10 + y;
                            long xx = c[2] * 10 + x;
                            if (zz < 3 && yy < 23 && xx < 31) {
                                assertEquals(value(zz, yy, xx), chunk[(z * 10 + y) * 10 + x], "complete chunk");
                            }
                        }
                    }
                }
            }
        }
        // the rest, one written twice (a retried task)
        for (int i = cells.size() / 2; i < cells.size(); i++) {
            again.write(cells.get(i)[0], Boxes.toInts(cells.get(i)[1]), cellData(cells.get(i)));
        }
        again.write(cells.get(0)[0], Boxes.toInts(cells.get(0)[1]), cellData(cells.get(0)));
        assertTrue(again.sweep().isEmpty());
        float[] all = reopened.read(new long[3], new int[] {3, 23, 31});
        for (int z = 0; z < 3; z++) {
            for (int y = 0; y < 23; y++) {
                for (int x = 0; x < 31; x++) {
                    assertEquals(value(z, y, x), all[(z * 23 + y) * 31 + x]);
                }
            }
        }
    }

    @Test
    void cellsWrittenFromManyThreadsAssembleEveryChunk(@TempDir Path dir) throws IOException {
        ZarrArray a = ZarrArray.create(new FileStore(dir.resolve("o")), "", ArrayMetadata.create(3, SHAPE,
                new int[] {1, 7, 7}, DataType.FLOAT32, null, null));
        PartitionedWriter w = new PartitionedWriter(a, dir.resolve("s"), CUTS);
        cells().parallelStream().forEach(c -> {
            try {
                w.write(c[0], Boxes.toInts(c[1]), cellData(c));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(w.sweep().isEmpty());
        assertEquals(value(2, 22, 30), a.read(new long[] {2, 22, 30}, new int[] {1, 1, 1})[0]);
        try (var s = Files.list(dir.resolve("s"))) {
            assertFalse(s.anyMatch(p -> true), "fragments are removed once their chunk is written");
        }
    }

    @Test
    void refusesBoxesThatAreNotCells(@TempDir Path dir) throws IOException {
        ZarrArray a = ZarrArray.create(new FileStore(dir), "", ArrayMetadata.create(2, SHAPE, new int[] {1, 8, 8},
                DataType.FLOAT32, null, null));
        PartitionedWriter w = new PartitionedWriter(a, dir.resolve("s"), CUTS);
        assertThrows(IllegalArgumentException.class, () -> w.write(new long[] {0, 0, 0}, new int[] {1, 8, 6},
                new float[48]));
        assertThrows(IllegalArgumentException.class, () -> new PartitionedWriter(a, dir, new long[][] {{0, 3},
            {0, 23}, {0, 30}}));
        assertArrayEquals(new long[] {0, 8, 12, 23}, CUTS[1]);
    }
}
