package org.jcare.kernels.reduce;

import java.util.Arrays;
import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.common.DoubleTensor;

/** Float64 reference of {@code reduce.cl}: the specification the kernels are tested against. */
public final class ReduceRef {
    private ReduceRef() {
    }

    /** [sum of all x] / n, shape [1]. */
    public static DoubleTensor mean(DoubleTensor x) {
        return new DoubleTensor(Shape.of(1), new double[] {sum(x).data()[0] / x.size()});
    }

    /** [sum of all x], shape [1] (Neumaier-compensated, so the reference itself is exact to float64 rounding). */
    public static DoubleTensor sum(DoubleTensor x) {
        double s = 0;
        double c = 0;
        for (double v : x.data()) {
            double t = s + v;
            c += Math.abs(s) >= Math.abs(v) ? (s - t) + v : (v - t) + s;
            s = t;
        }
        return new DoubleTensor(Shape.of(1), new double[] {s + c});
    }

    /** dx[i] = g * scale for every element of a tensor of {@code shape} (scale 1/n for the mean, 1 for the sum). */
    public static DoubleTensor broadcastBackward(Shape shape, double g, double scale) {
        double[] dx = new double[Math.toIntExact(shape.numel())];
        Arrays.fill(dx, g * scale);
        return new DoubleTensor(shape, dx);
    }
}
