package org.jcare.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchSequenceTest {
    /** n samples of [C=2, 3, 3]: x = 100 i + position, y = -x. */
    private static TrainingData data(int n, int h, int w) {
        List<float[]> x = new ArrayList<>();
        List<float[]> y = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] a = new float[2 * h * w];
            float[] b = new float[2 * h * w];
            for (int k = 0; k < a.length; k++) {
                a[k] = 1000 * i + k;
                b[k] = -a[k];
            }
            x.add(a);
            y.add(b);
        }
        return TrainingData.of("YX", new int[] {h, w}, 2, 2, x, y);
    }

    @Test
    void batchesAreSlicesOfConcatenatedPermutations() {
        BatchSequence seq = data(7, 3, 3).batches(3, 42, Augmentation.NONE);
        List<Integer> concat = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
            int[] perm = seq.pass(p);
            int[] sorted = perm.clone();
            Arrays.sort(sorted);
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, sorted, "pass " + p + " is a permutation");
            for (int v : perm) {
                concat.add(v);
            }
        }
        for (int i = 0; i < 11; i++) {
            int[] b = seq.indices(i);
            for (int k = 0; k < 3; k++) {
                assertEquals(concat.get(3 * i + k), b[k], "batch " + i);
            }
        }
        assertFalse(Arrays.equals(seq.pass(0), seq.pass(1)), "a fresh permutation per pass");
    }

    @Test
    void reproducibleInAnyOrderAndSeedDependent() {
        TrainingData d = data(9, 3, 3);
        BatchSequence a = d.batches(4, 7, Augmentation.flipsAndRotations());
        BatchSequence b = d.batches(4, 7, Augmentation.flipsAndRotations());
        float[][] late = b.batch(20);
        for (int i = 0; i < 20; i++) {
            a.batch(i);
        }
        assertArrayEquals(late[0], a.batch(20)[0]);
        assertArrayEquals(late[1], a.batch(20)[1]);
        assertFalse(Arrays.equals(d.batches(4, 8, Augmentation.NONE).indices(0),
                d.batches(4, 7, Augmentation.NONE).indices(0)));
    }

    @Test
    void fewerSamplesThanTheBatchSpanSeveralPasses() {
        BatchSequence seq = data(2, 3, 3).batches(5, 1, Augmentation.NONE);
        int[] b = seq.indices(0);
        assertEquals(5, b.length);
        Set<Integer> firstPass = new HashSet<>(List.of(b[0], b[1]));
        assertEquals(Set.of(0, 1), firstPass);
    }

    @Test
    void fillWritesTheEngineLayout() {
        TrainingData d = data(4, 3, 3);
        BatchSequence seq = d.batches(2, 3, Augmentation.NONE);
        float[] x = new float[seq.xBatchLength()];
        float[] y = new float[seq.yBatchLength()];
        int[] idx = seq.fill(5, x, y);
        assertEquals(36, x.length);
        assertArrayEquals(d.x(idx[0]), Arrays.copyOfRange(x, 0, 18));
        assertArrayEquals(d.y(idx[1]), Arrays.copyOfRange(y, 18, 36));
        assertThrows(IllegalArgumentException.class, () -> seq.fill(0, new float[3], y));
    }

    @Test
    void augmentationTransformsSourceAndTargetAlike() {
        TrainingData d = data(3, 4, 4);
        BatchSequence seq = d.batches(3, 11, Augmentation.flipsAndRotations());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            int[] idx = seq.indices(i);
            float[][] b = seq.batch(i);
            for (int k = 0; k < 3; k++) {
                float[] xs = Arrays.copyOfRange(b[0], k * 32, (k + 1) * 32);
                float[] ys = Arrays.copyOfRange(b[1], k * 32, (k + 1) * 32);
                float[] sorted = xs.clone();
                Arrays.sort(sorted);
                float[] orig = d.x(idx[k]).clone();
                Arrays.sort(orig);
                assertArrayEquals(orig, sorted, "a permutation of the patch");
                for (int j = 0; j < 32; j++) {
                    assertEquals(-xs[j], ys[j], "same transform for the target");
                }
                seen.add(Arrays.toString(Arrays.copyOfRange(xs, 0, 16)));
            }
        }
        assertEquals(8 * 3, seen.size(), "all 8 symmetries of the square occur for each of the 3 samples");
    }

    @Test
    void transformFollowsNumpyRot90AndFlips() {
        float[] src = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        float[] out = new float[9];
        new BatchSequence.Transform(false, false, false, 1).apply(src, out, 0, 1, new int[] {3, 3});
        assertArrayEquals(new float[] {2, 5, 8, 1, 4, 7, 0, 3, 6}, out, "np.rot90(a)");
        new BatchSequence.Transform(false, true, false, 0).apply(src, out, 0, 1, new int[] {3, 3});
        assertArrayEquals(new float[] {6, 7, 8, 3, 4, 5, 0, 1, 2}, out, "np.flip(a, 0)");
        new BatchSequence.Transform(false, false, true, 2).apply(src, out, 0, 1, new int[] {3, 3});
        assertArrayEquals(new float[] {6, 7, 8, 3, 4, 5, 0, 1, 2}, out, "np.rot90(np.flip(a, 1), 2)");
        float[] vol = {0, 1, 2, 3, 10, 11, 12, 13};
        float[] v = new float[8];
        new BatchSequence.Transform(true, false, false, 0).apply(vol, v, 0, 1, new int[] {2, 2, 2});
        assertArrayEquals(new float[] {10, 11, 12, 13, 0, 1, 2, 3}, v, "Z flip");
    }

    @Test
    void rotationNeedsSquarePatches() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> data(2, 3, 4).batches(2, 1, Augmentation.flipsAndRotations()));
        assertTrue(e.getMessage().contains("square"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> data(2, 3, 3).batches(2, 1, new Augmentation(false, false, true, false)));
        assertThrows(IllegalArgumentException.class, () -> data(2, 3, 3).batches(0, 1, Augmentation.NONE));
    }
}
