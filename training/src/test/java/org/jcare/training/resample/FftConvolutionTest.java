package org.jcare.training.resample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.jcare.training.Fixtures;
import org.junit.jupiter.api.Test;

/** scipy.signal.fftconvolve(mode='same') parity (fixtures from the real scipy) and FFT against the direct sum. */
class FftConvolutionTest {
    @Test
    void sameConvolutionMatchesScipy() {
        for (JsonNode c : Fixtures.json("task_modes.json").get("fftconvolve")) {
            int[] shape = Fixtures.ints(c.get("shape"));
            int[] kshape = Fixtures.ints(c.get("kernel_shape"));
            float[] x = Fixtures.floats(c.get("input"));
            double[] k = Fixtures.doubles(c.get("kernel"));
            float[] expected = Fixtures.floats(c.get("output"));
            float[] out = FftConvolution.same(x, shape, k, kshape);
            double max = 0;
            for (float v : expected) {
                max = Math.max(max, Math.abs(v));
            }
            for (int i = 0; i < expected.length; i++) {
                // scipy transforms float32 in single precision: agreement to its rounding
                assertEquals(expected[i], out[i], 2e-6 * max, "kernel " + java.util.Arrays.toString(kshape) + " at " + i);
            }
        }
    }

    @Test
    void fftEqualsTheDirectSumForOddAndEvenKernels() {
        Random r = new Random(3);
        int[][][] cases = {{{1, 13, 10}, {1, 5, 4}}, {{6, 5, 9}, {3, 2, 5}}, {{1, 7, 7}, {1, 9, 9}}};
        for (int[][] c : cases) {
            int[] s = c[0];
            int[] ks = c[1];
            float[] x = new float[s[0] * s[1] * s[2]];
            double[] k = new double[ks[0] * ks[1] * ks[2]];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextFloat();
            }
            for (int i = 0; i < k.length; i++) {
                k[i] = r.nextDouble();
            }
            float[] fft = FftConvolution.same(x, s, k, ks);
            double[] direct = FftConvolution.direct(x, s, k, ks);
            for (int i = 0; i < x.length; i++) {
                assertEquals(direct[i], fft[i], 1e-5, "at " + i);
            }
        }
    }

    @Test
    void fastLengthsHaveOnlyFactorsTwoThreeFive() {
        assertEquals(1, FftConvolution.fastLength(1));
        assertEquals(16, FftConvolution.fastLength(16));
        assertEquals(18, FftConvolution.fastLength(17));
        assertEquals(1080, FftConvolution.fastLength(1050 + 27));
    }
}
