package org.jcare.training.data;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * CSBDeep's {@code _adjust_subsample(d, s, c)} (inside {@code anisotropic_distortions}), replicated literally with
 * Python's number semantics: a crop size along the subsampled axis that is a whole multiple of the factor, so that
 * subsampling and zooming back land on the same grid. The factor's decimal digits (Python's shortest {@code repr})
 * give a fraction whose denominator the number of multiples must be divisible by; while the crop would lose more than
 * {@code c} of the axis, one digit of the factor is dropped ({@code round(s, n)}: correctly rounded, half to even).
 * Examples: (512, 10.2) -> (10.2, 510); (37, 2.5) -> (2.5, 35); (512, 4.88599) -> (4.89, 489).
 *
 * @param factor the factor used (possibly fewer decimal digits than asked)
 * @param size   the crop size along the axis, a multiple of the factor
 */
public record SubsampleAdjustment(double factor, int size) {
    /**
     * The adjustment for an axis of {@code d} samples, factor {@code s} and tolerated crop fraction {@code c}.
     *
     * @throws IllegalArgumentException when no crop within the tolerance exists ("subsample factor too large")
     */
    public static SubsampleAdjustment of(int d, double s, double c) {
        if (!(s >= 1) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("subsample factor must be >= 1, got " + s);
        }
        if (!(c > 0 && c < 1)) {
            throw new IllegalArgumentException("crop threshold must be in (0, 1), got " + c);
        }
        String[] dec = decimals(s, -1);
        int nDigits = dec[1].length();
        BigInteger denominator = denominator(dec[1], nDigits);
        while (nDigits > 0 && (d - cropSize(d, s, nDigits, denominator)) / d > c) {
            nDigits--;
            denominator = denominator(decimals(s, nDigits)[1], nDigits);
        }
        double size = cropSize(d, s, nDigits, denominator);
        if (size == 0 || (d - size) / d > c) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "subsample factor %s too large"
                    + " for an axis of %d samples (crop_threshold=%s): choose a smaller factor or a larger image",
                    repr(s), d, repr(c)));
        }
        return new SubsampleAdjustment(round(s, nDigits), (int) Math.rint(size));
    }

    /** {@code crop_size}: the largest multiple of {@code round(s, n)} below d whose count the denominator divides. */
    private static double cropSize(int d, double s, int nDigits, BigInteger denominator) {
        double rs = round(s, nDigits);
        double div = denominator.doubleValue();
        double maxMultiple = Math.floor(d / rs);
        double multiple = Math.floor(maxMultiple / div) * div;
        return multiple * rs;
    }

    /** {@code Fraction(int(digits), 10**n).denominator}. */
    private static BigInteger denominator(String digits, int n) {
        BigInteger num = new BigInteger(digits);
        BigInteger den = BigInteger.TEN.pow(n);
        if (num.signum() == 0) {
            return BigInteger.ONE;
        }
        return den.divide(num.gcd(den));
    }

    /** Python's {@code decimals(v, n)}: the digits after the point of {@code repr(round(v, n))} (n < 0: no rounding). */
    private static String[] decimals(double v, int n) {
        String s = repr(n < 0 ? v : round(v, n));
        int dot = s.indexOf('.');
        if (dot < 0 || s.contains("e") || s.contains("E")) {
            throw new IllegalArgumentException("subsample factor " + s + " has no plain decimal representation");
        }
        return new String[] {s.substring(0, dot), s.substring(dot + 1)};
    }

    /** Python's {@code round(v, n)}: the exact binary value rounded half to even at n decimals, back to double. */
    static double round(double v, int n) {
        return new BigDecimal(v).setScale(n, RoundingMode.HALF_EVEN).doubleValue();
    }

    /**
     * Python's {@code repr(float)} for plain magnitudes: the shortest decimal that reads back as {@code v}, with at
     * least one digit after the point.
     */
    static String repr(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int digits = 1; digits <= 17; digits++) {
            BigDecimal r = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == v) {
                String s = r.stripTrailingZeros().toPlainString();
                return s.contains(".") ? s : s + ".0";
            }
        }
        return exact.toPlainString();
    }
}
