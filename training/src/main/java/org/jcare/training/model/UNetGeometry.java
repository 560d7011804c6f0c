package org.jcare.training.model;

/**
 * The exact receptive field of a CARE U-Net along one axis, computed from the architecture by propagating
 * index intervals backwards through every layer (convolution widens by the kernel radius, pooling maps a
 * coarse index to its block, upsampling maps a fine index to its source, concatenation takes the union of
 * both branches). Because the influence of a pixel depends on its position inside a pooling block, the
 * one-sided extent is maximized over all positions of one block: the result is what an impulse shows at worst.
 */
public final class UNetGeometry {
    private UNetGeometry() {
    }

    /**
     * One-sided receptive field in pixels along an axis with kernel size {@code kernel} and pool factor
     * {@code pool}, for a U-Net of {@code depth} levels with two convolutions per level.
     */
    public static int halo(int depth, int kernel, int pool) {
        int r = (kernel - 1) / 2;
        long block = 1;
        for (int i = 0; i < depth; i++) {
            block *= pool;
        }
        long worst = 0;
        for (long x0 = 0; x0 < block; x0++) {
            long[] iv = outputInterval(x0, depth, r, pool);
            worst = Math.max(worst, Math.max(x0 - iv[0], iv[1] - x0));
        }
        return Math.toIntExact(worst);
    }

    /** Input interval [lo, hi] at level 0 that influences output pixel {@code x0}. */
    private static long[] outputInterval(long x0, int depth, int r, int pool) {
        // head (1x1) and the two up_level_0 convs, then recurse through the decoder and encoder
        return decoder(new long[] {x0, x0}, 0, depth, r, pool);
    }

    /**
     * Interval at level 0 of the input that influences the interval {@code iv} of the output of the up-path
     * at {@code level} (after its two convolutions).
     */
    private static long[] decoder(long[] iv, int level, int depth, int r, int pool) {
        if (level == depth) {
            // middle: two convolutions at the deepest level, fed by the encoder's pooled output
            long[] mid = widen(iv, 2L * r);
            return encoderInput(mid, depth, r, pool);
        }
        long[] afterConcat = widen(iv, 2L * r); // up_level_n_no_0 and _no_2
        // branch 1: the upsampled coarser decoder output
        long[] coarse = {Math.floorDiv(afterConcat[0], pool), Math.floorDiv(afterConcat[1], pool)};
        long[] viaDecoder = decoder(coarse, level + 1, depth, r, pool);
        // branch 2: the skip connection = encoder output at this level (after its two convs)
        long[] viaSkip = encoderLevelOutput(afterConcat, level, r, pool);
        return new long[] {Math.min(viaDecoder[0], viaSkip[0]), Math.max(viaDecoder[1], viaSkip[1])};
    }

    /** Level-0 input interval behind the pooled output of the encoder's level {@code level - 1} (= input of level). */
    private static long[] encoderInput(long[] ivAtLevel, int level, int r, int pool) {
        if (level == 0) {
            return ivAtLevel;
        }
        // max-pool from level-1: coarse index j covers [pool*j, pool*j + pool - 1]
        long[] fine = {ivAtLevel[0] * pool, ivAtLevel[1] * pool + pool - 1};
        return encoderLevelOutput(fine, level - 1, r, pool);
    }

    /** Level-0 input interval behind the output (two convs) of encoder level {@code level}. */
    private static long[] encoderLevelOutput(long[] iv, int level, int r, int pool) {
        return encoderInput(widen(iv, 2L * r), level, r, pool);
    }

    private static long[] widen(long[] iv, long by) {
        return new long[] {iv[0] - by, iv[1] + by};
    }
}
