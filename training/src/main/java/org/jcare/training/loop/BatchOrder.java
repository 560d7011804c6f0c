package org.jcare.training.loop;

import java.util.SplittableRandom;

/**
 * The order in which training patches are drawn, as CSBDeep's RollingSequence: a fresh random permutation of
 * all patch indices per pass, batch i being the slice [i*bs, (i+1)*bs) of the concatenated permutations, so an
 * epoch is a number of batches rather than a full pass. Seeded: the same seed gives the same batches.
 */
public final class BatchOrder {
    private final int count;
    private final SplittableRandom random;
    private int[] permutation;
    private int position;

    /** Batches over {@code count} patches from {@code seed}. */
    public BatchOrder(int count, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("no training patches to draw batches from");
        }
        this.count = count;
        this.random = new SplittableRandom(seed);
        this.permutation = shuffled();
    }

    /** Fills {@code indices} with the next batch. */
    public void next(int[] indices) {
        for (int i = 0; i < indices.length; i++) {
            if (position == count) {
                permutation = shuffled();
                position = 0;
            }
            indices[i] = permutation[position++];
        }
    }

    /** Skips {@code batches} batches of {@code batchSize} (resuming a run at a later step). */
    public void skip(long batches, int batchSize) {
        int[] scratch = new int[batchSize];
        for (long b = 0; b < batches; b++) {
            next(scratch);
        }
    }

    private int[] shuffled() {
        int[] p = new int[count];
        for (int i = 0; i < count; i++) {
            p[i] = i;
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
