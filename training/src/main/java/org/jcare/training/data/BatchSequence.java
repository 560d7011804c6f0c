package org.jcare.training.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Training batches as CSBDeep's {@code RollingSequence}: pass {@code p} over the data is a fresh random permutation
 * of all sample indices, and batch {@code i} is the slice {@code [i * bs, (i + 1) * bs)} of the concatenation of
 * passes 0, 1, 2, ... So an epoch is {@code steps_per_epoch} batches, not a full pass, and a batch may span the end
 * of one pass and the start of the next (also when there are fewer samples than the batch size). Use a global batch
 * counter, e.g. {@code epoch * steps_per_epoch + step}.
 *
 * <p>Reproducible: permutation {@code p} is a Fisher-Yates shuffle driven by a {@link SplittableRandom} seeded from
 * {@code (seed, p)}, and the augmentation of the sample at position {@code j} of batch {@code i} by one seeded from
 * {@code (seed, i, j)}; any batch can be recomputed alone, in any order. Batches are written in the engine layout
 * {@code [B, C, (Z,) Y, X]}.
 */
public final class BatchSequence implements BatchSource {
    private static final int CACHED_PASSES = 4;

    private final TrainingData data;
    private final int batchSize;
    private final long seed;
    private final Augmentation augmentation;
    private final Map<Long, int[]> passes = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, int[]> eldest) {
            return size() > CACHED_PASSES;
        }
    };

    BatchSequence(TrainingData data, int batchSize, long seed, Augmentation augmentation) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException("cannot batch training data without samples");
        }
        Augmentation aug = augmentation == null ? Augmentation.NONE : augmentation;
        int[] s = data.spatialShape();
        int r = s.length;
        if (aug.rot90() && s[r - 1] != s[r - 2]) {
            throw new IllegalArgumentException("rot90 augmentation needs square YX patches, got Y=" + s[r - 2] + " X="
                    + s[r - 1] + "; disable rotation or use square patches");
        }
        if (aug.flipZ() && r < 3) {
            throw new IllegalArgumentException("Z flip augmentation asked for 2D training data (" + data.axes() + ")");
        }
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
        this.augmentation = aug;
    }

    /** Samples per batch. */
    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public int channelsIn() {
        return data.channelsIn();
    }

    @Override
    public int channelsOut() {
        return data.channelsOut();
    }

    @Override
    public int[] spatialShape() {
        return data.spatialShape();
    }

    @Override
    public int[] targetSpatialShape() {
        return data.targetShape();
    }

    @Override
    public void fillBatch(long i, float[] x, float[] y) {
        fill(i, x, y);
    }

    /** Floats of one batch of X: {@code batchSize * C_in * voxels}. */
    public int xBatchLength() {
        return batchSize * data.channelsIn() * data.patchVoxels();
    }

    /** Floats of one batch of Y: {@code batchSize * C_out * voxels} (target voxels). */
    public int yBatchLength() {
        return batchSize * data.channelsOut() * data.targetVoxels();
    }

    /** The sample indices of batch {@code i} (i >= 0). */
    public int[] indices(long i) {
        if (i < 0) {
            throw new IndexOutOfBoundsException("batch " + i);
        }
        int n = data.size();
        long pos = i * batchSize;
        long pass = pos / n;
        int at = (int) (pos % n);
        int[] out = new int[batchSize];
        int[] perm = pass(pass);
        for (int k = 0; k < batchSize; k++) {
            if (at == n) {
                perm = pass(++pass);
                at = 0;
            }
            out[k] = perm[at++];
        }
        return out;
    }

    /** The permutation of pass {@code p}. */
    public synchronized int[] pass(long p) {
        return passes.computeIfAbsent(p, k -> {
            int n = data.size();
            int[] perm = new int[n];
            for (int j = 0; j < n; j++) {
                perm[j] = j;
            }
            SplittableRandom rng = new SplittableRandom(mix(seed, 0x5EED_0001L, k));
            for (int j = n - 1; j > 0; j--) {
                int t = rng.nextInt(j + 1);
                int tmp = perm[j];
                perm[j] = perm[t];
                perm[t] = tmp;
            }
            return perm;
        }).clone();
    }

    /**
     * Writes batch {@code i} into {@code x} ({@link #xBatchLength()} floats) and {@code y} ({@link #yBatchLength()}).
     *
     * @return the sample indices of the batch
     */
    public int[] fill(long i, float[] x, float[] y) {
        if (x.length < xBatchLength() || y.length < yBatchLength()) {
            throw new IllegalArgumentException("batch buffers of " + x.length + " and " + y.length
                    + " floats, need " + xBatchLength() + " and " + yBatchLength());
        }
        int[] idx = indices(i);
        int xs = data.channelsIn() * data.patchVoxels();
        int ys = data.channelsOut() * data.targetVoxels();
        for (int k = 0; k < idx.length; k++) {
            float[] sx = data.x(idx[k]);
            float[] sy = data.y(idx[k]);
            if (augmentation.isNone()) {
                System.arraycopy(sx, 0, x, k * xs, xs);
                System.arraycopy(sy, 0, y, k * ys, ys);
            } else {
                Transform t = Transform.draw(augmentation, new SplittableRandom(mix(seed, i, k)));
                t.apply(sx, x, k * xs, data.channelsIn(), data.spatialShape());
                t.apply(sy, y, k * ys, data.channelsOut(), data.targetShape());
            }
        }
        return idx;
    }

    /** A new X and Y of batch {@code i}: {@code {x, y}}. */
    public float[][] batch(long i) {
        float[] x = new float[xBatchLength()];
        float[] y = new float[yBatchLength()];
        fill(i, x, y);
        return new float[][] {x, y};
    }

    static long mix(long seed, long a, long b) {
        long h = seed * 0x9E3779B97F4A7C15L + a;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + b;
        h = (h ^ (h >>> 29)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 32);
    }

    /** One drawn symmetry: flips per axis, then {@code k} quarter turns of the YX plane. */
    record Transform(boolean flipZ, boolean flipY, boolean flipX, int quarterTurns) {
        static Transform draw(Augmentation a, SplittableRandom rng) {
            boolean fz = a.flipZ() && rng.nextBoolean();
            boolean fy = a.flipY() && rng.nextBoolean();
            boolean fx = a.flipX() && rng.nextBoolean();
            int k = a.rot90() ? rng.nextInt(4) : 0;
            return new Transform(fz, fy, fx, k);
        }

        /**
         * Writes the transformed patch {@code src} ([C, (Z,) Y, X]) to {@code dst[off...]}. The output is
         * {@code rot90^k(flip(src))} with numpy's {@code rot90} on (Y, X): {@code out[i][j] = in[j][n - 1 - i]}.
         */
        void apply(float[] src, float[] dst, int off, int channels, int[] shape) {
            int r = shape.length;
            int h = shape[r - 2];
            int w = shape[r - 1];
            int depth = r == 3 ? shape[0] : 1;
            int plane = h * w;
            int[] map = new int[plane];
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    int a = i;
                    int b = j;
                    for (int t = 0; t < quarterTurns; t++) {
                        int na = b;
                        b = h - 1 - a;
                        a = na;
                    }
                    if (flipY) {
                        a = h - 1 - a;
                    }
                    if (flipX) {
                        b = w - 1 - b;
                    }
                    map[i * w + j] = a * w + b;
                }
            }
            for (int c = 0; c < channels; c++) {
                for (int z = 0; z < depth; z++) {
                    int sz = flipZ ? depth - 1 - z : z;
                    int so = (c * depth + sz) * plane;
                    int d = off + (c * depth + z) * plane;
                    for (int p = 0; p < plane; p++) {
                        dst[d + p] = src[so + map[p]];
                    }
                }
            }
        }
    }
}
