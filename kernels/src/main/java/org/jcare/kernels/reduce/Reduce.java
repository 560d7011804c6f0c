package org.jcare.kernels.reduce;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;

/**
 * Whole-tensor sums and means as autograd ops, computed by a deterministic two-stage reduction (per-work-group
 * pairwise partial sums, then one work-group with compensated (Neumaier) and pairwise sums; see {@code reduce.cl}
 * for the error bound). The same input on the same device always gives the same bits.
 */
public final class Reduce {
    private Reduce() {
    }

    /** The mean of all elements of {@code x}, as a 1-element tensor of shape [1]; the backward is dy / n everywhere. */
    public static Tensor mean(Tensor x) {
        return reduce("mean", x, 1.0 / x.numel());
    }

    /** The sum of all elements of {@code x}, as a 1-element tensor of shape [1]; the backward is dy everywhere. */
    public static Tensor sum(Tensor x) {
        return reduce("sum", x, 1.0);
    }

    private static Tensor reduce(String op, Tensor x, double scale) {
        long n = x.numel();
        if (n == 0) {
            throw new IllegalArgumentException("Reduce." + op + ": empty tensor " + x.shape());
        }
        Engine e = x.engine();
        ReduceKernels k = ReduceKernels.on(e);
        long count = ReduceKernels.partialCount(n);
        Tensor out = e.empty(Shape.of(1));
        try (Tensor partials = e.empty(Shape.of(count))) {
            if (ReduceKernels.useVec8(e)) {
                k.partialsVec8(partials, x, n);
            } else {
                k.partials(partials, x, n);
            }
            k.finish(out, partials, count, (float) scale);
        }
        e.tape().record(op, "", new Tensor[] {x}, new Tensor[] {out}, (node, g) -> {
            Tensor dx = e.empty(x.shape());
            k.broadcastBackward(dx, g[0], n, (float) scale);
            return new Tensor[] {dx};
        });
        return out;
    }
}
