package org.jcare.io.zarr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jcare.io.image.Calibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PyramidTest {
    @Test
    void levelsHalveYxAndZOnlyWhileItIsFiner() {
        long[][] iso = Pyramid.factors("ZYX", new long[] {100, 1000, 1000}, Calibration.NONE, 0);
        assertEquals(3, iso.length, "1000 -> 500 -> 250");
        assertArrayEquals(new long[] {4, 4, 4}, iso[2]);
        // z 1 µm, xy 0.2 µm: Z follows once the lateral pixel passes it (level 3: 1.6 µm)
        long[][] aniso = Pyramid.factors("TCZYX", new long[] {1, 1, 50, 4096, 4096},
                new Calibration(0.2, 0.2, 1.0, "µm", 0), 0);
        assertEquals(5, aniso.length);
        assertArrayEquals(new long[] {1, 1, 1, 4, 4}, aniso[2]);
        assertArrayEquals(new long[] {1, 1, 2, 8, 8}, aniso[3]);
        assertEquals(1, Pyramid.factors("YX", new long[] {200, 100}, Calibration.NONE, 0).length);
        assertEquals(2, Pyramid.factors("YX", new long[] {4000, 100}, Calibration.NONE, 2).length);
    }

    @Test
    void eachLevelAveragesBlocksOfTheOneBefore(@TempDir Path dir) throws IOException {
        int h = 13;
        int w = 10;
        float[] img = new float[h * w];
        for (int i = 0; i < img.length; i++) {
            img[i] = i;
        }
        FileStore store = new FileStore(dir);
        ZarrArray l0 = ZarrArray.create(store, "0", ArrayMetadata.create(2, new long[] {h, w}, new int[] {4, 4},
                DataType.FLOAT32, null, null));
        ZarrArray l1 = ZarrArray.create(store, "1", ArrayMetadata.create(2, new long[] {7, 5}, new int[] {4, 4},
                DataType.FLOAT32, null, List.of()));
        for (long k = 0; k < l0.metadata().chunkCount(); k++) {
            long[] c = Pyramid.chunkIndex(l0.metadata(), k);
            float[] chunk = new float[16];
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    long yy = c[0] * 4 + y;
                    long xx = c[1] * 4 + x;
                    chunk[y * 4 + x] = yy < h && xx < w ? img[(int) (yy * w + xx)] : 0;
                }
            }
            l0.writeChunk(c, chunk);
        }
        Pyramid.build(l0, l1, new long[] {2, 2});
        float[] got = l1.read(new long[2], new int[] {7, 5});
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 5; x++) {
                double sum = 0;
                int n = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int yy = 2 * y + dy;
                        int xx = 2 * x + dx;
                        if (yy < h && xx < w) {
                            sum += img[yy * w + xx];
                            n++;
                        }
                    }
                }
                assertEquals((float) (sum / n), got[y * 5 + x], "at " + y + "," + x + " (the last row averages 2)");
            }
        }
    }
}
