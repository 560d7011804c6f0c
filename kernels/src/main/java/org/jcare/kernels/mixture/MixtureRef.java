package org.jcare.kernels.mixture;

/**
 * Float64 reference of {@code mixture.cl}: the per-pixel readouts of an ensemble of M Laplace distributions
 * {@code p_m(y) = exp(-|y - mu_m| / b_m) / (2 b_m)} mixed with equal weights (deep ensembles, Lakshminarayanan et
 * al. 2017; the CARE paper's Fig. 5). This class is the specification the kernels are tested against.
 *
 * <ul>
 * <li>mixture {@code pbar = (1/M) sum_m p_m}, cdf {@code Fbar = (1/M) sum_m F_m};
 * <li>mean {@code (1/M) sum_m mu_m}; variance {@code (1/M) sum_m (2 b_m^2 + (mu_m - mean)^2)} (the law of total
 * variance; with {@code b = 0}, plain members, the population variance of the member means);
 * <li>quantile: the inverse of {@code Fbar}, which is continuous and strictly increasing, by bisection in float64
 * inside {@code [min_m q_m(p), max_m q_m(p)]} (where {@code Fbar - p} changes sign, since every {@code F_m} is
 * at most p at the smallest member quantile and at least p at the largest);
 * <li>disagreement {@code D = (1/M) sum_m KL(p_m || pbar) = H(pbar) - (1/M) sum_m H(p_m)}, the generalized
 * Jensen-Shannon divergence, in nats; {@code 0 <= D <= ln M}. It is the integral of
 * {@code d(y) = (1/M) sum_m p_m (ln p_m - ln pbar)}, which is non-negative at every y (Gibbs), zero where all
 * members agree. {@link #disagreement} integrates it with the rule the kernel uses (below);
 * {@link #disagreementAdaptive} with adaptive Gauss-Kronrod to a requested tolerance (the check of the rule);
 * <li>samples: member {@code floor(u1 M)}, then its Laplace {@code mu - b sgn(u) ln(1 - 2|u|)}, {@code u = u2 - 1/2},
 * with {@code u1, u2} from a counter-based hash of (seed, pixel key, sample), so every pixel's draws are the same
 * however the image is tiled.
 * </ul>
 *
 * <p>The integration rule of {@link #disagreement} (chosen by comparing with adaptive quadrature on random mixtures
 * with scale ratios up to 300 between members: largest error 4e-7 nats): in standardized coordinates
 * {@code y' = (y - min mu) / max b} (D is invariant to affine maps of y), break points at every
 * {@code mu_m + c b_m} for {@code c in {-27, -9, -3, -1, 0, 1, 3, 9, 27}} (each member's kink and the distances
 * where its density falls by e, e^3, ...), plus {@code min mu - 40} and {@code max mu + 40} (where every density is
 * below e^-40 of its peak); a 6-point Gauss-Legendre rule on each segment between consecutive break points. The
 * integrand is evaluated in the log domain ({@code ln pbar} by log-sum-exp), so that nothing underflows and identical
 * members give exactly zero.
 */
public final class MixtureRef {
    /** Break points of each member, in units of its scale from its location. */
    public static final double[] BREAKS = {-27, -9, -3, -1, 0, 1, 3, 9, 27};
    /** The integration range beyond the outermost location, in units of the largest scale. */
    public static final double TAIL = 40;
    /** Nodes of the 6-point Gauss-Legendre rule on [-1, 1]. */
    static final double[] GL_NODES = {-0.9324695142031520278, -0.6612093864662645137, -0.2386191860831969086,
        0.2386191860831969086, 0.6612093864662645137, 0.9324695142031520278};
    /** Weights of the 6-point Gauss-Legendre rule. */
    static final double[] GL_WEIGHTS = {0.1713244923791703450, 0.3607615730481386076, 0.4679139345726910474,
        0.4679139345726910474, 0.3607615730481386076, 0.1713244923791703450};

    private MixtureRef() {
    }

    /** The mixture mean {@code (1/M) sum mu_m}. */
    public static double mean(double[] mu) {
        double s = 0;
        for (double m : mu) {
            s += m;
        }
        return s / mu.length;
    }

    /**
     * The mixture variance {@code (1/M) sum (2 b_m^2 + (mu_m - mean)^2)}.
     *
     * @param b the scales, or null for plain members (the variance of the means)
     */
    public static double variance(double[] mu, double[] b) {
        double mean = mean(mu);
        double s = 0;
        for (int m = 0; m < mu.length; m++) {
            double d = mu[m] - mean;
            s += d * d + (b == null ? 0 : 2 * b[m] * b[m]);
        }
        return s / mu.length;
    }

