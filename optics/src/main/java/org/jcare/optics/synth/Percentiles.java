package org.jcare.optics.synth;

/**
 * CSBDeep's percentile normalization, {@code (x - p_low) / (p_high - p_low + 1e-20)} with numpy's default (linear)
 * percentile interpolation, as {@code csbdeep.utils.normalize_mi_ma} after {@code np.percentile}.
 */
final class Percentiles {
    private Percentiles() {
    }

    /** The {@code p}-th percentile (0-100) of sorted values, numpy's linear interpolation. */
    static double ofSorted(float[] sorted, double p) {
        double pos = p / 100 * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        if (i >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        double f = pos - i;
        return sorted[i] + f * ((double) sorted[i + 1] - sorted[i]);
    }

    /**
     * The {@code p}-th percentile of unsorted values (numpy's linear interpolation) by selection, in linear time;
     * {@code work} is reordered.
     */
    static double select(float[] work, double p) {
        double pos = p / 100 * (work.length - 1);
        int i = (int) Math.floor(pos);
        if (i >= work.length - 1) {
            return nth(work, work.length - 1);
        }
        double lo = nth(work, i);
        // after selecting the i-th, the (i+1)-th smallest is the minimum of what lies to its right
        float next = Float.POSITIVE_INFINITY;
        for (int k = i + 1; k < work.length; k++) {
            next = Math.min(next, work[k]);
        }
        return lo + (pos - i) * (next - lo);
    }

    /** The k-th smallest value (0-based); partially reorders {@code a} (Hoare's quickselect, median of three). */
    static float nth(float[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < a[lo]) {
                swap(a, mid, lo);
            }
            if (a[hi] < a[lo]) {
                swap(a, hi, lo);
            }
            if (a[hi] < a[mid]) {
                swap(a, hi, mid);
            }
            float pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i, j);
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static void swap(float[] a, int i, int j) {
        float t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** Normalizes {@code a} in place with its own percentiles {@code pmin} and {@code pmax}. */
    static void normalize(float[] a, double pmin, double pmax) {
        float[] s = a.clone();
        double lo = select(s, pmin);
        double hi = select(s, pmax);
        double scale = 1 / (hi - lo + 1e-20);
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) ((a[i] - lo) * scale);
        }
    }
}
