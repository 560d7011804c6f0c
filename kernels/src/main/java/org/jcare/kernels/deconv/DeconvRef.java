package org.jcare.kernels.deconv;

import org.jcare.kernels.common.DoubleTensor;

/**
 * The float64 reference of {@code deconv.cl}: the spec of the pointwise Richardson-Lucy steps. Volumes are
 * D x H x W, x fastest (2D: D = 1). The total-variation step ({@code update_tv}) has its one definition in the optics
 * module, {@code org.jcare.optics.deconv.TotalVariation}, which the host Richardson-Lucy runs and the kernel test
 * checks the device against.
 */
public final class DeconvRef {
    private DeconvRef() {
    }

    /** r = d / max(b, eps). */
    public static DoubleTensor ratio(DoubleTensor d, DoubleTensor b, double eps) {
        double[] r = new double[d.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = d.data()[i] / Math.max(b.data()[i], eps);
        }
        return new DoubleTensor(d.shape(), r);
    }

    /** u1 = u * c. */
    public static DoubleTensor update(DoubleTensor u, DoubleTensor c) {
        double[] r = new double[u.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = u.data()[i] * c.data()[i];
        }
        return new DoubleTensor(u.shape(), r);
    }
}
