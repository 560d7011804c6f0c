package org.jcare.kernels.loss;

import java.util.Locale;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.reduce.ReduceKernels;

/**
 * CARE's training losses (CSBDeep {@code losses.py}) as autograd ops, each a 1-element tensor of shape [1]: the
 * mean over all target elements (CSBDeep takes the mean over channels, then Keras over pixels and batch: a plain
 * mean). With n target channels, pred has n channels (the mean mu) or 2n (mu, then the scale sigma of the
 * probabilistic head):
 * <ul>
 *   <li>mae: |mu - y|</li>
 *   <li>mse: (mu - y)^2</li>
 *   <li>laplace (pred 2n channels): |mu - y| / sigma + log(sigma) + log(2), the negative log-likelihood of a
 *       Laplace distribution</li>
 * </ul>
 * The forward is one pass writing per-work-group partial sums plus a one-group final sum; the backward is one
 * pass that reads the incoming gradient on the device and writes all of dpred (zero on the sigma channels for
 * mae and mse). Deterministic. No gradient flows to the target.
 */
public final class Loss {
    private enum Kind { MAE, MSE, LAPLACE }

    private Loss() {
    }

    /** Mean absolute error of the mean channels: mean(|mu - y|). */
    public static Tensor mae(Tensor pred, Tensor target) {
        return loss(Kind.MAE, pred, target);
    }

    /** Mean squared error of the mean channels: mean((mu - y)^2). */
    public static Tensor mse(Tensor pred, Tensor target) {
        return loss(Kind.MSE, pred, target);
    }

    /** Laplace negative log-likelihood: mean(|mu - y| / sigma + log(sigma) + log(2)); pred has 2n channels, sigma > 0. */
    public static Tensor laplace(Tensor pred, Tensor target) {
        return loss(Kind.LAPLACE, pred, target);
    }

    private static Tensor loss(Kind kind, Tensor pred, Tensor target) {
        String op = "Loss." + kind.name().toLowerCase(Locale.ROOT);
        Shape ps = pred.shape();
        Shape ts = target.shape();
        if (ts.rank() < 2 || ps.rank() != ts.rank() || !ps.with(1, 0).equals(ts.with(1, 0))) {
            throw new IllegalArgumentException(op + ": pred " + ps + " and target " + ts
                    + " must agree on every axis except channels (axis 1)");
        }
        int n = ts.dimInt(1);
        int cp = ps.dimInt(1);
        boolean ok = kind == Kind.LAPLACE ? cp == 2 * n : cp == n || cp == 2 * n;
        if (!ok || n == 0) {
            throw new IllegalArgumentException(op + ": pred " + ps + " must have " + (kind == Kind.LAPLACE ? "" : n + " or ")
                    + 2 * n + " channels (mean" + (kind == Kind.LAPLACE ? " and scale" : "[, scale]") + ") for target " + ts);
        }
        int batch = ts.dimInt(0);
        long s = ts.with(0, 1).with(1, 1).numel();
        long count = ts.numel();
        float scale = (float) (1.0 / count);
        Engine e = pred.engine();
        LossKernels k = LossKernels.on(e);
        ReduceKernels r = ReduceKernels.on(e);
        Tensor out = e.empty(Shape.of(1));
        long partialCount = LossKernels.partialCount(s, n, batch);
        try (Tensor partials = e.empty(Shape.of(partialCount))) {
            boolean vec8 = ReduceKernels.useVec8(e);
            switch (kind) {
                case MAE -> {
                    if (vec8) {
                        k.maeForwardVec8(partials, pred, target, s, n, cp, batch);
                    } else {
                        k.maeForward(partials, pred, target, s, n, cp, batch);
                    }
                }
                case MSE -> {
                    if (vec8) {
                        k.mseForwardVec8(partials, pred, target, s, n, cp, batch);
                    } else {
                        k.mseForward(partials, pred, target, s, n, cp, batch);
                    }
                }
                case LAPLACE -> {
                    if (vec8) {
                        k.laplaceForwardVec8(partials, pred, target, s, n, cp, batch);
                    } else {
                        k.laplaceForward(partials, pred, target, s, n, cp, batch);
                    }
                }
            }
            r.finish(out, partials, partialCount, scale);
        }
        e.tape().record(kind.name().toLowerCase(Locale.ROOT), "mean of " + count, new Tensor[] {pred, target},
                new Tensor[] {out}, (node, g) -> {
                    if (!node.needsGrad(0)) {
                        return new Tensor[] {null, null};
                    }
                    Tensor dpred = e.empty(ps);
                    switch (kind) {
                        case MAE -> k.maeBackward(dpred, pred, target, g[0], s, n, cp, batch, scale);
                        case MSE -> k.mseBackward(dpred, pred, target, g[0], s, n, cp, batch, scale);
                        case LAPLACE -> k.laplaceBackward(dpred, pred, target, g[0], s, n, cp, batch, scale);
                    }
                    return new Tensor[] {dpred, null};
                });
        return out;
    }
}
