package org.jcare.training.predict;

import java.util.Arrays;

/**
 * Chooses tile counts from a device-memory budget instead of CSBDeep's out-of-memory retry loop: starting from one
 * tile per axis, it repeatedly splits the axis whose tiles are currently largest in pixels (CSBDeep's OOM heuristic
 * doubles tiles on that axis; here the count grows only as far as needed to make that axis' tiles smaller) until
 * {@link TileCostModel#bytes} of a tile fits the budget. Tiles stay block-aligned and keep the halo, so tiled output
 * still equals whole-image output. Few, large tiles are preferred: each split adds halo work.
 * {@link #planForThroughput} goes on splitting while that pays for work that overlaps across tiles (transfers and host
 * work of one tile while the device computes another).
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

    /**
     * Plans tiles for throughput as well as memory: from the memory plan ({@link #plan}), the splits continue as there
     * (the axis with the largest tiles) as long as they lower the modelled time, the voxels every tile reads (halo
     * included, what the device computes) plus {@code exposedRatio} times the voxels of the largest tile (the work
     * nothing overlaps: the first tile's host work and upload before the device starts, the last tile's download and
     * write-back after it ends; exposedRatio = that work per voxel / the device's per voxel). With exposedRatio 0
     * (nothing overlaps, as on a CPU) this is the memory plan. At most {@code maxTiles} tiles.
     */
    public static Plan planForThroughput(long[] shape, int[] blockSize, int[] haloPx, TileCostModel cost,
                                         long budgetBytes, double exposedRatio, int maxTiles) {
        Plan best = plan(shape, blockSize, haloPx, cost, budgetBytes);
        if (!(exposedRatio > 0)) {
            return best;
        }
        double bestTime = modelledTime(best.grid(), exposedRatio);
        int rank = shape.length;
        int[] n = best.nTiles().clone();
        TileGrid grid = best.grid();
        while (grid.count() < maxTiles) {
            long[] tile = grid.tileShape();
            int axis = -1;
            for (int i = 0; i < rank; i++) {
                boolean splittable = grid.tilings().get(i).tileSize() > 2 * grid.overlapBlocks()[i] + 1
                        && n[i] < shape[i] / blockSize[i];
                if (splittable && (axis < 0 || tile[i] > tile[axis])) {
                    axis = i;
                }
            }
            if (axis < 0) {
                break;
            }
            int size = grid.tilings().get(axis).tileSize();
            while (grid.tilings().get(axis).tileSize() >= size && n[axis] < shape[axis] / blockSize[axis]) {
                n[axis]++;
                grid = TileGrid.of(shape, blockSize, n, haloPx);
            }
            double time = modelledTime(grid, exposedRatio);
            if (grid.count() <= maxTiles && time < bestTime) {
                bestTime = time;
                best = new Plan(grid, n.clone(), cost.bytes(grid.tileShape()));
            }
        }
        return best;
    }

    /** The voxels all tiles read plus {@code exposedRatio} times those of the largest tile (see planForThroughput). */
    static double modelledTime(TileGrid grid, double exposedRatio) {
        double sum = 0;
        double largest = 0;
        for (TileGrid.NdTile t : grid) {
            double v = 1;
            for (long r : t.readSize()) {
                v *= r;
            }
            sum += v;
            largest = Math.max(largest, v);
        }
        return sum + exposedRatio * largest;
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB (%d bytes)", bytes / 1048576.0, bytes);
    }
}