    /** The mixture density at {@code y}. */
    public static double pdf(double[] mu, double[] b, double y) {
        double s = 0;
        for (int m = 0; m < mu.length; m++) {
            s += Math.exp(-Math.abs(y - mu[m]) / b[m]) / (2 * b[m]);
        }
        return s / mu.length;
    }

    /** The mixture cdf at {@code y}. */
    public static double cdf(double[] mu, double[] b, double y) {
        double s = 0;
        for (int m = 0; m < mu.length; m++) {
            double z = (y - mu[m]) / b[m];
            s += z < 0 ? 0.5 * Math.exp(z) : 1 - 0.5 * Math.exp(-z);
        }
        return s / mu.length;
    }

    /** The quantile of probability {@code p} of one Laplace distribution. */
    public static double laplaceQuantile(double mu, double b, double p) {
        return p <= 0.5 ? mu + b * Math.log(2 * p) : mu - b * Math.log(2 * (1 - p));
    }

    /**
     * The mixture quantile of probability {@code p} in (0, 1): bisection in float64 until the bracket cannot shrink.
     *
     * @throws IllegalArgumentException for p outside (0, 1)
     */
    public static double quantile(double[] mu, double[] b, double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("quantile probability " + p + " is outside (0, 1)");
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < mu.length; m++) {
            double q = laplaceQuantile(mu[m], b[m], p);
            lo = Math.min(lo, q);
            hi = Math.max(hi, q);
        }
        // the upper half is solved on the survival function: 1 - p is exact there, and so is the inversion
        for (int it = 0; it < 2000 && hi > lo; it++) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            boolean below = p <= 0.5 ? cdf(mu, b, mid) < p : survival(mu, b, mid) > 1 - p;
            if (below) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** The mixture survival function {@code 1 - Fbar(y)}, accurate where it is small. */
    public static double survival(double[] mu, double[] b, double y) {
        double s = 0;
        for (int m = 0; m < mu.length; m++) {
            double z = (y - mu[m]) / b[m];
            s += z >= 0 ? 0.5 * Math.exp(-z) : 1 - 0.5 * Math.exp(z);
        }
        return s / mu.length;
    }

    /**
     * The closed-form Kullback-Leibler divergence between two Laplace distributions:
     * {@code KL(L(mu1, b1) || L(mu2, b2)) = ln(b2 / b1) - 1 + (|mu1 - mu2| + b1 exp(-|mu1 - mu2| / b1)) / b2}.
     */
    public static double laplaceKl(double mu1, double b1, double mu2, double b2) {
        double d = Math.abs(mu1 - mu2);
        return Math.log(b2 / b1) - 1 + (d + b1 * Math.exp(-d / b1)) / b2;
    }

    /** The disagreement D in nats with the kernel's rule (see the class comment). */
    public static double disagreement(double[] mu, double[] b) {
        int nm = mu.length;
        if (nm == 1) {
            return 0;
        }
        Standardized s = Standardized.of(mu, b);
        // merge the members' sorted break points, as the kernel does with one cursor per member
        int[] head = new int[nm];
        double a = s.lo;
        double total = 0;
        while (true) {
            int next = -1;
            double c = s.hi;
            for (int k = 0; k < nm; k++) {
                if (head[k] < BREAKS.length) {
                    double v = s.u[k] + s.s[k] * BREAKS[head[k]];
                    if (next < 0 || v < c) {
                        c = v;
                        next = k;
                    }
                }
            }
            total += segment(s, a, c);
            if (next < 0) {
                break;
            }
            a = Math.max(a, c);
            head[next]++;
        }
        return Math.max(0, total);
    }

    /** The 6-point Gauss-Legendre sum of the integrand on [a, c] (zero when the segment is empty). */
    private static double segment(Standardized s, double a, double c) {
        if (!(c > a)) {
            return 0;
        }
        double half = 0.5 * (c - a);
        double sum = 0;
        for (int j = 0; j < GL_NODES.length; j++) {
            sum += GL_WEIGHTS[j] * integrand(s, a + half * (GL_NODES[j] + 1));
        }
        return half * sum;
    }

