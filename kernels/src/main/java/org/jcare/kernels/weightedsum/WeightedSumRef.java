package org.jcare.kernels.weightedsum;

import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.common.DoubleTensor;

/** Float64 reference of {@code weightedsum.cl}: the specification the kernels are tested against. */
public final class WeightedSumRef {
    private WeightedSumRef() {
    }

    /**
     * out[..., ...] = sum over the axis of x * w, where w is x's shape or has 1 channel (then w[n][0][...] multiplies
     * every channel of sample n).
     */
    public static DoubleTensor apply(DoubleTensor x, DoubleTensor w, int axis) {
        Shape out = WeightedSum.plan(x.shape(), w.shape(), axis).out();
        double[] o = new double[Math.toIntExact(out.numel())];
        walk(x.shape(), w.shape(), axis, (xi, wi, oi) -> o[oi] += x.data()[xi] * w.data()[wi]);
        return new DoubleTensor(out, o);
    }

    /** dx = g * w (g broadcast over the summed axis). */
    public static DoubleTensor backwardInput(DoubleTensor x, DoubleTensor w, DoubleTensor g, int axis) {
        double[] dx = new double[x.size()];
        walk(x.shape(), w.shape(), axis, (xi, wi, oi) -> dx[xi] = g.data()[oi] * w.data()[wi]);
        return new DoubleTensor(x.shape(), dx);
    }

    /** dw = g * x, summed over channels when w is broadcast over them. */
    public static DoubleTensor backwardWeights(DoubleTensor x, DoubleTensor w, DoubleTensor g, int axis) {
        double[] dw = new double[w.size()];
        walk(x.shape(), w.shape(), axis, (xi, wi, oi) -> dw[wi] += g.data()[oi] * x.data()[xi]);
        return new DoubleTensor(w.shape(), dw);
    }

    private interface Visit {
        void at(int xIndex, int wIndex, int outIndex);
    }

    /**
     * Visits every element of x with the flat index of its weight (the same coordinates, channel 0 when the
     * weights have one channel) and of its output element (the coordinates without the summed axis).
     */
    private static void walk(Shape xs, Shape ws, int axis, Visit v) {
        int rank = xs.rank();
        int a = axis < 0 ? axis + rank : axis;
        int[] coord = new int[rank];
        for (int xi = 0; xi < xs.numel(); xi++) {
            int r = xi;
            for (int d = rank - 1; d >= 0; d--) {
                coord[d] = r % xs.dimInt(d);
                r /= xs.dimInt(d);
            }
            int wi = 0;
            int oi = 0;
            for (int d = 0; d < rank; d++) {
                wi = wi * ws.dimInt(d) + (ws.dim(d) == 1 ? 0 : coord[d]);
                if (d != a) {
                    oi = oi * xs.dimInt(d) + coord[d];
                }
            }
            v.at(xi, wi, oi);
        }
    }
}
