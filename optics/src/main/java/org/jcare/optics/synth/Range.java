package org.jcare.optics.synth;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * A closed range of a parameter, sampled per pair or per object: uniform, or log-uniform for scale parameters
 * (photon counts, radii). A fixed value is a range with {@code min == max}. Written {@code "min:max"} or
 * {@code "value"} on the command line.
 *
 * @param min lower end
 * @param max upper end, at least {@code min}
 */
public record Range(double min, double max) {
    /**
     * Checks the ends.
     *
     * @throws IllegalArgumentException when an end is not finite or max < min
     */
    public Range {
        if (!Double.isFinite(min) || !Double.isFinite(max) || max < min) {
            throw new IllegalArgumentException("range " + min + ":" + max + " must have finite ends with min <= max");
        }
    }

    /** The fixed value {@code v}. */
    public static Range of(double v) {
        return new Range(v, v);
    }

    /**
     * Parses {@code "a:b"} or {@code "a"}.
     *
     * @param what the option or field, named in errors
     * @throws IllegalArgumentException naming {@code what} and the text
     */
    public static Range parse(String text, String what) {
        try {
            String[] p = text.trim().split(":");
            if (p.length == 1) {
                return of(Double.parseDouble(p[0]));
            }
            if (p.length == 2) {
                return new Range(Double.parseDouble(p[0]), Double.parseDouble(p[1]));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " '" + text + "': " + (e instanceof NumberFormatException
                    ? "not a number" : e.getMessage()) + "; write a value or min:max, for example 0.5:1.5");
        }
        throw new IllegalArgumentException(what + " '" + text + "': write a value or min:max, for example 0.5:1.5");
    }

    /** A uniform sample. */
    public double uniform(RandomGenerator rng) {
        return min == max ? min : min + (max - min) * rng.nextDouble();
    }

    /** A log-uniform sample (both ends must be positive). */
    public double logUniform(RandomGenerator rng) {
        if (min == max) {
            return min;
        }
        return Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * rng.nextDouble());
    }

    /**
     * Checks that the range lies within [lo, hi].
     *
     * @throws IllegalArgumentException naming {@code what}
     */
    public Range requireWithin(double lo, double hi, String what) {
        if (min < lo || max > hi) {
            throw new IllegalArgumentException(what + " " + this + " must lie within [" + fmt(lo) + ", " + fmt(hi) + "]");
        }
        return this;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public String toString() {
        return min == max ? fmt(min) : String.format(Locale.ROOT, "%s:%s", fmt(min), fmt(max));
    }
}
