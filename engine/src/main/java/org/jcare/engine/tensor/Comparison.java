package org.jcare.engine.tensor;

import java.util.Locale;

/**
 * How far a device result is from its float64 reference: normalized mean squared error, the worst element
 * with its index, and NaN counts. Used by the tests and by the tuner, which validates every candidate.
 *
 * @param nmse          sum((a - e)^2) / max(sum(e^2), tiny)
 * @param maxAbsError   largest |a - e|
 * @param worstIndex    flat index of that element (-1 when empty)
 * @param expectedWorst reference value there
 * @param actualWorst   device value there
 * @param nonFinite     number of NaN or infinite device values
 * @param count         number of elements compared
 */
public record Comparison(double nmse, double maxAbsError, long worstIndex, double expectedWorst, double actualWorst,
                         long nonFinite, long count) {

    /** Compares {@code actual} against {@code expected} element by element. */
    public static Comparison of(double[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("comparison of " + expected.length + " reference values with "
                    + actual.length + " device values");
        }
        double err = 0;
        double ref = 0;
        double worst = -1;
        long worstAt = -1;
        long nonFinite = 0;
        for (int i = 0; i < expected.length; i++) {
            double a = actual[i];
            if (!Double.isFinite(a)) {
                nonFinite++;
                if (worst < Double.POSITIVE_INFINITY) {
                    worst = Double.POSITIVE_INFINITY;
                    worstAt = i;
                }
                continue;
            }
            double d = a - expected[i];
            err += d * d;
            ref += expected[i] * expected[i];
            if (Math.abs(d) > worst) {
                worst = Math.abs(d);
                worstAt = i;
            }
        }
        double nmse = nonFinite > 0 ? Double.POSITIVE_INFINITY : err / Math.max(ref, 1e-300);
        if (ref == 0 && err == 0) {
            nmse = 0;
        }
        return new Comparison(nmse, Math.max(worst, 0), worstAt,
                worstAt >= 0 ? expected[(int) worstAt] : Double.NaN,
                worstAt >= 0 ? actual[(int) worstAt] : Double.NaN, nonFinite, expected.length);
    }

    /** True when nothing is NaN and both the NMSE and the worst absolute error are within bounds. */
    public boolean within(double maxNmse, double maxAbs) {
        return nonFinite == 0 && nmse <= maxNmse && maxAbsError <= maxAbs;
    }

    /** A one-line report; the worst element's index is given per axis of {@code shape} when known. */
    public String describe(String what, Shape shape) {
        String at = worstIndex < 0 ? "-" : (shape == null ? Long.toString(worstIndex) : multiIndex(worstIndex, shape));
        return String.format(Locale.ROOT,
                "%s: NMSE %.3e, max |err| %.3e at %s (expected %.8g, got %.8g), %d non-finite of %d",
                what, nmse, maxAbsError, at, expectedWorst, actualWorst, nonFinite, count);
    }

    private static String multiIndex(long flat, Shape shape) {
        long[] idx = new long[shape.rank()];
        long r = flat;
        for (int i = shape.rank() - 1; i >= 0; i--) {
            long d = Math.max(1, shape.dim(i));
            idx[i] = r % d;
            r /= d;
        }
        return java.util.Arrays.toString(idx);
    }
}
