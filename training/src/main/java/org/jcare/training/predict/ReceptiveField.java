package org.jcare.training.predict;

import java.util.ArrayList;
import java.util.List;
import org.jcare.training.config.CareConfig;

/**
 * The halo of a network computed from its architecture: per axis, the largest distance in pixels between an output
 * pixel and any input pixel it depends on, maximized over both sides and over every output position (positions
 * differ by their alignment to the pooling grid). With a tile overlap of at least this many pixels (and tiles aligned
 * to the pooling grid), tiled prediction equals whole-image prediction exactly, because every feature an output
 * pixel uses is then computed from the same inputs in the tile as in the whole image.
 *
 * <p>How: a dependency analysis of the network graph along one axis (convolutions, pooling, nearest-neighbour
 * up-sampling and concatenation act on each axis independently). Every feature position holds the interval of
 * input pixels it depends on; a convolution of size k ('same' padding) takes the union over its k taps
 * ({@code -(k-1)/2 .. k/2}), max-pooling of size p over its p inputs, up-sampling copies its source, concatenation
 * unites both inputs. This is the structural dependency: a weight that happens to be zero or a ReLU that is off can
 * only make the measured influence smaller, so this number is at least what an impulse response shows.
 *
 * <p>CSBDeep uses a table measured with an impulse at one aligned position ({@code tile_overlap} in
 * {@code csbdeep/internals/predict.py}: depth 2 gives 22 / 43 / 62 px for kernel 3 / 5 / 7). This computation gives
 * 23 / 43 / 63 there (22 at the aligned position, 23 one pixel off it); depth 1 agrees exactly (9 / 17 / 25); deeper
 * networks differ more (depth 3, kernel 3: 51 against 46) because alignment matters more. Tile overlaps are rounded
 * up to whole blocks ({@link TileGrid}), so in the defaults the overlap is the same as CSBDeep's (11 blocks in 2D,
 * 6 in 3D).
 */
public final class ReceptiveField {
    private ReceptiveField() {
    }

    /** The halo per spatial axis (order of the config's spatial axes) of the CARE U-Net described by {@code c}. */
    public static int[] of(CareConfig c) {
        int[] k = c.kernelSizePerAxis();
        int[] pool = new int[k.length];
        java.util.Arrays.fill(pool, 2);
        return unet(c.unetNDepth(), k, 2, pool);
    }

    /**
     * The halo per axis of CSBDeep's U-Net ({@code unet_block}): per level {@code convsPerLevel} convolutions, a skip
     * connection and max-pooling; a middle of {@code convsPerLevel} convolutions; per level up-sampling,
     * concatenation with the skip and {@code convsPerLevel} convolutions; a 1x1 head (which adds nothing).
     *
     * @param depth         pooling levels (unet_n_depth)
     * @param kernelPerAxis kernel size per axis
     * @param convsPerLevel convolutions per level (2 in CARE)
     * @param poolPerAxis   pooling (and up-sampling) factor per axis (2 in CARE; 1 means no pooling on that axis)
     */
    public static int[] unet(int depth, int[] kernelPerAxis, int convsPerLevel, int[] poolPerAxis) {
        if (kernelPerAxis.length != poolPerAxis.length) {
            throw new IllegalArgumentException("one kernel size and one pool size per axis, got "
                    + kernelPerAxis.length + " and " + poolPerAxis.length);
        }
        int[] h = new int[kernelPerAxis.length];
        for (int i = 0; i < h.length; i++) {
            h[i] = unet1d(depth, kernelPerAxis[i], convsPerLevel, poolPerAxis[i]);
        }
        return h;
    }

    /** The halo along one axis of the U-Net of {@link #unet}. */
    public static int unet1d(int depth, int kernel, int convsPerLevel, int pool) {
        if (depth < 0 || kernel < 1 || convsPerLevel < 1 || pool < 1) {
            throw new IllegalArgumentException("U-Net needs depth >= 0, kernel >= 1, convs per level >= 1, pool >= 1;"
                    + " got depth " + depth + ", kernel " + kernel + ", convs " + convsPerLevel + ", pool " + pool);
        }
        Graph g = new Graph(depth, kernel, convsPerLevel, pool);
        return g.halo(unetOn(g, g.input(), depth, kernel, convsPerLevel, pool));
    }

