package org.jcare.kernels.concat;

import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.common.DoubleTensor;

/** Float64 reference of {@code concat.cl}: the specification the kernels are tested against. */
public final class ConcatRef {
    private ConcatRef() {
    }

    /** y[n][c][s] = a[n][c][s] for c < Ca, b[n][c - Ca][s] otherwise. */
    public static DoubleTensor channels(DoubleTensor a, DoubleTensor b) {
        Shape sa = a.shape();
        int n = sa.dimInt(0);
        int ca = sa.dimInt(1);
        int cb = b.shape().dimInt(1);
        int s = Math.toIntExact(sa.with(0, 1).with(1, 1).numel());
        double[] y = new double[n * (ca + cb) * s];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a.data(), i * ca * s, y, i * (ca + cb) * s, ca * s);
            System.arraycopy(b.data(), i * cb * s, y, (i * (ca + cb) + ca) * s, cb * s);
        }
        return new DoubleTensor(sa.with(1, (long) ca + cb), y);
    }

    /** The channels [c0, c0 + count) of {@code dy}: the gradient of one concatenated input. */
    public static DoubleTensor slice(DoubleTensor dy, int c0, int count) {
        Shape s = dy.shape();
        int n = s.dimInt(0);
        int c = s.dimInt(1);
        int sp = Math.toIntExact(s.with(0, 1).with(1, 1).numel());
        double[] out = new double[n * count * sp];
        for (int i = 0; i < n; i++) {
            System.arraycopy(dy.data(), (i * c + c0) * sp, out, i * count * sp, count * sp);
        }
        return new DoubleTensor(s.with(1, count), out);
    }
}
