package org.jcare.optics.synth;

/**
 * The working canvas of one synthetic pair: the patch plus a margin on every side (at least the PSF's half-size, so
 * that the periodic FFT convolution on the canvas equals the linear convolution inside the patch), rounded up to a
 * fast FFT size. Structures are drawn on the whole canvas so that they enter the patch from outside as they would in
 * a larger field. Coordinates are in canvas voxels (z, y, x).
 *
 * <p>The target may lie on a finer lateral grid than the patch (upsampling factor F): {@code ty x tx} samples placed
 * where a linear zoom of the patch by F puts them ({@link org.jcare.optics.resample.ScipyZoom#step}), {@code stepY} and {@code stepX}
 * patch pixels apart. Target values are densities per patch pixel whatever the grid, so input and target keep one
 * unit.
 */
final class Canvas {
    final int nz;
    final int ny;
    final int nx;
    final int oz;
    final int oy;
    final int ox;
    final int pz;
    final int py;
    final int px;
    final int ty;
    final int tx;
    final double stepY;
    final double stepX;

    /** A canvas for a patch of (pz, py, px) with at least (mz, my, mx) voxels of margin, targets on the patch grid. */
    Canvas(int pz, int py, int px, int mz, int my, int mx) {
        this(pz, py, px, mz, my, mx, 1);
    }

    /**
     * A canvas for a patch of (pz, py, px) with at least (mz, my, mx) voxels of margin, targets on a lateral grid
     * {@code upsample} times finer.
     */
    Canvas(int pz, int py, int px, int mz, int my, int mx, int upsample) {
        this.pz = pz;
        this.py = py;
        this.px = px;
        this.ty = py * upsample;
        this.tx = px * upsample;
        this.stepY = org.jcare.optics.resample.ScipyZoom.step(py, ty);
        this.stepX = org.jcare.optics.resample.ScipyZoom.step(px, tx);
        this.nz = pz == 1 ? 1 : org.jcare.optics.fft.ComplexFft.goodSize(pz + 2 * mz);
        this.ny = org.jcare.optics.fft.ComplexFft.goodSize(py + 2 * my);
        this.nx = org.jcare.optics.fft.ComplexFft.goodSize(px + 2 * mx);
        this.oz = (nz - pz) / 2;
        this.oy = (ny - py) / 2;
        this.ox = (nx - px) / 2;
    }

    int size() {
        return nz * ny * nx;
    }

    int patchSize() {
        return pz * py * px;
    }

    int targetSize() {
        return pz * ty * tx;
    }

    /** The canvas y coordinate of target row {@code j}. */
    double targetY(int j) {
        return oy + j * stepY;
    }

    /** The canvas x coordinate of target column {@code i}. */
    double targetX(int i) {
        return ox + i * stepX;
    }

    boolean is3d() {
        return nz > 1;
    }

    /**
     * Adds {@code mass} at the continuous position (z, y, x) by linear interpolation weights onto the 2^d nearest
     * voxels (cloud-in-cell); points whose voxels fall outside the canvas lose those parts.
     */
    void deposit(float[] density, double z, double y, double x, double mass) {
        int y0 = (int) Math.floor(y);
        int x0 = (int) Math.floor(x);
        double fy = y - y0;
        double fx = x - x0;
        if (nz == 1) {
            add2(density, 0, y0, x0, mass * (1 - fy) * (1 - fx));
            add2(density, 0, y0, x0 + 1, mass * (1 - fy) * fx);
            add2(density, 0, y0 + 1, x0, mass * fy * (1 - fx));
            add2(density, 0, y0 + 1, x0 + 1, mass * fy * fx);
            return;
        }
        int z0 = (int) Math.floor(z);
        double fz = z - z0;
        for (int dz = 0; dz < 2; dz++) {
            double wz = dz == 0 ? 1 - fz : fz;
            add2(density, z0 + dz, y0, x0, mass * wz * (1 - fy) * (1 - fx));
            add2(density, z0 + dz, y0, x0 + 1, mass * wz * (1 - fy) * fx);
            add2(density, z0 + dz, y0 + 1, x0, mass * wz * fy * (1 - fx));
            add2(density, z0 + dz, y0 + 1, x0 + 1, mass * wz * fy * fx);
        }
    }

