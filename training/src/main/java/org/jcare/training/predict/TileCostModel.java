package org.jcare.training.predict;

/**
 * Device memory needed to run the network on one tile, as a function of the tile's spatial shape in pixels. The
 * network code knows its activations, workspaces and weights; the planner only asks.
 */
@FunctionalInterface
public interface TileCostModel {
    /** Bytes needed for a tile of {@code tileShape} pixels (spatial axes only, in the grid's axis order). */
    long bytes(long[] tileShape);

    /**
     * The common model: {@code fixedBytes} (weights, program state) plus {@code bytesPerVoxel} per tile voxel (all
     * activations and temporaries of the network, per input voxel, summed over channels and levels).
     */
    static TileCostModel perVoxel(double bytesPerVoxel, long fixedBytes) {
        if (!(bytesPerVoxel > 0) || fixedBytes < 0) {
            throw new IllegalArgumentException("bytes per voxel must be > 0 and fixed bytes >= 0, got "
                    + bytesPerVoxel + " and " + fixedBytes);
        }
        return shape -> {
            double v = 1;
            for (long s : shape) {
                v *= s;
            }
            return fixedBytes + (long) Math.ceil(v * bytesPerVoxel);
        };
    }
}
