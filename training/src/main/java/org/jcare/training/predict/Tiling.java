package org.jcare.training.predict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * CSBDeep's one-dimensional tiling ({@code Tiling}/{@code Tile} in {@code csbdeep/internals/predict.py},
 * guarantee 'size'), in units of blocks (a block is 2^depth pixels, so every tile stays aligned with the pooling
 * grid).
 *
 * <p>For an axis of {@code n} blocks, tile size {@code s} and overlap {@code o} (blocks; {@code s > 2o}):
 * <ul>
 * <li>if {@code n < s} there is one tile, the whole axis, with overlap 0;
 * <li>read windows: the first is [0, s); each next starts at the previous read stop minus 2o and has length s; one
 * that would pass the end is shifted back to end exactly at n (the last tile may overlap its neighbour more);
 * <li>write windows: the first is [0, s - o) (or [0, n) when it is also the last), middle ones
 * [previous write stop, + s - 2o), the last [previous write stop, n);
 * <li>the crop of a tile's output is [write start - read start, read length - (read stop - write stop)).
 * </ul>
 * Every output position is written by exactly one tile, at least {@code o} blocks from that tile's inner borders;
 * with {@code o * block >=} the network's halo the stitched result equals whole-image prediction.
 * {@link #forNTiles} chooses {@code s} for a requested tile count as CSBDeep does.
 */
public final class Tiling {
    /**
     * One tile, in blocks.
     *
     * @param readStart  first block read from the input
     * @param readStop   one past the last block read
     * @param writeStart first block written to the output
     * @param writeStop  one past the last block written
     */
    public record Tile(int readStart, int readStop, int writeStart, int writeStop) {
        /** Blocks to drop at the start of this tile's output. */
        public int cropStart() {
            return writeStart - readStart;
        }

        /** Blocks to drop at the end of this tile's output (CSBDeep writes this as a negative slice stop). */
        public int cropEnd() {
            return readStop - writeStop;
        }

        /** The tile in pixels for {@code blockSize} pixels per block. */
        public Tile scaled(int blockSize) {
            return new Tile(readStart * blockSize, readStop * blockSize, writeStart * blockSize,
                    writeStop * blockSize);
        }
    }

    private final int n;
    private final int size;
    private final int overlap;
    private final List<Tile> tiles;

    private Tiling(int n, int size, int overlap, List<Tile> tiles) {
        this.n = n;
        this.size = size;
        this.overlap = overlap;
        this.tiles = Collections.unmodifiableList(tiles);
    }

    /**
     * CSBDeep's {@code Tiling(n, size, overlap)}: tiles of {@code size} blocks overlapping by {@code overlap} on an
     * axis of {@code n} blocks.
     *
     * @throws IllegalArgumentException when {@code size <= 2 * overlap} (and the axis is not shorter than a tile)
     */
    public static Tiling of(int n, int size, int overlap) {
        if (n < 1 || size < 1 || overlap < 0) {
            throw new IllegalArgumentException("tiling needs n >= 1, size >= 1, overlap >= 0 blocks; got n=" + n
                    + ", size=" + size + ", overlap=" + overlap);
        }
        if (n < size) {
            return new Tiling(n, n, 0, new ArrayList<>(List.of(new Tile(0, n, 0, n))));
        }
        if (size <= 2 * overlap) {
            throw new IllegalArgumentException("tile size " + size + " blocks must exceed twice the overlap ("
                    + overlap + " blocks)");
        }
        List<Tile> tiles = new ArrayList<>();
        int readStart = 0;
        int readStop = size;
        int writeStop = 0;
        while (true) {
            boolean first = tiles.isEmpty();
            if (!first) {
                readStart = readStop - 2 * overlap;
                readStop = readStart + size;
                int shift = Math.min(0, n - readStop);
                readStart += shift;
                readStop += shift;
            }
            boolean last = readStop == n;
            int writeStart = writeStop;
            if (first) {
                writeStop = last ? n : size - overlap;
            } else {
                writeStop = last ? n : writeStart + size - 2 * overlap;
            }
            tiles.add(new Tile(readStart, readStop, writeStart, writeStop));
            if (last) {
                break;
            }
        }
        return new Tiling(n, size, overlap, tiles);
    }

    /**
     * CSBDeep's {@code Tiling.for_n_tiles}: starts at the smallest tile size {@code 2o + 1} and grows it until the
     * tiling has at most {@code nTiles} tiles; if it grew, picks between {@code s - 1} and {@code s} the one whose
     * tile count is closest to the request (ties: {@code s - 1}, the one with more tiles). The actual count may
     * therefore differ from the request; all tiles have the same size.
     */
    public static Tiling forNTiles(int n, int nTiles, int overlap) {
        if (nTiles < 1) {
            throw new IllegalArgumentException("number of tiles must be >= 1, got " + nTiles);
        }
        int smallest = 2 * overlap + 1;
        int s = smallest;
        Tiling t = of(n, s, overlap);
        while (t.count() > nTiles) {
            s++;
            t = of(n, s, overlap);
        }
        if (s == smallest) {
            return t;
        }
        Tiling smaller = of(n, s - 1, overlap);
        return Math.abs(smaller.count() - nTiles) <= Math.abs(t.count() - nTiles) ? smaller : t;
    }

    /** Number of tiles. */
    public int count() {
        return tiles.size();
    }

    /** Blocks on the axis. */
    public int length() {
        return n;
    }

    /** Tile size in blocks (the whole axis when it is shorter than the requested size). */
    public int tileSize() {
        return size;
    }

    /** Overlap in blocks (0 for a single tile covering a short axis). */
    public int overlap() {
        return overlap;
    }

    /** The tiles, in order, in blocks. */
    public List<Tile> tiles() {
        return tiles;
    }

    /** The tiles in pixels. */
    public List<Tile> tiles(int blockSize) {
        List<Tile> out = new ArrayList<>(tiles.size());
        for (Tile t : tiles) {
            out.add(t.scaled(blockSize));
        }
        return out;
    }

    @Override
    public String toString() {
        return "Tiling{n=" + n + ", size=" + size + ", overlap=" + overlap + ", tiles=" + tiles.size() + "}";
    }
}
