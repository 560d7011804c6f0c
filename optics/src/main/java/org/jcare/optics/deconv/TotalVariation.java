package org.jcare.optics.deconv;

/**
 * The curvature term of total-variation regularization, div(grad u / |grad u|), on a 3D grid (z, y, x; nz = 1 for
 * 2D): the gradient by forward differences (0 across the last voxel of an axis), |grad u| = sqrt(|g|^2 + eps^2), and
 * the divergence by backward differences (the normalized gradient taken as 0 before the first voxel).
 */
public final class TotalVariation {
    private TotalVariation() {
    }

    /** div(grad u / |grad u|) at every voxel. */
    public static double[] divergence(float[] u, int nz, int ny, int nx, double eps) {
        int n = nz * ny * nx;
        double[] gz = new double[n];
        double[] gy = new double[n];
        double[] gx = new double[n];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int i = (z * ny + y) * nx + x;
                    double dz = z + 1 < nz ? u[i + ny * nx] - (double) u[i] : 0;
                    double dy = y + 1 < ny ? u[i + nx] - (double) u[i] : 0;
                    double dx = x + 1 < nx ? u[i + 1] - (double) u[i] : 0;
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