    /** {@code d(y) = (1/M) sum_m p_m (ln p_m - ln pbar)} in standardized coordinates, in the log domain. */
    static double integrand(Standardized s, double y) {
        int nm = s.u.length;
        double[] l = new double[nm];
        double lmax = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < nm; k++) {
            l[k] = -Math.abs(y - s.u[k]) / s.s[k] + s.lnNorm[k];
            lmax = Math.max(lmax, l[k]);
        }
        double sum = 0;
        for (int k = 0; k < nm; k++) {
            sum += Math.exp(l[k] - lmax);
        }
        double lnMix = lmax + Math.log(sum / nm);
        double d = 0;
        for (int k = 0; k < nm; k++) {
            d += Math.exp(l[k] - lmax) * (l[k] - lnMix);
        }
        return Math.exp(lmax) * d / nm;
    }

    /**
     * The disagreement by adaptive Gauss-Kronrod (7/15 points) on every interval between the sorted locations and
     * out to 60 of the largest scale, each interval halved until the Kronrod and Gauss sums differ by less than
     * {@code tol} times its length share: the check of {@link #disagreement}'s fixed rule, not used by jcare itself.
     */
    public static double disagreementAdaptive(double[] mu, double[] b, double tol) {
        if (mu.length == 1) {
            return 0;
        }
        Standardized s = Standardized.of(mu, b);
        double[] u = s.u.clone();
        java.util.Arrays.sort(u);
        double total = adaptive(s, u[0] - 60, u[0], tol, 0);
        for (int k = 1; k < u.length; k++) {
            total += adaptive(s, u[k - 1], u[k], tol, 0);
        }
        return total + adaptive(s, u[u.length - 1], u[u.length - 1] + 60, tol, 0);
    }

    private static final double[] GK_X = {0.991455371120812639, 0.949107912342758525, 0.864864423359769073,
        0.741531185599394440, 0.586087235467691130, 0.405845151377397167, 0.207784955007898468, 0};
    private static final double[] GK_WK = {0.022935322010529225, 0.063092092629978553, 0.104790010322250184,
        0.140653259715525919, 0.169004726639267903, 0.190350578064785410, 0.204432940075298892,
        0.209482141084727828};
    private static final double[] GK_WG = {0, 0.129484966168869693, 0, 0.279705391489276668, 0,
        0.381830050505118945, 0, 0.417959183673469388};

    private static double adaptive(Standardized s, double a, double c, double tol, int depth) {
        if (!(c > a)) {
            return 0;
        }
        double half = 0.5 * (c - a);
        double mid = 0.5 * (a + c);
        double k = 0;
        double g = 0;
        for (int i = 0; i < GK_X.length; i++) {
            double f = GK_X[i] == 0 ? integrand(s, mid)
                    : integrand(s, mid - half * GK_X[i]) + integrand(s, mid + half * GK_X[i]);
            k += GK_WK[i] * f;
            g += GK_WG[i] * f;
        }
        k *= half;
        g *= half;
        if (Math.abs(k - g) <= tol * Math.max(1e-3, c - a) || depth >= 40) {
            return k;
        }
        return adaptive(s, a, mid, tol, depth + 1) + adaptive(s, mid, c, tol, depth + 1);
    }

    /** The members in coordinates {@code (y - min mu) / max b}, where D is computed. */
    record Standardized(double[] u, double[] s, double[] lnNorm, double lo, double hi) {
        static Standardized of(double[] mu, double[] b) {
            int nm = mu.length;
            double m0 = Double.POSITIVE_INFINITY;
            double bm = 0;
            for (int k = 0; k < nm; k++) {
                if (!(b[k] > 0)) {
                    throw new IllegalArgumentException("member " + k + " has Laplace scale " + b[k]
                            + "; scales must be > 0");
                }
                m0 = Math.min(m0, mu[k]);
                bm = Math.max(bm, b[k]);
            }
            double[] u = new double[nm];
            double[] s = new double[nm];
            double[] ln = new double[nm];
            double umax = 0;
            for (int k = 0; k < nm; k++) {
                u[k] = (mu[k] - m0) / bm;
                s[k] = b[k] / bm;
                ln[k] = -Math.log(2 * s[k]);
                umax = Math.max(umax, u[k]);
            }
            return new Standardized(u, s, ln, -TAIL, umax + TAIL);
        }
    }

    /**
     * A sample of the mixture for one pixel: member {@code floor(u1 M)}, then its Laplace at {@code u2}.
     *
     * @param seed   the user's seed
     * @param key    the pixel's key (its flat index in the whole image, channels and time points included)
     * @param sample which sample (0, 1, ...)
     */
    public static double sample(double[] mu, double[] b, long seed, long key, int sample) {
        long counter = (key * 256 + sample) * 2;
        double u1 = uniform(hash(seed, counter));
        double u2 = uniform(hash(seed, counter + 1));
        // the member index from the float32 product, as the kernel computes it (exact for u1 of 24 bits)
        int m = Math.min(mu.length - 1, (int) (float) (u1 * mu.length));
        double u = u2 - 0.5;
        double bm = b == null ? 0 : b[m];
        return mu[m] - bm * Math.signum(u) * Math.log1p(-2 * Math.abs(u));
    }

    /** The counter-based hash of the samples: splitmix64's finalizer of {@code seed ^ mix(counter)}. */
    public static long hash(long seed, long counter) {
        return mix(seed ^ mix(counter + 0x9E3779B97F4A7C15L));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The top 24 bits of a hash as a uniform number in (0, 1), both ends excluded, exact in float32. */
    public static double uniform(long h) {
        return ((h >>> 40) + 0.5) * 0x1.0p-24;
    }
}
