package org.jcare.training.predict;

import java.util.Arrays;

/**
 * How to restore an image.
 *
 * @param normalize   percentile-normalize the input per channel (and undo it on the output when the channel counts
 *                    match), as CSBDeep; false feeds the values as they are
 * @param pmin        low percentile (CSBDeep 2)
 * @param pmax        high percentile (CSBDeep 99.8)
 * @param tiles       tiles per spatial axis (outermost first), or null to plan them from the memory budget
 * @param memoryBudgetBytes device memory one tile may use; 0 = a safe share of the device's memory
 */
public record PredictOptions(boolean normalize, double pmin, double pmax, int[] tiles, long memoryBudgetBytes) {
    /** Checks the percentiles and tile counts. */
    public PredictOptions {
        if (!(pmin >= 0 && pmin < pmax && pmax <= 100)) {
            throw new IllegalArgumentException("percentiles must satisfy 0 <= pmin < pmax <= 100, got pmin " + pmin
                    + ", pmax " + pmax);
        }
        if (tiles != null) {
            for (int t : tiles) {
                if (t < 1) {
                    throw new IllegalArgumentException("tile counts must be >= 1, got " + Arrays.toString(tiles));
                }
            }
            tiles = tiles.clone();
        }
        if (memoryBudgetBytes < 0) {
            throw new IllegalArgumentException("memory budget must be >= 0 bytes, got " + memoryBudgetBytes);
        }
    }

    /** CSBDeep's defaults: percentiles 2 / 99.8, tiles planned automatically. */
    public static PredictOptions defaults() {
        return new PredictOptions(true, PercentileNormalizer.DEFAULT_PMIN, PercentileNormalizer.DEFAULT_PMAX, null, 0);
    }

    /** A copy with fixed tile counts per spatial axis. */
    public PredictOptions withTiles(int... perAxis) {
        return new PredictOptions(normalize, pmin, pmax, perAxis, memoryBudgetBytes);
    }

    /** A copy with a memory budget per tile in bytes. */
    public PredictOptions withMemoryBudget(long bytes) {
        return new PredictOptions(normalize, pmin, pmax, tiles, bytes);
    }

    /** A copy without normalization. */
    public PredictOptions withoutNormalization() {
        return new PredictOptions(false, pmin, pmax, tiles, memoryBudgetBytes);
    }

    /** A copy with other percentiles. */
    public PredictOptions withPercentiles(double low, double high) {
        return new PredictOptions(normalize, low, high, tiles, memoryBudgetBytes);
    }

    @Override
    public int[] tiles() {
        return tiles == null ? null : tiles.clone();
    }
}
