package org.jcare.training.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jcare.training.config.CareConfig;
import org.junit.jupiter.api.Test;

class ReceptiveFieldTest {
    /** CSBDeep's tile_overlap table for pool 2: {depth, kernel, pixels}. */
    private static final int[][] CSBDEEP_TABLE = {
        {1, 3, 9}, {1, 5, 17}, {1, 7, 25},
        {2, 3, 22}, {2, 5, 43}, {2, 7, 62},
        {3, 3, 46}, {3, 5, 92}, {3, 7, 138},
        {4, 3, 94}, {4, 5, 188}, {4, 7, 282},
        {5, 3, 190}, {5, 5, 380}, {5, 7, 570}};

    @Test
    void neverBelowCsbdeepsMeasuredTableAndEqualAtDepthOne() {
        for (int[] row : CSBDEEP_TABLE) {
            int h = ReceptiveField.unet1d(row[0], row[1], 2, 2);
            assertTrue(h >= row[2], "depth " + row[0] + " kernel " + row[1] + ": " + h + " < " + row[2]);
            if (row[0] == 1) {
                assertEquals(row[2], h, "depth 1 kernel " + row[1]);
            }
        }
        assertEquals(23, ReceptiveField.unet1d(2, 3, 2, 2));
        assertEquals(43, ReceptiveField.unet1d(2, 5, 2, 2));
        assertEquals(63, ReceptiveField.unet1d(2, 7, 2, 2));
        assertEquals(51, ReceptiveField.unet1d(3, 3, 2, 2));
    }

    @Test
    void overlapInBlocksEqualsCsbdeepForTheDefaults() {
        assertEquals(11, (43 + 3) / 4, "2D default: 11 blocks as CSBDeep's ceil(43 / 4)");
        assertEquals(6, (ReceptiveField.unet1d(2, 3, 2, 2) + 3) / 4, "3D default: 6 blocks as ceil(22 / 4)");
    }

    @Test
    void fromConfigPerAxis() {
        assertArrayEquals(new int[] {43, 43}, ReceptiveField.of(CareConfig.builder("YX").build()));
        assertArrayEquals(new int[] {23, 23, 23}, ReceptiveField.of(CareConfig.builder("ZYX").build()));
        int[] aniso = ReceptiveField.of(CareConfig.builder("ZYX").unetKernSizePerAxis(1, 3, 3).build());
        assertEquals(23, aniso[1]);
        assertEquals(ReceptiveField.unet1d(2, 1, 2, 2), aniso[0]);
        assertEquals(3, aniso[0], "kernel 1 along Z: only the pooling grid spreads");
        assertEquals(0, ReceptiveField.unet1d(2, 1, 2, 1), "no kernel and no pooling: no halo");
    }

    /**
     * An impulse response of a real (float64, single-axis) CARE U-Net with positive random weights and biases, so
     * no dependency cancels and ReLUs stay on: for every central output the extent of inputs that change it is
     * exactly the computed halo, over all alignments.
     */
    @Test
    void equalsTheImpulseResponseOfAPositiveUnet() {
        for (int[] dk : new int[][] {{1, 3}, {2, 3}, {2, 5}, {3, 3}}) {
            int depth = dk[0];
            int k = dk[1];
            TinyUnet net = new TinyUnet(depth, k, new SplittableRandom(depth * 10 + k));
            int len = 64 * (1 << depth);
            double[] base = new double[len];
            java.util.Arrays.fill(base, 0.5);
            double[] y0 = net.forward(base);
            int centre = len / 2;
            int period = 1 << depth;
            int[] lo = new int[len];
            int[] hi = new int[len];
            java.util.Arrays.fill(lo, Integer.MAX_VALUE);
            java.util.Arrays.fill(hi, Integer.MIN_VALUE);
            for (int p = 0; p < len; p++) {
                double[] x = base.clone();
                x[p] = 1000;
                double[] y = net.forward(x);
                for (int j = 0; j < len; j++) {
                    if (y[j] != y0[j]) {
                        lo[j] = Math.min(lo[j], p);
                        hi[j] = Math.max(hi[j], p);
                    }
                }
            }
            int measured = 0;
            for (int j = centre; j < centre + period; j++) {
                measured = Math.max(measured, Math.max(j - lo[j], hi[j] - j));
            }
            assertEquals(ReceptiveField.unet1d(depth, k, 2, 2), measured, "depth " + depth + " kernel " + k);
        }
    }

    @Test
    void badArgumentsAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> ReceptiveField.unet1d(2, 0, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> ReceptiveField.unet(2, new int[] {3}, 2, new int[] {2, 2}));
    }

    /** CSBDeep's U-Net along one axis with two feature channels per layer, 'same' zero padding, positive weights. */
    private static final class TinyUnet {
        private final int depth;
        private final int k;
        private final SplittableRandom rng;
        private final List<double[][][]> weights = new ArrayList<>();
        private int next;

        TinyUnet(int depth, int k, SplittableRandom rng) {
            this.depth = depth;
            this.k = k;
            this.rng = rng;
        }

        double[] forward(double[] input) {
            next = 0;
            double[][] x = {input};
            List<double[][]> skips = new ArrayList<>();
            for (int l = 0; l < depth; l++) {
                x = conv(conv(x));
                skips.add(x);
                x = pool(x);
            }
            x = conv(conv(x));
            for (int l = depth - 1; l >= 0; l--) {
                double[][] up = upsample(x);
                double[][] s = skips.get(l);
                double[][] cat = new double[up.length + s.length][];
                System.arraycopy(up, 0, cat, 0, up.length);
                System.arraycopy(s, 0, cat, up.length, s.length);
                x = conv(conv(cat));
            }
            double[] out = new double[input.length];
            for (double[] ch : x) {
                for (int j = 0; j < out.length; j++) {
                    out[j] += ch[j];
                }
            }
            return out;
        }

        /** Two output channels, ReLU; weights drawn on first use and reused for every forward pass. */
        private double[][] conv(double[][] in) {
            if (next == weights.size()) {
                double[][][] w = new double[2][in.length][k + 1];
                for (double[][] a : w) {
                    for (double[] b : a) {
                        for (int t = 0; t <= k; t++) {
                            b[t] = 0.1 + rng.nextDouble();
                        }
                    }
                }
                weights.add(w);
            }
            double[][][] w = weights.get(next++);
            int m = in[0].length;
            double[][] out = new double[2][m];
            for (int o = 0; o < 2; o++) {
                for (int j = 0; j < m; j++) {
                    double s = w[o][0][k];
                    for (int c = 0; c < in.length; c++) {
                        for (int t = 0; t < k; t++) {
                            int q = j + t - (k - 1) / 2;
                            if (q >= 0 && q < m) {
                                s += w[o][c][t] * in[c][q];
                            }
                        }
                    }
                    out[o][j] = Math.max(0, s);
                }
            }
            return out;
        }

        private static double[][] pool(double[][] in) {
            double[][] out = new double[in.length][in[0].length / 2];
            for (int c = 0; c < in.length; c++) {
                for (int j = 0; j < out[c].length; j++) {
                    out[c][j] = Math.max(in[c][2 * j], in[c][2 * j + 1]);
                }
            }
            return out;
        }

        private static double[][] upsample(double[][] in) {
            double[][] out = new double[in.length][in[0].length * 2];
            for (int c = 0; c < in.length; c++) {
                for (int j = 0; j < out[c].length; j++) {
                    out[c][j] = in[c][j / 2];
                }
            }
            return out;
        }
    }
}
