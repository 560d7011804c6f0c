package org.jcare.training.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a TCZYX volume is restored piece by piece: the padding and tile grid of {@link TiledPredictor} (the same
 * tiles, so the same output), and the units of work: one tile of one time point, and for a 2D network a group of Z
 * planes (the output chunks' depth) restored one after the other. Each unit writes one cell of the output, the tile's
 * core; the cells partition the output ({@link #cuts()}).
 *
 * @param shape       input sizes of T, C, Z, Y, X
 * @param outChannels channels of the restoration (the mean; a probabilistic network's scale has as many)
 * @param nDim        spatial axes of the network (3: ZYX tiles; 2: YX tiles, Z planes looped)
 * @param pad         padding of the spatial axes
 * @param grid        tiles of the padded spatial axes
 * @param blockSize   block (divisibility) per spatial axis
 * @param zGroup      Z planes per unit for a 2D network (1 for a 3D one)
 */
public record StreamPlan(long[] shape, int outChannels, int nDim, PadAndCrop pad, TileGrid grid, int[] blockSize,
                         int zGroup) {
    /**
     * One unit of work.
     *
     * @param t    time point
     * @param z0   first Z plane (2D network), 0 for a 3D network
     * @param nz   Z planes (2D network), 1 for a 3D network
     * @param tile tile number in the grid
     */
    public record Unit(long t, long z0, int nz, long tile) {
    }

    /** Z groups per time point. */
    long zGroups() {
        return nDim == 3 ? 1 : (shape[2] + zGroup - 1) / zGroup;
    }

    /** Number of units. */
    public long unitCount() {
        return shape[0] * zGroups() * grid.count();
    }

    /** Units per time point. */
    public long unitsPerFrame() {
        return zGroups() * grid.count();
    }

    /** Unit number {@code k} (time slowest, then Z group, then tile). */
    public Unit unit(long k) {
        long tiles = grid.count();
        long tile = k % tiles;
        long rest = k / tiles;
        long zg = rest % zGroups();
        long t = rest / zGroups();
        if (nDim == 3) {
            return new Unit(t, 0, 1, tile);
        }
        long z0 = zg * zGroup;
        return new Unit(t, z0, (int) Math.min(zGroup, shape[2] - z0), tile);
    }

    /** The spatial sizes the network tiles (ZYX or YX). */
    long[] spatial() {
        return nDim == 3 ? new long[] {shape[2], shape[3], shape[4]} : new long[] {shape[3], shape[4]};
    }

    /** The output cell of {@code u} as {start, size} over TCZYX (the mean's channels). */
    public long[][] cell(Unit u) {
        TileGrid.NdTile tile = grid.tile(u.tile());
        long[][] kept = kept(tile);
        int r = nDim;
        long[] start = {u.t(), 0, nDim == 3 ? kept[0][0] : u.z0(), kept[r - 2][0], kept[r - 1][0]};
        long[] size = {1, outChannels, nDim == 3 ? kept[0][1] : u.nz(), kept[r - 2][1], kept[r - 1][1]};
        return new long[][] {start, size};
    }

    /** Per spatial axis of {@code tile}: {first original pixel written, count}. */
    long[][] kept(TileGrid.NdTile tile) {
        long[] sp = spatial();
        long[][] out = new long[sp.length][];
        for (int a = 0; a < sp.length; a++) {
            long from = Math.max(0, tile.writeStart()[a] - pad.padBefore(a));
            long to = Math.min(sp[a], tile.writeStart()[a] + tile.writeSize()[a] - pad.padBefore(a));
            out[a] = new long[] {from, to - from};
        }
        return out;
    }

    /** The output's cells as cuts per TCZYX axis (for {@link org.jcare.io.zarr.PartitionedWriter}). */
    public long[][] cuts() {
        long[][] c = new long[5][];
        c[0] = range(shape[0], 1);
        c[1] = new long[] {0, outChannels};
        long[] sp = spatial();
        List<long[]> spatialCuts = new ArrayList<>();
        for (int a = 0; a < sp.length; a++) {
            Tiling t = grid.tilings().get(a);
            long[] cut = new long[t.count() + 1];
            int n = 0;
            cut[n++] = 0;
            for (Tiling.Tile tile : t.tiles()) {
                long end = Math.min(sp[a], (long) tile.writeStop() * blockSize[a] - pad.padBefore(a));
                if (end > cut[n - 1]) {
                    cut[n++] = end;
                }
            }
            spatialCuts.add(Arrays.copyOf(cut, n));
        }
        c[2] = nDim == 3 ? spatialCuts.get(0) : range(shape[2], zGroup);
        c[3] = spatialCuts.get(sp.length - 2);
        c[4] = spatialCuts.get(sp.length - 1);
        return c;
    }

    /**
     * Tile counts per spatial axis that give exactly this plan's tiles when passed as {@link PredictOptions#tiles()}
     * (the counts of a planned grid need not: {@link Tiling#forNTiles} picks sizes from requests), so that a resumed
     * or distributed run cuts the same tiles whatever its memory.
     */
    public int[] tileRequest() {
        int[] req = new int[grid.tilings().size()];
        for (int a = 0; a < req.length; a++) {
            Tiling t = grid.tilings().get(a);
            int o = grid.overlapBlocks()[a];
            int r = 1;
            while (true) {
                Tiling c = Tiling.forNTiles(t.length(), r, o);
                if (c.tileSize() == t.tileSize() && c.count() == t.count()) {
                    break;
                }
                if (r > t.length()) {
                    throw new IllegalStateException("no tile count reproduces " + t);
                }
                r++;
            }
            req[a] = r;
        }
        return req;
    }

    /** The output shape over TCZYX. */
    public long[] outputShape() {
        return new long[] {shape[0], outChannels, shape[2], shape[3], shape[4]};
    }

    private static long[] range(long n, long step) {
        long[] r = new long[(int) ((n + step - 1) / step) + 1];
        for (int i = 0; i < r.length - 1; i++) {
            r[i] = i * step;
        }
        r[r.length - 1] = n;
        return r;
    }

    @Override
    public String toString() {
        return "StreamPlan{shape TCZYX " + Arrays.toString(shape) + ", " + grid + ", z group " + zGroup + ", "
                + unitCount() + " units}";
    }
}
