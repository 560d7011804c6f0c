package org.jcare.optics.fft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.jcare.optics.JsonFixtures;
import org.jcare.optics.psf.Psf;
import org.jcare.optics.psf.VoxelGrid;
import org.junit.jupiter.api.Test;

/**
 * scipy.signal.fftconvolve(mode='same') parity (fixtures from the real scipy), FFT against the direct sum for odd and
 * even kernels, any centre, convolution and correlation, 2D kernels on stacks.
 */
class LinearConvolutionTest {
    @Test
    void sameConvolutionMatchesScipy() {
        for (JsonNode c : JsonFixtures.scipy().get("fftconvolve")) {
            int[] shape = JsonFixtures.ints(c.get("shape"));
            int[] kshape = JsonFixtures.ints(c.get("kernel_shape"));
            float[] x = JsonFixtures.floats(c.get("input"));
            double[] k = JsonFixtures.doubles(c.get("kernel"));
            float[] expected = JsonFixtures.floats(c.get("output"));
            float[] out = LinearConvolution.same(x, shape, k, kshape);
            double max = 0;
            for (float v : expected) {
                max = Math.max(max, Math.abs(v));
            }
            for (int i = 0; i < expected.length; i++) {
                // both transform float32 in single precision: agreement to their rounding
                assertEquals(expected[i], out[i], 2e-6 * max, "kernel " + java.util.Arrays.toString(kshape) + " at " + i);
            }
        }
    }

    @Test
    void fftEqualsTheDirectSumForAnyKernelCentreAndForCorrelation() {
        Random r = new Random(3);
        int[][][] cases = {{{1, 13, 10}, {1, 5, 4}, {0, 2, 1}}, {{6, 5, 9}, {3, 2, 5}, {1, 1, 2}},
            {{1, 7, 7}, {1, 9, 9}, {0, 4, 4}}, {{4, 6, 5}, {1, 3, 3}, {0, 1, 2}}, {{3, 4, 4}, {2, 3, 2}, {1, 0, 1}}};
        for (int[][] c : cases) {
            int[] s = c[0];
            int[] ks = c[1];
            int[] centre = c[2];
            float[] x = new float[s[0] * s[1] * s[2]];
            float[] k = new float[ks[0] * ks[1] * ks[2]];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextFloat();
            }
            for (int i = 0; i < k.length; i++) {
                k[i] = r.nextFloat();
            }
            LinearConvolution conv = new LinearConvolution(s[0], s[1], s[2], k, ks, centre);
            for (boolean correlate : new boolean[] {false, true}) {
                float[] fft = correlate ? conv.correlate(x) : conv.convolve(x);
                double[] direct = direct(x, s, k, ks, centre, correlate);
                double max = 0;
                for (double v : direct) {
                    max = Math.max(max, Math.abs(v));
                }
                for (int i = 0; i < x.length; i++) {
                    assertEquals(direct[i], fft[i], 2e-6 * max, (correlate ? "correlation" : "convolution") + " of "
                            + java.util.Arrays.toString(s) + " with " + java.util.Arrays.toString(ks) + " at " + i);
                }
            }
        }
    }

    @Test
    void aPsfShiftsNothingAtItsFocus() {
        float[] v = new float[3 * 5];
        v[1 * 5 + 2] = 1; // the centre voxel of a 3 x 5 plane
        Psf delta = new Psf(VoxelGrid.plane(3, 5, 100, 100), v, "delta");
        float[] img = new float[4 * 6];
        for (int i = 0; i < img.length; i++) {
            img[i] = i;
        }
        float[] out = LinearConvolution.of(delta, 1, 4, 6).convolve(img);
        for (int i = 0; i < img.length; i++) {
            assertEquals(img[i], out[i], 1e-4);
        }
        assertThrows(IllegalArgumentException.class, () -> new LinearConvolution(1, 4, 4, new float[8],
                new int[] {2, 2, 2}, new int[] {0, 0, 0}), "a 3D kernel on a 2D array");
        assertThrows(IllegalArgumentException.class, () -> new LinearConvolution(1, 4, 4, new float[4],
                new int[] {1, 2, 2}, new int[] {0, 2, 0}), "a centre outside the kernel");
    }

    /**
     * The definition: convolution {@code out[i] = sum_j x[i + c - j] k[j]}, correlation {@code out[i] = sum_j
     * x[i - c + j] k[j]} per axis, zeros outside.
     */
    static double[] direct(float[] x, int[] shape, float[] kernel, int[] kshape, int[] centre, boolean correlate) {
        double[] out = new double[x.length];
        int sign = correlate ? 1 : -1;
        for (int z = 0; z < shape[0]; z++) {
            for (int y = 0; y < shape[1]; y++) {
                for (int xx = 0; xx < shape[2]; xx++) {
                    double s = 0;
                    for (int a = 0; a < kshape[0]; a++) {
                        int sz = z - sign * centre[0] + sign * a;
                        for (int b = 0; b < kshape[1]; b++) {
                            int sy = y - sign * centre[1] + sign * b;
                            for (int c = 0; c < kshape[2]; c++) {
                                int sx = xx - sign * centre[2] + sign * c;
                                if (sz >= 0 && sz < shape[0] && sy >= 0 && sy < shape[1] && sx >= 0 && sx < shape[2]) {
                                    s += x[(sz * shape[1] + sy) * shape[2] + sx]
                                            * (double) kernel[(a * kshape[1] + b) * kshape[2] + c];
                                }
                            }
                        }
                    }
                    out[(z * shape[1] + y) * shape[2] + xx] = s;
                }
            }
        }
        return out;
    }
}