    /** CSBDeep's U-Net of {@link #unet1d} applied to {@code x} in graph {@code g}: its output node. */
    static Graph.Node unetOn(Graph g, Graph.Node input, int depth, int kernel, int convsPerLevel, int pool) {
        Graph.Node x = input;
        List<Graph.Node> skips = new ArrayList<>();
        for (int level = 0; level < depth; level++) {
            for (int i = 0; i < convsPerLevel; i++) {
                x = g.conv(x, kernel);
            }
            skips.add(x);
            x = g.pool(x, pool);
        }
        for (int i = 0; i < convsPerLevel; i++) {
            x = g.conv(x, kernel);
        }
        for (int level = depth - 1; level >= 0; level--) {
            x = g.concat(g.upsample(x, pool), skips.get(level));
            for (int i = 0; i < convsPerLevel; i++) {
                x = g.conv(x, kernel);
            }
        }
        return x;
    }

    /**
     * The halo along one lateral axis of CSBDeep's projection network: the projection encoder-decoder (per level
     * {@code projConvs} convolutions of size {@code projKernel} then pooling by {@code projPool}; a middle; per level
     * up-sampling then convolutions; no skips), its output convolution, the softmax along Z and the weighted sum with the
     * input stack (each output pixel depends on the logits and the input at its own position), then the 2D U-Net. The
     * U-Net works on the projection's output, so the two halos add up (CSBDeep's table takes their maximum, an
     * approximation its comment admits).
     */
    public static int projection1d(int projDepth, int projKernel, int projConvs, int projPool, int unetDepth,
                                   int unetKernel) {
        if (projDepth < 1 || projKernel < 1 || projConvs < 1 || projPool < 1) {
            throw new IllegalArgumentException("projection network needs depth, kernel, convolutions and pool >= 1;"
                    + " got " + projDepth + ", " + projKernel + ", " + projConvs + ", " + projPool);
        }
        long period = lcm((long) Math.pow(projPool, projDepth), 1L << unetDepth);
        int k = Math.max(projKernel, unetKernel);
        long bound = 2L * (projDepth + 1) * projConvs * projKernel * (long) Math.pow(projPool, projDepth)
                + 4L * (unetDepth + 1) * unetKernel * (1L << unetDepth) + k;
        Graph g = new Graph((4 * bound + 5 * period) / period * period, period);
        Graph.Node in = g.input();
        Graph.Node x = in;
        for (int level = 0; level < projDepth; level++) {
            for (int i = 0; i < projConvs; i++) {
                x = g.conv(x, projKernel);
            }
            x = g.pool(x, projPool);
        }
        for (int i = 0; i < projConvs; i++) {
            x = g.conv(x, projKernel);
        }
        for (int level = 0; level < projDepth; level++) {
            x = g.upsample(x, projPool);
            for (int i = 0; i < projConvs; i++) {
                x = g.conv(x, projKernel);
            }
        }
        Graph.Node logits = g.conv(x, projKernel);
        Graph.Node projected = g.concat(logits, in);
        return g.halo(unetOn(g, projected, unetDepth, unetKernel, 2, 2));
    }

