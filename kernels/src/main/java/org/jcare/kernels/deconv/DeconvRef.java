package org.jcare.kernels.deconv;

import org.jcare.kernels.common.DoubleTensor;

/**
 * The float64 reference of {@code deconv.cl}: the spec of the pointwise Richardson-Lucy steps. Volumes are
 * D x H x W, x fastest (2D: D = 1).
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

    /**
     * u1 = u * c / max(minDenom, 1 - lambda * div(n)), n = grad u / sqrt(|grad u|^2 + eps^2): grad by forward
     * differences (0 across the last voxel of an axis), div by backward differences (n = 0 before the first voxel).
     */
    public static DoubleTensor updateTv(DoubleTensor u, DoubleTensor c, int d, int h, int w, double lambda, double eps,
            double minDenom) {
        double[] v = u.data();
        int n = d * h * w;
        double[][] g = new double[3][n];
        for (int z = 0; z < d; z++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = (z * h + y) * w + x;
                    double gz = z + 1 < d ? v[i + h * w] - v[i] : 0;
                    double gy = y + 1 < h ? v[i + w] - v[i] : 0;
                    double gx = x + 1 < w ? v[i + 1] - v[i] : 0;
                    double norm = Math.sqrt(gz * gz + gy * gy + gx * gx + eps * eps);
                    g[0][i] = gz / norm;
                    g[1][i] = gy / norm;
                    g[2][i] = gx / norm;
                }
            }
        }
        double[] r = new double[n];
        for (int z = 0; z < d; z++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = (z * h + y) * w + x;
                    double div = g[0][i] - (z > 0 ? g[0][i - h * w] : 0) + g[1][i] - (y > 0 ? g[1][i - w] : 0)
                            + g[2][i] - (x > 0 ? g[2][i - 1] : 0);
                    r[i] = v[i] * c.data()[i] / Math.max(minDenom, 1 - lambda * div);
                }
            }
        }
        return new DoubleTensor(u.shape(), r);
    }
}
