package org.jcare.training.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TilePlannerTest {
    private static final int[] BLOCK = {4, 4, 4};
    private static final int[] HALO = {23, 23, 23};

    @Test
    void enoughMemoryMeansOneTile() {
        TilePlanner.Plan p = TilePlanner.plan(new long[] {32, 256, 256}, BLOCK, HALO,
                TileCostModel.perVoxel(100, 1000), 1L << 40);
        assertArrayEquals(new int[] {1, 1, 1}, p.grid().tilesPerAxis());
        assertEquals(1000 + 100L * 32 * 256 * 256, p.tileBytes());
    }

    @Test
    void splitsTheLargestAxisUntilATileFits() {
        long[] shape = {64, 1024, 1024};
        TileCostModel cost = TileCostModel.perVoxel(2000, 50_000_000L);
        long budget = 8L << 30;
        TilePlanner.Plan p = TilePlanner.plan(shape, BLOCK, HALO, cost, budget);
        assertTrue(p.tileBytes() <= budget);
        assertEquals(cost.bytes(p.grid().tileShape()), p.tileBytes());
        assertEquals(1, p.grid().tilesPerAxis()[0], "Z is the shortest axis and is split last");
        assertTrue(p.grid().count() > 1);
        // the grid is what the recorded request reproduces
        assertArrayEquals(p.grid().tilesPerAxis(),
                TileGrid.of(shape, BLOCK, p.nTiles(), HALO).tilesPerAxis());
    }

    @Test
    void impossibleBudgetSaysWhatTheSmallestTileNeeds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TilePlanner.plan(
                new long[] {256, 256}, new int[] {4, 4}, new int[] {43, 43}, TileCostModel.perVoxel(1e6, 0), 1 << 20));
        assertTrue(e.getMessage().contains("smallest tiles"), e.getMessage());
        assertTrue(e.getMessage().contains("[92, 92]"), e.getMessage());
    }

    @Test
    void perVoxelCostIsFixedPlusVoxelsTimesBytes() {
        assertEquals(10 + 3 * 2 * 5, TileCostModel.perVoxel(3, 10).bytes(new long[] {2, 5}));
        assertThrows(IllegalArgumentException.class, () -> TileCostModel.perVoxel(0, 10));
    }
}
