package org.jcare.kernels.elementwise;

import org.jcare.kernels.common.DoubleTensor;

/** Float64 reference of {@code elementwise.cl}: the specification the kernels are tested against. */
public final class ElementwiseRef {
    private ElementwiseRef() {
    }

    /** y[i] = a[i] + b[i]; da = db = dy. */
    public static DoubleTensor add(DoubleTensor a, DoubleTensor b) {
        double[] y = new double[a.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = a.data()[i] + b.data()[i];
        }
        return new DoubleTensor(a.shape(), y);
    }

    /** y[i] = s * x[i]; dx = s * dy. */
    public static DoubleTensor scale(DoubleTensor x, double s) {
        double[] y = new double[x.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = s * x.data()[i];
        }
        return new DoubleTensor(x.shape(), y);
    }
}
