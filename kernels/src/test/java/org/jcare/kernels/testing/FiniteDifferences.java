package org.jcare.kernels.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Locale;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.jcare.kernels.common.DoubleTensor;

/**
 * Checks a float64 reference backward against central finite differences of the reference forward:
 * for L(x) = sum(f(x) * dy), dL/dx_i ~ (L(x + h e_i) - L(x - h e_i)) / 2h. Only ever applied to references,
 * never to the float32 device path.
 */
public final class FiniteDifferences {
    private FiniteDifferences() {
    }

    /**
     * Compares {@code analyticDx} with the numerical gradient at up to {@code maxChecks} indices (all when the
     * tensor is smaller), failing with the worst index.
     */
    public static void check(String what, UnaryOperator<DoubleTensor> f, DoubleTensor x, DoubleTensor dy,
                             DoubleTensor analyticDx, int maxChecks, double tolerance) {
        int n = x.size();
        int[] indices = pick(n, maxChecks, 12345);
        double worst = 0;
        int worstAt = -1;
        double worstNum = 0;
        for (int i : indices) {
            double h = 1e-6 * Math.max(1, Math.abs(x.data()[i]));
            double[] plus = x.data().clone();
            double[] minus = x.data().clone();
            plus[i] += h;
            minus[i] -= h;
            double lp = f.apply(new DoubleTensor(x.shape(), plus)).dot(dy);
            double lm = f.apply(new DoubleTensor(x.shape(), minus)).dot(dy);
            double numeric = (lp - lm) / (2 * h);
            double err = Math.abs(numeric - analyticDx.data()[i]) / (1 + Math.abs(numeric));
            if (err > worst) {
                worst = err;
                worstAt = i;
                worstNum = numeric;
            }
        }
        if (worst > tolerance) {
            fail(String.format(Locale.ROOT, "%s: analytic gradient differs from finite differences by %.3e (relative) at"
                    + " index %d: analytic %.10g, numeric %.10g", what, worst, worstAt, analyticDx.data()[worstAt], worstNum));
        }
    }

    /** Parameter gradients: like {@link #check} but perturbing a second argument {@code w} of {@code f}. */
    public static void checkParameter(String what, UnaryOperator<DoubleTensor> fOfW, DoubleTensor w, DoubleTensor dy,
                                      DoubleTensor analyticDw, int maxChecks, double tolerance) {
        check(what, fOfW, w, dy, analyticDw, maxChecks, tolerance);
    }

    private static int[] pick(int n, int max, long seed) {
        if (n <= max) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        Random r = new Random(seed);
        int[] some = new int[max];
        for (int i = 0; i < max; i++) {
            some[i] = r.nextInt(n);
        }
        return some;
    }
}
