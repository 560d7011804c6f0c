package org.jcare.optics.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PercentilesTest {
    @Test
    void matchesNumpyLinearPercentiles() {
        float[] s = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        // numpy.percentile(np.arange(1, 11), [0, 25, 50, 99.8, 100]) = 1, 3.25, 5.5, 9.982, 10
        assertEquals(1, Percentiles.ofSorted(s, 0), 1e-12);
        assertEquals(3.25, Percentiles.ofSorted(s, 25), 1e-6);
        assertEquals(5.5, Percentiles.ofSorted(s, 50), 1e-6);
        assertEquals(9.982, Percentiles.ofSorted(s, 99.8), 1e-5);
        assertEquals(10, Percentiles.ofSorted(s, 100), 1e-12);
        float[] a = {10, 1, 5, 3, 7, 2, 9, 4, 8, 6};
        Percentiles.normalize(a, 0, 100);
        assertEquals(1, a[0], 1e-6);
        assertEquals(0, a[1], 1e-6);
        assertEquals(4.0 / 9, a[2], 1e-6);
    }

    @Test
    void selectionEqualsSortingOnRandomData() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(2);
        for (int n : new int[] {1, 2, 7, 100, 4097}) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = rng.nextInt(50) / 7f; // many ties
            }
            float[] sorted = a.clone();
            java.util.Arrays.sort(sorted);
            for (double p : new double[] {0, 1.7, 50, 99.8, 100}) {
                assertEquals(Percentiles.ofSorted(sorted, p), Percentiles.select(a.clone(), p), 1e-6, n + " " + p);
            }
        }
    }
}
