package org.jcare.kernels.softmax;

import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.common.DoubleTensor;

/** Float64 reference of {@code softmax.cl}: the specification the kernels are tested against. */
public final class SoftmaxRef {
    private SoftmaxRef() {
    }

    /** y = exp(x - m) / sum exp(x - m) along {@code axis}, m the max along the axis. */
    public static DoubleTensor apply(DoubleTensor x, int axis) {
        Shape s = x.shape();
        int a = Softmax.normalizeAxis("SoftmaxRef.apply", s, axis);
        int[] olI = view(s, a);
        double[] y = new double[x.size()];
        for (int o = 0; o < olI[0]; o++) {
            for (int i = 0; i < olI[2]; i++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int l = 0; l < olI[1]; l++) {
                    m = Math.max(m, x.data()[(o * olI[1] + l) * olI[2] + i]);
                }
                double sum = 0;
                for (int l = 0; l < olI[1]; l++) {
                    sum += Math.exp(x.data()[(o * olI[1] + l) * olI[2] + i] - m);
                }
                for (int l = 0; l < olI[1]; l++) {
                    int k = (o * olI[1] + l) * olI[2] + i;
                    y[k] = Math.exp(x.data()[k] - m) / sum;
                }
            }
        }
        return new DoubleTensor(s, y);
    }

    /** dx = y * (dy - sum over the axis of dy * y), with y the forward output. */
    public static DoubleTensor backward(DoubleTensor y, DoubleTensor dy, int axis) {
        Shape s = y.shape();
        int a = Softmax.normalizeAxis("SoftmaxRef.backward", s, axis);
        int[] olI = view(s, a);
        double[] dx = new double[y.size()];
        for (int o = 0; o < olI[0]; o++) {
            for (int i = 0; i < olI[2]; i++) {
                double dot = 0;
                for (int l = 0; l < olI[1]; l++) {
                    int k = (o * olI[1] + l) * olI[2] + i;
                    dot += dy.data()[k] * y.data()[k];
                }
                for (int l = 0; l < olI[1]; l++) {
                    int k = (o * olI[1] + l) * olI[2] + i;
                    dx[k] = y.data()[k] * (dy.data()[k] - dot);
                }
            }
        }
        return new DoubleTensor(s, dx);
    }

    /** {outer, length, inner} of the [outer][length][inner] view around axis {@code a}. */
    private static int[] view(Shape s, int a) {
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= s.dimInt(i);
        }
        int inner = 1;
        for (int i = a + 1; i < s.rank(); i++) {
            inner *= s.dimInt(i);
        }
        return new int[] {outer, s.dimInt(a), inner};
    }
}
