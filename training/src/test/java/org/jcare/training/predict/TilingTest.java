package org.jcare.training.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TilingTest {
    private static final int BLOCK = 4;
    private static final int OVERLAP = 11; // ceil(43 / 4): the 2D default

    private static void assertTiles(List<Tiling.Tile> tiles, int[][] read, int[][] write) {
        assertEquals(read.length, tiles.size());
        for (int i = 0; i < read.length; i++) {
            Tiling.Tile t = tiles.get(i);
            assertEquals(read[i][0], t.readStart(), "read start of tile " + i);
            assertEquals(read[i][1], t.readStop(), "read stop of tile " + i);
            assertEquals(write[i][0], t.writeStart(), "write start of tile " + i);
            assertEquals(write[i][1], t.writeStop(), "write stop of tile " + i);
        }
    }

    /** Reference section c: width 1024, n_tiles=4. */
    @Test
    void width1024FourTiles() {
        Tiling t = Tiling.forNTiles(1024 / BLOCK, 4, OVERLAP);
        assertEquals(81, t.tileSize());
        List<Tiling.Tile> px = t.tiles(BLOCK);
        assertTiles(px, new int[][] {{0, 324}, {236, 560}, {472, 796}, {700, 1024}},
                new int[][] {{0, 280}, {280, 516}, {516, 752}, {752, 1024}});
        int[][] crops = {{0, 44}, {44, 44}, {44, 44}, {52, 0}};
        for (int i = 0; i < 4; i++) {
            assertEquals(crops[i][0], px.get(i).cropStart(), "crop start " + i);
            assertEquals(crops[i][1], px.get(i).cropEnd(), "crop end " + i);
        }
    }

    /** Reference section c: width 1024, n_tiles=2. */
    @Test
    void width1024TwoTiles() {
        Tiling t = Tiling.forNTiles(1024 / BLOCK, 2, OVERLAP);
        assertEquals(139, t.tileSize());
        assertTiles(t.tiles(BLOCK), new int[][] {{0, 556}, {468, 1024}}, new int[][] {{0, 512}, {512, 1024}});
    }

    /** Reference section c: width 100, n_tiles=2 (heavy overlap at small sizes). */
    @Test
    void width100TwoTiles() {
        Tiling t = Tiling.forNTiles(100 / BLOCK, 2, OVERLAP);
        assertEquals(24, t.tileSize());
        assertTiles(t.tiles(BLOCK), new int[][] {{0, 96}, {4, 100}}, new int[][] {{0, 52}, {52, 100}});
    }

    @Test
    void axisShorterThanATileIsOneWholeTile() {
        Tiling t = Tiling.of(10, 25, 11);
        assertEquals(1, t.count());
        assertEquals(0, t.overlap());
        assertTiles(t.tiles(), new int[][] {{0, 10}}, new int[][] {{0, 10}});
        assertEquals(1, Tiling.forNTiles(5, 3, 11).count());
    }

    @Test
    void everyTilingPartitionsTheAxisAndKeepsTheOverlapFromInnerBorders() {
        for (int n = 1; n <= 90; n++) {
            for (int o = 0; o <= 6; o++) {
                for (int request = 1; request <= 9; request++) {
                    Tiling t = Tiling.forNTiles(n, request, o);
                    List<Tiling.Tile> tiles = t.tiles();
                    int expectStart = 0;
                    for (int i = 0; i < tiles.size(); i++) {
                        Tiling.Tile tile = tiles.get(i);
                        String where = "n=" + n + " o=" + o + " request=" + request + " tile " + i;
                        assertEquals(expectStart, tile.writeStart(), where);
                        assertEquals(t.tileSize(), tile.readStop() - tile.readStart(), where);
                        assertTrue(tile.readStart() >= 0 && tile.readStop() <= n, where);
                        assertTrue(tile.writeStart() >= tile.readStart() && tile.writeStop() <= tile.readStop(), where);
                        if (i > 0) {
                            assertTrue(tile.cropStart() >= t.overlap(), where);
                        }
                        if (i < tiles.size() - 1) {
                            assertTrue(tile.cropEnd() >= t.overlap(), where);
                        }
                        expectStart = tile.writeStop();
                    }
                    assertEquals(n, expectStart, "writes cover the axis");
                    assertTrue(tiles.size() == 1 || t.tileSize() > 2 * o);
                }
            }
        }
    }

    @Test
    void onATieForNTilesTakesTheSmallerTilesAndSoMoreOfThem() {
        // n=10, o=3, request 3: size 8 gives 2 tiles, size 7 gives 4, equally far from 3
        assertEquals(2, Tiling.of(10, 8, 3).count());
        assertEquals(4, Tiling.of(10, 7, 3).count());
        Tiling t = Tiling.forNTiles(10, 3, 3);
        assertEquals(7, t.tileSize());
        assertEquals(4, t.count());
    }

    @Test
    void badArgumentsAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> Tiling.of(100, 20, 10));
        assertThrows(IllegalArgumentException.class, () -> Tiling.of(0, 20, 1));
        assertThrows(IllegalArgumentException.class, () -> Tiling.forNTiles(100, 0, 1));
    }
}
