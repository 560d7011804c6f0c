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

    /**
     * Planned for throughput: a 2D image whose halo is small against its size gets more tiles than memory needs when
     * the work that cannot overlap costs as much per voxel as the computation (each split hides more of it than its
     * halo adds), and stops where the next split costs more halo than it hides; with nothing to overlap (ratio 0) the
     * plan is the memory plan; never more than the tile limit; and a 3D stack of 64 planes, whose Z halo is large
     * against it, is not split along Z for throughput.
     */
    @Test
    void throughputPlansSplitOnlyWhileTheOverlapPaysForTheHalo() {
        long[] shape = {2048, 2048};
        int[] block = {4, 4};
        int[] halo = {44, 44};
        TileCostModel cost = TileCostModel.perVoxel(100, 0);
        TilePlanner.Plan memory = TilePlanner.plan(shape, block, halo, cost, 1L << 40);
        assertEquals(1, memory.grid().count());
        assertEquals(memory.grid().count(), TilePlanner.planForThroughput(shape, block, halo, cost, 1L << 40, 0, 64)
                .grid().count());
        TilePlanner.Plan fast = TilePlanner.planForThroughput(shape, block, halo, cost, 1L << 40, 1.0, 64);
        assertTrue(fast.grid().count() > 1, "a split hides half of the exposed work for a few % of halo");
        assertTrue(TilePlanner.modelledTime(fast.grid(), 1.0) < TilePlanner.modelledTime(memory.grid(), 1.0));
        assertTrue(fast.grid().count() <= 64);
        // one more split of the chosen grid's largest axis would not lower the modelled time
        TilePlanner.Plan capped = TilePlanner.planForThroughput(shape, block, halo, cost, 1L << 40, 1.0, 4);
        assertTrue(capped.grid().count() <= 4 && capped.grid().count() > 1);
        TilePlanner.Plan small = TilePlanner.planForThroughput(shape, block, halo, cost, 1L << 40, 0.01, 64);
        assertTrue(small.grid().count() < fast.grid().count(), "less to hide, fewer splits");

        long[] stack = {64, 1024, 1024};
        TilePlanner.Plan p3 = TilePlanner.planForThroughput(stack, BLOCK, HALO, cost, 1L << 40, 0.1, 64);
        assertEquals(1, p3.grid().tilesPerAxis()[0], "Z (64 planes, 23 px of halo each side) is not worth splitting");
    }
}
