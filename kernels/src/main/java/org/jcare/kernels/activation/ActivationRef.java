package org.jcare.kernels.activation;

import org.jcare.kernels.common.DoubleTensor;

/** Float64 reference of {@code activation.cl}: the specification the kernels are tested against. */
public final class ActivationRef {
    private ActivationRef() {
    }

    /** y[i] = max(x[i], 0). */
    public static DoubleTensor relu(DoubleTensor x) {
        double[] y = new double[x.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(x.data()[i], 0);
        }
        return new DoubleTensor(x.shape(), y);
    }

    /** dx[i] = dy[i] if y[i] > 0 else 0, with y the forward output. */
    public static DoubleTensor reluBackward(DoubleTensor y, DoubleTensor dy) {
        double[] dx = new double[y.size()];
        for (int i = 0; i < dx.length; i++) {
            dx[i] = y.data()[i] > 0 ? dy.data()[i] : 0;
        }
        return new DoubleTensor(y.shape(), dx);
    }

    /** y[i] = log(1 + exp(x[i])) + offset. */
    public static DoubleTensor softplus(DoubleTensor x, double offset) {
        double[] y = new double[x.size()];
        for (int i = 0; i < y.length; i++) {
            double v = x.data()[i];
            y[i] = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))) + offset;
        }
        return new DoubleTensor(x.shape(), y);
    }

    /** dx[i] = dy[i] / (1 + exp(-x[i])). */
    public static DoubleTensor softplusBackward(DoubleTensor x, DoubleTensor dy) {
        double[] dx = new double[x.size()];
        for (int i = 0; i < dx.length; i++) {
            dx[i] = dy.data()[i] / (1 + Math.exp(-x.data()[i]));
        }
        return new DoubleTensor(x.shape(), dx);
    }
}
