package org.jcare.training.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Settings of {@link Patches#create}, with CSBDeep's {@code create_patches} defaults: background filter
 * {@code no_background_patches(threshold=0.4, percentile=99.9)}, normalization
 * {@code norm_percentiles(sample_percentiles(pmin=(1, 3), pmax=(99.5, 99.9)))}, shuffled. Immutable; build with
 * {@link #builder(int[], int)}.
 *
 * @param patchSize          patch size per axis of the raw data's axes, either including the C entry (which must equal
 *                           the channel count, as CSBDeep requires) or for the non-C axes only
 * @param patchesPerImage    patches sampled from each image pair
 * @param filter             whether to apply the background filter
 * @param filterThreshold    fraction in [0, 1] of the target's {@code filterPercentile}-th percentile that a location's
 *                           neighbourhood maximum must exceed
 * @param filterPercentile   percentile in [0, 100] giving the target's robust maximum
 * @param normalize          whether to normalize patches with random per-patch percentiles
 * @param pmin               range {low, high} of the low percentile, drawn uniformly per patch
 * @param pmax               range {low, high} of the high percentile, drawn uniformly per patch
 * @param reluLast           use the 0th percentile (minimum) as the target's low bound ({@code relu_last=True})
 * @param shuffle            shuffle all patches at the end
 * @param seed               seed of every random choice (sampling, percentiles, shuffle)
 * @param memoryLimitBytes   refuse to create patches needing more (X and Y together); 0 means the free Java heap
 */
public record PatchOptions(int[] patchSize, int patchesPerImage, boolean filter, double filterThreshold,
        double filterPercentile, boolean normalize, double[] pmin, double[] pmax, boolean reluLast, boolean shuffle,
        long seed, long memoryLimitBytes) {

    /** Validates every setting at once. */
    public PatchOptions {
        patchSize = patchSize.clone();
        pmin = pmin.clone();
        pmax = pmax.clone();
        List<String> bad = new ArrayList<>();
        for (int p : patchSize) {
            if (p < 1) {
                bad.add("patch size " + Arrays.toString(patchSize) + " must be >= 1 on every axis");
                break;
            }
        }
        if (patchesPerImage < 1) {
            bad.add("patches per image must be >= 1, got " + patchesPerImage);
        }
        if (!(filterThreshold >= 0 && filterThreshold <= 1)) {
            bad.add("filter threshold must be in [0, 1], got " + filterThreshold);
        }
        if (!(filterPercentile >= 0 && filterPercentile <= 100)) {
            bad.add("filter percentile must be in [0, 100], got " + filterPercentile);
        }
        if (!validRange(pmin) || !validRange(pmax)) {
            bad.add("pmin " + Arrays.toString(pmin) + " and pmax " + Arrays.toString(pmax)
                    + " must each be {low, high} with 0 <= low < high <= 100");
        } else if (!(pmin[1] < pmax[0])) {
            bad.add("the pmin range " + Arrays.toString(pmin) + " must lie below the pmax range "
                    + Arrays.toString(pmax));
        }
        if (memoryLimitBytes < 0) {
            bad.add("memory limit must be >= 0 (0: the free Java heap), got " + memoryLimitBytes);
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("invalid patch options: " + String.join("; ", bad));
        }
    }

    private static boolean validRange(double[] r) {
        return r.length == 2 && r[0] >= 0 && r[0] < r[1] && r[1] <= 100;
    }

    /** A builder with CSBDeep's defaults and seed 0. */
    public static Builder builder(int[] patchSize, int patchesPerImage) {
        return new Builder(patchSize, patchesPerImage);
    }

    @Override
    public int[] patchSize() {
        return patchSize.clone();
    }

    @Override
    public double[] pmin() {
        return pmin.clone();
    }

    @Override
    public double[] pmax() {
        return pmax.clone();
    }

    /** Collects settings; see the record components. */
    public static final class Builder {
        private final int[] patchSize;
        private final int patchesPerImage;
        private boolean filter = true;
        private double filterThreshold = 0.4;
        private double filterPercentile = 99.9;
        private boolean normalize = true;
        private double[] pmin = {1, 3};
        private double[] pmax = {99.5, 99.9};
        private boolean reluLast;
        private boolean shuffle = true;
        private long seed;
        private long memoryLimitBytes;

        private Builder(int[] patchSize, int patchesPerImage) {
            this.patchSize = patchSize.clone();
            this.patchesPerImage = patchesPerImage;
        }

        /** Background filter with {@code threshold} and {@code percentile}. */
        public Builder filter(double threshold, double percentile) {
            filter = true;
            filterThreshold = threshold;
            filterPercentile = percentile;
            return this;
        }

        /** No background filter: every valid centre is eligible ({@code patch_filter=None}). */
        public Builder noFilter() {
            filter = false;
            return this;
        }

        /** Random percentile ranges for normalization. */
        public Builder percentiles(double pminLow, double pminHigh, double pmaxLow, double pmaxHigh) {
            normalize = true;
            pmin = new double[] {pminLow, pminHigh};
            pmax = new double[] {pmaxLow, pmaxHigh};
            return this;
        }

        /** No normalization ({@code normalization=None}). */
        public Builder noNormalization() {
            normalize = false;
            return this;
        }

        /** Target's low bound = its minimum. */
        public Builder reluLast(boolean v) {
            reluLast = v;
            return this;
        }

        /** Shuffle at the end (default true). */
        public Builder shuffle(boolean v) {
            shuffle = v;
            return this;
        }

        /** Seed of all random choices. */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** Memory limit in bytes for X and Y together (0: free Java heap). */
        public Builder memoryLimitBytes(long v) {
            memoryLimitBytes = v;
            return this;
        }

        /** The validated options. */
        public PatchOptions build() {
            return new PatchOptions(patchSize, patchesPerImage, filter, filterThreshold, filterPercentile, normalize,
                    pmin, pmax, reluLast, shuffle, seed, memoryLimitBytes);
        }
    }
}
