package org.jcare.kernels.loss;

import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.common.DoubleTensor;

/**
 * Float64 reference of {@code loss.cl}: the specification the kernels are tested against. pred is [N][Cp][S]
 * with Cp = n or 2n (mean mu in channels [0, n), scale sigma in [n, 2n)), target [N][n][S]; every loss is the
 * mean of its term over the N*n*S target elements.
 */
public final class LossRef {
    private LossRef() {
    }

    /** mean |mu - y|. */
    public static DoubleTensor mae(DoubleTensor pred, DoubleTensor target) {
        return mean(pred, target, (mu, sigma, y) -> Math.abs(mu - y));
    }

    /** mean (mu - y)^2. */
    public static DoubleTensor mse(DoubleTensor pred, DoubleTensor target) {
        return mean(pred, target, (mu, sigma, y) -> (mu - y) * (mu - y));
    }

    /** mean |mu - y| / sigma + log(sigma) + log(2). */
    public static DoubleTensor laplace(DoubleTensor pred, DoubleTensor target) {
        return mean(pred, target, (mu, sigma, y) -> Math.abs(mu - y) / sigma + Math.log(sigma) + Math.log(2));
    }

    /** d mae / d pred times g: g sign(mu - y) / M on the mean channels, 0 on the scale channels. */
    public static DoubleTensor maeBackward(DoubleTensor pred, DoubleTensor target, double g) {
        return gradient(pred, target, g, (mu, sigma, y) -> new double[] {Math.signum(mu - y), 0});
    }

    /** d mse / d pred times g: g 2 (mu - y) / M on the mean channels, 0 on the scale channels. */
    public static DoubleTensor mseBackward(DoubleTensor pred, DoubleTensor target, double g) {
        return gradient(pred, target, g, (mu, sigma, y) -> new double[] {2 * (mu - y), 0});
    }

    /** d laplace / d pred times g: g sign(mu - y) / sigma / M and g (1 / sigma - |mu - y| / sigma^2) / M. */
    public static DoubleTensor laplaceBackward(DoubleTensor pred, DoubleTensor target, double g) {
        return gradient(pred, target, g, (mu, sigma, y) -> new double[] {Math.signum(mu - y) / sigma,
                1 / sigma - Math.abs(mu - y) / (sigma * sigma)});
    }

    private interface Term {
        double at(double mu, double sigma, double y);
    }

    private interface Partials {
        /** {d/dmu, d/dsigma} of the term. */
        double[] at(double mu, double sigma, double y);
    }

    private static DoubleTensor mean(DoubleTensor pred, DoubleTensor target, Term term) {
        int[] v = view(pred, target);
        double sum = 0;
        for (int b = 0; b < v[0]; b++) {
            for (int c = 0; c < v[1]; c++) {
                for (int s = 0; s < v[3]; s++) {
                    double mu = pred.data()[(b * v[2] + c) * v[3] + s];
                    double sigma = v[2] == 2 * v[1] ? pred.data()[(b * v[2] + v[1] + c) * v[3] + s] : Double.NaN;
                    sum += term.at(mu, sigma, target.data()[(b * v[1] + c) * v[3] + s]);
                }
            }
        }
        return new DoubleTensor(Shape.of(1), new double[] {sum / target.size()});
    }

    private static DoubleTensor gradient(DoubleTensor pred, DoubleTensor target, double g, Partials partials) {
        int[] v = view(pred, target);
        double[] d = new double[pred.size()];
        double scale = g / target.size();
        for (int b = 0; b < v[0]; b++) {
            for (int c = 0; c < v[1]; c++) {
                for (int s = 0; s < v[3]; s++) {
                    int mi = (b * v[2] + c) * v[3] + s;
                    int si = (b * v[2] + v[1] + c) * v[3] + s;
                    double sigma = v[2] == 2 * v[1] ? pred.data()[si] : Double.NaN;
                    double[] p = partials.at(pred.data()[mi], sigma, target.data()[(b * v[1] + c) * v[3] + s]);
                    d[mi] = scale * p[0];
                    if (v[2] == 2 * v[1]) {
                        d[si] = scale * p[1];
                    }
                }
            }
        }
        return new DoubleTensor(pred.shape(), d);
    }

    /** {N, n, Cp, S}. */
    private static int[] view(DoubleTensor pred, DoubleTensor target) {
        Shape t = target.shape();
        return new int[] {t.dimInt(0), t.dimInt(1), pred.shape().dimInt(1), Math.toIntExact(t.with(0, 1).with(1, 1).numel())};
    }
}