    private static long lcm(long a, long b) {
        long x = a;
        long y = b;
        while (y != 0) {
            long t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }

    /**
     * A one-dimensional network graph for the dependency analysis, on a finite axis long enough that the centre is
     * unaffected by the borders. Nodes hold, per feature position, the first and last input pixel it depends on.
     */
    public static final class Graph {
        /** Feature positions of one layer output: {@code lo[j]..hi[j]} are the input pixels position j depends on. */
        public static final class Node {
            final int[] lo;
            final int[] hi;
            final int scale;

            Node(int[] lo, int[] hi, int scale) {
                this.lo = lo;
                this.hi = hi;
                this.scale = scale;
            }
        }

        private final int length;
        private final int period;

        /**
         * A graph for a network of up to {@code depth} pooling levels by {@code pool}, kernels up to {@code kernel}
         * and {@code convsPerLevel} convolutions per level (sizes the axis generously).
         */
        public Graph(int depth, int kernel, int convsPerLevel, int pool) {
            long p = 1;
            long bound = 0;
            for (int l = 0; l <= depth; l++) {
                bound += 2L * convsPerLevel * kernel * p;
                p *= pool;
            }
            bound += p;
            long len = ((4 * bound + 4 * p + p - 1) / p) * p;
            if (len > 1 << 26) {
                throw new IllegalArgumentException("network too large for the dependency analysis: axis of " + len);
            }
            this.length = (int) len;
            this.period = (int) p;
        }

        /** A graph over an axis of {@code length} positions whose pooling grids repeat every {@code period}. */
        public Graph(long length, long period) {
            if (length > 1 << 26 || period < 1 || length % period != 0) {
                throw new IllegalArgumentException("dependency graph: axis of " + length + " with period " + period);
            }
            this.length = (int) length;
            this.period = (int) period;
        }

        /** The network input: position j depends on pixel j. */
        public Node input() {
            int[] lo = new int[length];
            for (int j = 0; j < length; j++) {
                lo[j] = j;
            }
            return new Node(lo, lo.clone(), 1);
        }

        /** A 'same'-padded convolution of size {@code k}: taps {@code -(k-1)/2 .. k/2}. */
        public Node conv(Node in, int k) {
            int m = in.lo.length;
            int[] lo = new int[m];
            int[] hi = new int[m];
            for (int j = 0; j < m; j++) {
                int l = Integer.MAX_VALUE;
                int h = Integer.MIN_VALUE;
                for (int t = -(k - 1) / 2; t <= k / 2; t++) {
                    int q = j + t;
                    if (q >= 0 && q < m) {
                        l = Math.min(l, in.lo[q]);
                        h = Math.max(h, in.hi[q]);
                    }
                }
                lo[j] = l;
                hi[j] = h;
            }
            return new Node(lo, hi, in.scale);
        }

        /** Max-pooling (valid, stride = size) of size {@code p}. */
        public Node pool(Node in, int p) {
            int m = in.lo.length / p;
            int[] lo = new int[m];
            int[] hi = new int[m];
            for (int j = 0; j < m; j++) {
                int l = Integer.MAX_VALUE;
                int h = Integer.MIN_VALUE;
                for (int t = 0; t < p; t++) {
                    l = Math.min(l, in.lo[j * p + t]);
                    h = Math.max(h, in.hi[j * p + t]);
                }
                lo[j] = l;
                hi[j] = h;
            }
            return new Node(lo, hi, in.scale * p);
        }

        /** Nearest-neighbour up-sampling by {@code p}. */
        public Node upsample(Node in, int p) {
            int m = in.lo.length * p;
            int[] lo = new int[m];
            int[] hi = new int[m];
            for (int j = 0; j < m; j++) {
                lo[j] = in.lo[j / p];
                hi[j] = in.hi[j / p];
            }
            return new Node(lo, hi, in.scale / p);
        }

        /** Channel concatenation of two layers of the same resolution. */
        public Node concat(Node a, Node b) {
            if (a.lo.length != b.lo.length) {
                throw new IllegalArgumentException("concatenating layers of different resolution: " + a.lo.length
                        + " and " + b.lo.length + " positions");
            }
            int m = a.lo.length;
            int[] lo = new int[m];
            int[] hi = new int[m];
            for (int j = 0; j < m; j++) {
                lo[j] = Math.min(a.lo[j], b.lo[j]);
                hi[j] = Math.max(a.hi[j], b.hi[j]);
            }
            return new Node(lo, hi, a.scale);
        }

        /** The halo of an output layer at input resolution: the largest one-sided extent over one period. */
        public int halo(Node out) {
            if (out.lo.length != length) {
                throw new IllegalArgumentException("the output must have the input's resolution");
            }
            int centre = (length / 2 / period) * period;
            int h = 0;
            for (int j = centre; j < centre + period; j++) {
                h = Math.max(h, Math.max(j - out.lo[j], out.hi[j] - j));
            }
            return h;
        }
    }
}