    private void add2(float[] d, int z, int y, int x, double m) {
        if (z >= 0 && z < nz && y >= 0 && y < ny && x >= 0 && x < nx) {
            d[(z * ny + y) * nx + x] += (float) m;
        }
    }

    /**
     * Adds {@code mass} at the continuous canvas position (z, y, x), spread as a Gaussian of standard deviation
     * {@code sy} pixels laterally and {@code sz} voxels axially and point-sampled at the target's sample positions
     * ({@code target}, target-sized), as a density per patch pixel: the exact rendering of a point seen through a
     * Gaussian. Points further than 4 sigma from the target add nothing.
     */
    void splat(float[] target, double z, double y, double x, double mass, double sy, double sz) {
        // in target sample units: position, sigma; a density per sample unit is 1/step times one per pixel
        double pyy = (y - oy) / stepY;
        double pxx = (x - ox) / stepX;
        double sty = sy / stepY;
        double stx = sy / stepX;
        int ry = (int) Math.ceil(4 * sty);
        int rx = (int) Math.ceil(4 * stx);
        if (pyy < -ry || pyy > ty - 1 + ry || pxx < -rx || pxx > tx - 1 + rx) {
            return;
        }
        int y0 = (int) Math.floor(pyy) - ry + 1;
        int x0 = (int) Math.floor(pxx) - rx + 1;
        double[] wy = gaussian(y0 - pyy, sty, 2 * ry);
        double[] wx = gaussian(x0 - pxx, stx, 2 * rx);
        double m = stepY == 1 && stepX == 1 ? mass : mass / (stepY * stepX);
        if (pz == 1) {
            addPlane(target, 0, y0, x0, wy, wx, m);
            return;
        }
        double pzz = z - oz;
        int rz = (int) Math.ceil(4 * sz);
        if (pzz < -rz || pzz > pz - 1 + rz) {
            return;
        }
        int z0 = (int) Math.floor(pzz) - rz + 1;
        double[] wz = gaussian(z0 - pzz, sz, 2 * rz);
        for (int k = 0; k < wz.length; k++) {
            int zz = z0 + k;
            if (zz >= 0 && zz < pz) {
                addPlane(target, zz, y0, x0, wy, wx, m * wz[k]);
            }
        }
    }

    private void addPlane(float[] t, int z, int y0, int x0, double[] wy, double[] wx, double mass) {
        for (int j = 0; j < wy.length; j++) {
            int y = y0 + j;
            if (y < 0 || y >= ty) {
                continue;
            }
            double my = mass * wy[j];
            int row = (z * ty + y) * tx;
            for (int i = 0; i < wx.length; i++) {
                int x = x0 + i;
                if (x >= 0 && x < tx) {
                    t[row + x] += (float) (my * wx[i]);
                }
            }
        }
    }

    /**
     * The normalized Gaussian density of standard deviation {@code s} at offsets d, d + 1, ..., d + n - 1, by the
     * recurrence g(j + 1) = g(j) a b^j (three exponentials instead of n).
     */
    static double[] gaussian(double d, double s, int n) {
        double inv = 1 / (2 * s * s);
        double[] w = new double[n];
        double g = Math.exp(-d * d * inv) / (Math.sqrt(2 * Math.PI) * s);
        double a = Math.exp(-(2 * d + 1) * inv);
        double b = Math.exp(-2 * inv);
        for (int j = 0; j < n; j++) {
            w[j] = g;
            g *= a;
            a *= b;
        }
        return w;
    }

    /** True when (z, y, x) lies within {@code pad} voxels of the canvas (points further out cannot reach it). */
    boolean near(double z, double y, double x, double pad) {
        return y > -pad && y < ny - 1 + pad && x > -pad && x < nx - 1 + pad && (nz == 1 || (z > -pad && z < nz - 1 + pad));
    }

    /** The patch out of a real canvas array, or out of the real (part 0) or imaginary (part 1) half of a complex one. */
    float[] crop(float[] canvas, int stride, int part) {
        float[] out = new float[patchSize()];
        int o = 0;
        for (int z = 0; z < pz; z++) {
            for (int y = 0; y < py; y++) {
                int base = ((z + oz) * ny + y + oy) * nx + ox;
                for (int x = 0; x < px; x++) {
                    out[o++] = canvas[stride * (base + x) + part];
                }
            }
        }
        return out;
    }
}
