package org.jcare.kernels.softmax;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;

/**
 * Softmax along one axis as an autograd op: y = exp(x - max) / sum exp(x - max) over the axis (the max is
 * subtracted for stability and cancels). The backward, from the saved output, is
 * dx = y * (dy - sum over the axis of dy * y).
 */
public final class Softmax {
    private Softmax() {
    }

    /**
     * Softmax of {@code x} along {@code axis}: any axis of a tensor of any rank, negative axes counting from the
     * end (the projection network uses axis 2, the depth of [N, 1, D, H, W]).
     */
    public static Tensor apply(Tensor x, int axis) {
        Shape s = x.shape();
        int a = normalizeAxis("Softmax.apply", s, axis);
        long outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= s.dim(i);
        }
        long inner = 1;
        for (int i = a + 1; i < s.rank(); i++) {
            inner *= s.dim(i);
        }
        int length = s.dimInt(a);
        long in = inner;
        long out = outer;
        Engine e = x.engine();
        SoftmaxKernels k = SoftmaxKernels.on(e);
        Tensor y = e.empty(s);
        boolean vec8 = SoftmaxKernels.useVec8(e, in);
        if (vec8) {
            k.forwardVec8(y, x, length, in, out);
        } else {
            k.forward(y, x, length, in, out);
        }
        e.tape().record("softmax", "axis=" + a, new Tensor[] {x}, new Tensor[] {y}, (node, g) -> {
            Tensor dx = e.empty(s);
            if (vec8) {
                k.backwardVec8(dx, y, g[0], length, in, out);
            } else {
                k.backward(dx, y, g[0], length, in, out);
            }
            return new Tensor[] {dx};
        });
        return y;
    }

    static int normalizeAxis(String op, Shape s, int axis) {
        int a = axis < 0 ? axis + s.rank() : axis;
        if (a < 0 || a >= s.rank()) {
            throw new IllegalArgumentException(op + ": axis " + axis + " out of range for shape " + s);
        }
        if (s.dim(a) == 0) {
            throw new IllegalArgumentException(op + ": axis " + axis + " of shape " + s + " is empty");
        }
        return a;
    }
}
