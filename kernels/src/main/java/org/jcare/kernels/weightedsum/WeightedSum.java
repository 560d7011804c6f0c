package org.jcare.kernels.weightedsum;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;

/**
 * The sum over one axis of {@code x * weights} as an autograd op: the last step of CARE's projection network
 * (input stack times the softmax over Z, summed over Z). Gradients flow to both x and the weights; a weight
 * broadcast over channels gets the sum over channels, in a fixed order (deterministic).
 */
public final class WeightedSum {
    private WeightedSum() {
    }

    /** How a weighted sum views its tensors: [planes][middle][length][inner], weights with {@code cw} channels. */
    record Plan(int axis, long planes, long middle, int length, long inner, int c, int cw, Shape out) {
        long weightPlanes() {
            return cw == c ? planes : planes / c;
        }
    }

    /**
     * {@code sum over axis of x * weights}. {@code weights} has x's shape, except that its channel axis (1) may be
     * 1 (broadcast over channels; then the summed axis must be a spatial one, 2 or later). The result drops
     * {@code axis}: x [N, C, D, H, W], weights [N, 1, D, H, W], axis 2 give [N, C, H, W]. Negative axes count
     * from the end.
     */
    public static Tensor apply(Tensor x, Tensor weights, int axis) {
        Plan plan = plan(x.shape(), weights.shape(), axis);
        Engine e = x.engine();
        WeightedSumKernels k = WeightedSumKernels.on(e);
        Tensor out = e.empty(plan.out());
        boolean vec8 = WeightedSumKernels.useVec8(e, plan.inner());
        int l = plan.length();
        long in = plan.inner();
        long mid = plan.middle();
        int c = plan.c();
        int cw = plan.cw();
        if (vec8) {
            k.forwardVec8(out, x, weights, l, in, mid, c, cw, plan.planes());
        } else {
            k.forward(out, x, weights, l, in, mid, c, cw, plan.planes());
        }
        e.tape().record("weightedsum", "axis=" + plan.axis() + (cw != c ? ", weights broadcast over channels" : ""),
                new Tensor[] {x, weights}, new Tensor[] {out}, (node, g) -> {
                    Tensor dx = null;
                    Tensor dw = null;
                    if (node.needsGrad(0)) {
                        dx = e.empty(x.shape());
                        if (vec8) {
                            k.backwardInputVec8(dx, g[0], weights, l, in, mid, c, cw, plan.planes());
                        } else {
                            k.backwardInput(dx, g[0], weights, l, in, mid, c, cw, plan.planes());
                        }
                    }
                    if (node.needsGrad(1)) {
                        dw = e.empty(weights.shape());
                        if (vec8) {
                            k.backwardWeightsVec8(dw, g[0], x, l, in, mid, c, cw, plan.weightPlanes());
                        } else {
                            k.backwardWeights(dw, g[0], x, l, in, mid, c, cw, plan.weightPlanes());
                        }
                    }
                    return new Tensor[] {dx, dw};
                });
        return out;
    }

    /** Validates the shapes and derives the view; errors name both shapes. */
    static Plan plan(Shape xs, Shape ws, int axis) {
        String both = " (x " + xs + ", weights " + ws + ", axis " + axis + ")";
        if (xs.rank() < 2) {
            throw new IllegalArgumentException("WeightedSum.apply: x needs at least the axes N and C" + both);
        }
        int a = axis < 0 ? axis + xs.rank() : axis;
        if (a < 0 || a >= xs.rank()) {
            throw new IllegalArgumentException("WeightedSum.apply: axis out of range" + both);
        }
        boolean broadcast = !ws.equals(xs);
        if (broadcast && (ws.rank() != xs.rank() || ws.dim(1) != 1 || !ws.with(1, xs.dim(1)).equals(xs))) {
            throw new IllegalArgumentException("WeightedSum.apply: weights must have x's shape, or 1 channel" + both);
        }
        if (broadcast && a < 2) {
            throw new IllegalArgumentException("WeightedSum.apply: weights broadcast over channels need a spatial axis (>= 2)"
                    + both);
        }
        int c = xs.dimInt(1);
        long inner = 1;
        for (int i = a + 1; i < xs.rank(); i++) {
            inner *= xs.dim(i);
        }
        long planes;
        long middle = 1;
        if (a >= 2) {
            planes = xs.dim(0) * c;
            for (int i = 2; i < a; i++) {
                middle *= xs.dim(i);
            }
        } else {
            planes = a == 1 ? xs.dim(0) : 1;
        }
        long[] outDims = new long[xs.rank() - 1];
        for (int i = 0, j = 0; i < xs.rank(); i++) {
            if (i != a) {
                outDims[j++] = xs.dim(i);
            }
        }
        return new Plan(a, planes, middle, xs.dimInt(a), inner, c, broadcast ? 1 : c, Shape.of(outDims));
    }
}
