package org.jcare.kernels.elementwise;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Tensor;

/** Elementwise sum and scaling as autograd ops. */
public final class Elementwise {
    private Elementwise() {
    }

    /**
     * {@code a + b} for two tensors of the same shape. The backward hands the incoming gradient itself to both
     * inputs (no copy, no launch); the tape accounts for the sharing (and for {@code add(x, x)}).
     */
    public static Tensor add(Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException("Elementwise.add: shapes " + a.shape() + " and " + b.shape() + " differ");
        }
        Engine e = a.engine();
        Tensor y = e.empty(a.shape());
        ElementwiseKernels.on(e).addForward(y, a, b);
        e.tape().record("add", "", new Tensor[] {a, b}, new Tensor[] {y}, (node, g) -> new Tensor[] {
                node.needsGrad(0) ? g[0] : null, node.needsGrad(1) ? g[0] : null});
        return y;
    }

    /** {@code s * x}; the backward is {@code s * dy}. */
    public static Tensor scale(Tensor x, float s) {
        Engine e = x.engine();
        ElementwiseKernels k = ElementwiseKernels.on(e);
        Tensor y = e.empty(x.shape());
        k.scaleForward(y, x, s);
        e.tape().record("scale", "s=" + s, new Tensor[] {x}, new Tensor[] {y}, (node, g) -> {
            Tensor dx = e.empty(x.shape());
            k.scaleForward(dx, g[0], s);
            return new Tensor[] {dx};
        });
        return y;
    }
}
