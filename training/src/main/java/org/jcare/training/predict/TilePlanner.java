package org.jcare.training.predict;

import java.util.Arrays;

/**
 * Chooses tile counts from a device-memory budget instead of CSBDeep's out-of-memory retry loop: starting from one
 * tile per axis, it repeatedly splits the axis whose tiles are currently largest in pixels (CSBDeep's OOM heuristic
 * doubles tiles on that axis; here the count grows only as far as needed to make that axis' tiles smaller) until
 * {@link TileCostModel#bytes} of a tile fits the budget. Tiles stay block-aligned and keep the halo, so tiled output
 * still equals whole-image output. Few, large tiles are preferred: each split adds halo work.
 */
public final class TilePlanner {
    /**
     * The chosen grid and what one tile costs.
     *
     * @param grid      the tiles
     * @param nTiles    the requested counts per axis that produce {@code grid} (pass them on for reproducibility)
     * @param tileBytes bytes one tile needs according to the cost model
     */
    public record Plan(TileGrid grid, int[] nTiles, long tileBytes) {
    }

    private TilePlanner() {
    }

    /**
     * Plans tiles for a padded image.
     *
     * @param shape       padded spatial shape in pixels (each a multiple of its block size)
     * @param blockSize   block size per axis (2^depth on pooled axes)
     * @param haloPx      halo per axis in pixels (from {@link ReceptiveField})
     * @param cost        memory of one tile
     * @param budgetBytes device memory one tile may use
     * @throws IllegalArgumentException when even the smallest tiles the halo allows exceed the budget; the message
     *                                  gives that tile shape and its cost
     */
    public static Plan plan(long[] shape, int[] blockSize, int[] haloPx, TileCostModel cost, long budgetBytes) {
        int rank = shape.length;
        int[] n = new int[rank];
        Arrays.fill(n, 1);
        TileGrid grid = TileGrid.of(shape, blockSize, n, haloPx);
        while (true) {
            long[] tile = grid.tileShape();
            long bytes = cost.bytes(tile);
            if (bytes <= budgetBytes) {
                return new Plan(grid, n.clone(), bytes);
            }
            int axis = -1;
            for (int i = 0; i < rank; i++) {
                Tiling t = grid.tilings().get(i);
                boolean splittable = t.tileSize() > 2 * grid.overlapBlocks()[i] + 1;
                if (splittable && (axis < 0 || tile[i] > tile[axis])) {
                    axis = i;
                }
            }
            if (axis < 0) {
                throw new IllegalArgumentException("tiles do not fit the memory budget of " + mib(budgetBytes)
                        + ": the smallest tiles the halo " + Arrays.toString(haloPx) + " px allows for image "
                        + Arrays.toString(shape) + " are " + Arrays.toString(tile) + " px and need " + mib(bytes)
                        + "; use a device with more memory or a smaller network");
            }
            int size = grid.tilings().get(axis).tileSize();
            int nBlocks = Math.toIntExact(shape[axis] / blockSize[axis]);
            TileGrid next = grid;
            while (next.tilings().get(axis).tileSize() >= size && n[axis] < nBlocks) {
                n[axis]++;
                next = TileGrid.of(shape, blockSize, n, haloPx);
            }
            grid = next;
        }
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB (%d bytes)", bytes / 1048576.0, bytes);
    }
}
