package org.jcare.optics.deconv;

/**
 * Total-variation regularization of Richardson-Lucy (Dey et al. 2006), the one definition of it in jcare: the host
 * iteration ({@link RichardsonLucy}) calls it, and the device kernel {@code update_tv} of the {@code deconv} op family
 * is tested against it ({@code DeconvKernelsTest}). The curvature term div(grad u / |grad u|) on a 3D grid (z, y, x;
 * nz = 1 for 2D): the gradient by forward differences (0 across the last voxel of an axis), |grad u| =
 * sqrt(|g|^2 + eps^2), and the divergence by backward differences (the normalized gradient taken as 0 before the
 * first voxel); the update u * c / max(minDenominator, 1 - lambda div).
 */
public final class TotalVariation {
    private TotalVariation() {
    }

    /** The regularized update of one voxel: {@code u * c / max(minDenominator, 1 - lambda * div)}. */
    public static double update(double u, double c, double div, double lambda, double minDenominator) {
        return u * c / Math.max(minDenominator, 1 - lambda * div);
    }

    /** div(grad u / |grad u|) at every voxel of a float32 image. */
    public static double[] divergence(float[] u, int nz, int ny, int nx, double eps) {
        return divergence(i -> u[i], nz, ny, nx, eps);
    }

    /** div(grad u / |grad u|) at every voxel of a float64 image. */
    public static double[] divergence(double[] u, int nz, int ny, int nx, double eps) {
        return divergence(i -> u[i], nz, ny, nx, eps);
    }

    private static double[] divergence(java.util.function.IntToDoubleFunction u, int nz, int ny, int nx, double eps) {
        int n = nz * ny * nx;
        double[] gz = new double[n];
        double[] gy = new double[n];
        double[] gx = new double[n];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int i = (z * ny + y) * nx + x;
                    double ui = u.applyAsDouble(i);
                    double dz = z + 1 < nz ? u.applyAsDouble(i + ny * nx) - ui : 0;
                    double dy = y + 1 < ny ? u.applyAsDouble(i + nx) - ui : 0;
                    double dx = x + 1 < nx ? u.applyAsDouble(i + 1) - ui : 0;
                    double norm = Math.sqrt(dz * dz + dy * dy + dx * dx + eps * eps);
                    gz[i] = dz / norm;
                    gy[i] = dy / norm;
                    gx[i] = dx / norm;
                }
            }
        }
        double[] div = new double[n];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int i = (z * ny + y) * nx + x;
                    div[i] = gz[i] - (z > 0 ? gz[i - ny * nx] : 0) + gy[i] - (y > 0 ? gy[i - nx] : 0)
                            + gx[i] - (x > 0 ? gx[i - 1] : 0);
                }
            }
        }
        return div;
    }
}
