package org.jcare.training.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The N-dimensional tiles of CSBDeep's {@code predict_tiled}: its recursion over axes tiles each axis independently
 * with {@link Tiling#forNTiles}, so the tiles are the Cartesian product of the per-axis tilings (first axis
 * slowest). Coordinates are pixels of the padded image (every size a multiple of its axis' block size).
 */
public final class TileGrid implements Iterable<TileGrid.NdTile> {
    /**
     * One tile in pixels: read {@code [readStart, readStart + readSize)} from the input, run the network, take
     * {@code [cropStart, cropStart + writeSize)} of its output and write it at {@code writeStart}.
     *
     * @param index      position of the tile in the grid, per axis
     * @param readStart  first input pixel per axis
     * @param readSize   input tile size per axis
     * @param writeStart first output pixel per axis
     * @param writeSize  pixels written per axis
     * @param cropStart  offset of the written part inside the tile output, per axis
     */
    public record NdTile(int[] index, long[] readStart, long[] readSize, long[] writeStart, long[] writeSize,
            long[] cropStart) {
        @Override
        public String toString() {
            return "NdTile{index=" + Arrays.toString(index) + ", read=" + Arrays.toString(readStart) + "+"
                    + Arrays.toString(readSize) + ", write=" + Arrays.toString(writeStart) + "+"
                    + Arrays.toString(writeSize) + ", crop=" + Arrays.toString(cropStart) + "}";
        }
    }

    private final long[] shape;
    private final int[] blockSize;
    private final int[] overlapBlocks;
    private final Tiling[] tilings;

    private TileGrid(long[] shape, int[] blockSize, int[] overlapBlocks, Tiling[] tilings) {
        this.shape = shape;
        this.blockSize = blockSize;
        this.overlapBlocks = overlapBlocks;
        this.tilings = tilings;
    }

    /**
     * The grid for an image of {@code shape} (pixels, each a multiple of {@code blockSize} on its axis), requested
     * tile counts {@code nTiles} and a halo of {@code haloPx} pixels per axis, turned into
     * {@code ceil(halo / block)} overlap blocks as CSBDeep does.
     */
    public static TileGrid of(long[] shape, int[] blockSize, int[] nTiles, int[] haloPx) {
        int rank = shape.length;
        if (blockSize.length != rank || nTiles.length != rank || haloPx.length != rank) {
            throw new IllegalArgumentException("tile grid: shape " + Arrays.toString(shape) + ", block sizes "
                    + Arrays.toString(blockSize) + ", tile counts " + Arrays.toString(nTiles) + " and halo "
                    + Arrays.toString(haloPx) + " must have one entry per axis");
        }
        Tiling[] t = new Tiling[rank];
        int[] overlap = new int[rank];
        for (int i = 0; i < rank; i++) {
            if (blockSize[i] < 1 || shape[i] < 1 || shape[i] % blockSize[i] != 0) {
                throw new IllegalArgumentException("tile grid: axis " + i + " of shape " + Arrays.toString(shape)
                        + " has size " + shape[i] + ", not a positive multiple of its block size " + blockSize[i]
                        + "; pad the image first (PadAndCrop)");
            }
            if (haloPx[i] < 0) {
                throw new IllegalArgumentException("tile grid: halo of axis " + i + " is negative: " + haloPx[i]);
            }
            overlap[i] = (haloPx[i] + blockSize[i] - 1) / blockSize[i];
            t[i] = Tiling.forNTiles(Math.toIntExact(shape[i] / blockSize[i]), nTiles[i], overlap[i]);
        }
        return new TileGrid(shape.clone(), blockSize.clone(), overlap, t);
    }

    /** The per-axis tilings (in blocks). */
    public List<Tiling> tilings() {
        return List.of(tilings);
    }

    /** Actual tiles per axis (may differ from the request, see {@link Tiling#forNTiles}). */
    public int[] tilesPerAxis() {
        int[] n = new int[tilings.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = tilings[i].count();
        }
        return n;
    }

    /** Overlap per axis in blocks. */
    public int[] overlapBlocks() {
        return overlapBlocks.clone();
    }

    /** Total number of tiles. */
    public long count() {
        long c = 1;
        for (Tiling t : tilings) {
            c *= t.count();
        }
        return c;
    }

    /** The image shape in pixels. */
    public long[] shape() {
        return shape.clone();
    }

    /** The size of every tile (all tiles of an axis have the same size) in pixels. */
    public long[] tileShape() {
        long[] s = new long[tilings.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (long) tilings[i].tileSize() * blockSize[i];
        }
        return s;
    }

    /** Tile number {@code k} (0-based, first axis slowest). */
    public NdTile tile(long k) {
        if (k < 0 || k >= count()) {
            throw new IndexOutOfBoundsException("tile " + k + " of " + count());
        }
        int rank = tilings.length;
        int[] index = new int[rank];
        for (int i = rank - 1; i >= 0; i--) {
            int c = tilings[i].count();
            index[i] = (int) (k % c);
            k /= c;
        }
        long[] rs = new long[rank];
        long[] rz = new long[rank];
        long[] ws = new long[rank];
        long[] wz = new long[rank];
        long[] cs = new long[rank];
        for (int i = 0; i < rank; i++) {
            Tiling.Tile t = tilings[i].tiles().get(index[i]);
            long b = blockSize[i];
            rs[i] = t.readStart() * b;
            rz[i] = (long) (t.readStop() - t.readStart()) * b;
            ws[i] = t.writeStart() * b;
            wz[i] = (long) (t.writeStop() - t.writeStart()) * b;
            cs[i] = t.cropStart() * b;
        }
        return new NdTile(index, rs, rz, ws, wz, cs);
    }

    /** All tiles, first axis slowest. */
    public List<NdTile> tiles() {
        List<NdTile> out = new ArrayList<>();
        for (NdTile t : this) {
            out.add(t);
        }
        return out;
    }

    @Override
    public Iterator<NdTile> iterator() {
        return new Iterator<>() {
            private long k;

            @Override
            public boolean hasNext() {
                return k < count();
            }

            @Override
            public NdTile next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return tile(k++);
            }
        };
    }

    @Override
    public String toString() {
        return "TileGrid{shape=" + Arrays.toString(shape) + ", tiles=" + Arrays.toString(tilesPerAxis())
                + ", tileShape=" + Arrays.toString(tileShape()) + ", overlapBlocks=" + Arrays.toString(overlapBlocks)
                + "}";
    }
}
