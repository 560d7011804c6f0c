package org.jcare.training.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TileGridTest {
    @Test
    void tilesAreTheProductOfPerAxisTilingsFirstAxisSlowest() {
        TileGrid g = TileGrid.of(new long[] {1024, 100}, new int[] {4, 4}, new int[] {4, 2}, new int[] {43, 43});
        assertArrayEquals(new int[] {4, 2}, g.tilesPerAxis());
        assertArrayEquals(new int[] {11, 11}, g.overlapBlocks());
        assertEquals(8, g.count());
        assertArrayEquals(new long[] {324, 96}, g.tileShape());
        List<TileGrid.NdTile> tiles = g.tiles();
        assertArrayEquals(new int[] {0, 1}, tiles.get(1).index());
        assertArrayEquals(new int[] {1, 0}, tiles.get(2).index());
        TileGrid.NdTile t = tiles.get(7);
        assertArrayEquals(new long[] {700, 4}, t.readStart());
        assertArrayEquals(new long[] {324, 96}, t.readSize());
        assertArrayEquals(new long[] {752, 52}, t.writeStart());
        assertArrayEquals(new long[] {272, 48}, t.writeSize());
        assertArrayEquals(new long[] {52, 48}, t.cropStart());
    }

    @Test
    void everyPixelIsWrittenExactlyOnce() {
        long[] shape = {48, 40, 36};
        TileGrid g = TileGrid.of(shape, new int[] {4, 4, 2}, new int[] {3, 2, 4}, new int[] {6, 9, 3});
        int[] hits = new int[48 * 40 * 36];
        for (TileGrid.NdTile t : g) {
            for (int z = 0; z < t.writeSize()[0]; z++) {
                for (int y = 0; y < t.writeSize()[1]; y++) {
                    for (int x = 0; x < t.writeSize()[2]; x++) {
                        long zz = t.writeStart()[0] + z;
                        long yy = t.writeStart()[1] + y;
                        long xx = t.writeStart()[2] + x;
                        hits[(int) ((zz * 40 + yy) * 36 + xx)]++;
                    }
                }
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(t.writeStart()[i] - t.readStart()[i], t.cropStart()[i]);
                assertTrue(t.cropStart()[i] + t.writeSize()[i] <= t.readSize()[i]);
            }
        }
        for (int h : hits) {
            assertEquals(1, h);
        }
    }

    /**
     * A local operator with a known halo (a box mean of radius 5, zero outside the image, like 'same' padding)
     * applied tile by tile with that halo gives exactly the whole-image result.
     */
    @Test
    void tiledLocalOperatorEqualsWholeImage() {
        int h = 52;
        int w = 64;
        int r = 5;
        SplittableRandom rng = new SplittableRandom(2);
        float[] img = new float[h * w];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) rng.nextDouble();
        }
        float[] whole = boxMean(img, 0, 0, h, w, w, r);
        TileGrid g = TileGrid.of(new long[] {h, w}, new int[] {4, 4}, new int[] {3, 3}, new int[] {r, r});
        assertTrue(g.count() > 1);
        float[] tiled = new float[h * w];
        for (TileGrid.NdTile t : g) {
            int ry = (int) t.readStart()[0];
            int rx = (int) t.readStart()[1];
            int th = (int) t.readSize()[0];
            int tw = (int) t.readSize()[1];
            float[] tile = new float[th * tw];
            for (int y = 0; y < th; y++) {
                System.arraycopy(img, (ry + y) * w + rx, tile, y * tw, tw);
            }
            float[] out = boxMean(tile, 0, 0, th, tw, tw, r);
            for (int y = 0; y < t.writeSize()[0]; y++) {
                for (int x = 0; x < t.writeSize()[1]; x++) {
                    int sy = (int) t.cropStart()[0] + y;
                    int sx = (int) t.cropStart()[1] + x;
                    tiled[(int) ((t.writeStart()[0] + y) * w + t.writeStart()[1] + x)] = out[sy * tw + sx];
                }
            }
        }
        assertArrayEquals(whole, tiled, 0f);
    }

    private static float[] boxMean(float[] a, int y0, int x0, int h, int w, int stride, int r) {
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int dy = -r; dy <= r; dy++) {
                    for (int dx = -r; dx <= r; dx++) {
                        int yy = y + dy;
                        int xx = x + dx;
                        if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                            s += a[(y0 + yy) * stride + x0 + xx];
                        }
                    }
                }
                out[y * w + x] = s;
            }
        }
        return out;
    }

    @Test
    void shapesMustBeBlockMultiples() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TileGrid.of(new long[] {30, 32}, new int[] {4, 4}, new int[] {2, 2}, new int[] {5, 5}));
        assertTrue(e.getMessage().contains("PadAndCrop"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TileGrid.of(new long[] {32}, new int[] {4, 4}, new int[] {2}, new int[] {5}));
        assertThrows(IndexOutOfBoundsException.class,
                () -> TileGrid.of(new long[] {32}, new int[] {4}, new int[] {1}, new int[] {5}).tile(1));
    }
}
