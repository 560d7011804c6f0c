package org.jcare.optics.synth;

/**
 * A smooth random field in [0, 1] over a canvas: a fractal sum of Perlin noise, {@code (1.5 v + 1) / 2} clipped to
 * [0, 1], evaluated on a coarse grid of {@code step} pixels (at least 3 samples per period of the finest octave) and
 * interpolated bilinearly between. It is smooth on that scale, and evaluating the noise everywhere was a third of a
 * pair's time. The interpolated function is the field: {@link #at} gives it at any canvas position, so the input's
 * pixels and the finer target grid see the same field. Used for the input-only background (autofluorescence) and for
 * the diffuse sample component.
 */
final class SmoothField {
    private final int nz;
    private final int step;
    private final int gy;
    private final int gx;
    private final double[] grid;

    /**
     * The field of {@code noise} with a first octave of {@code periodNm} on {@code canvas}, whose pixels are
     * {@code pixelNm} (and z steps {@code zStepNm} in 3D).
     */
    SmoothField(Canvas canvas, PerlinNoise noise, double periodNm, int octaves, double pixelNm, double zStepNm) {
        double periodPx = periodNm / pixelNm;
        this.step = (int) Math.max(1, Math.min(8, Math.floor(periodPx / (1 << (octaves - 1)) / 3)));
        double f = pixelNm / periodNm;
        double fz = canvas.is3d() ? zStepNm / periodNm : 0;
        this.nz = canvas.nz;
        this.gy = (canvas.ny - 1) / step + 2;
        this.gx = (canvas.nx - 1) / step + 2;
        this.grid = new double[nz * gy * gx];
        for (int iz = 0; iz < nz; iz++) {
            for (int j = 0; j < gy; j++) {
                for (int i = 0; i < gx; i++) {
                    double v = canvas.is3d() ? noise.fractal(i * step * f, j * step * f, iz * fz + 0.5, octaves)
                            : noise.fractal2(i * step * f, j * step * f, octaves);
                    grid[(iz * gy + j) * gx + i] = Math.min(1, Math.max(0, (1.5 * v + 1) / 2));
                }
            }
        }
    }

    /** Writes the field at every canvas pixel into {@code z[2 i + part]} times {@code scale}, added. */
    void addTo(float[] z, int part, double scale, int ny, int nx) {
        for (int iz = 0; iz < nz; iz++) {
            for (int iy = 0; iy < ny; iy++) {
                int j = iy / step;
                double ty = (iy - j * step) / (double) step;
                for (int ix = 0; ix < nx; ix++) {
                    int i = ix / step;
                    double tx = (ix - i * step) / (double) step;
                    int o = 2 * ((iz * ny + iy) * nx + ix) + part;
                    z[o] = (float) (z[o] + scale * interpolate(iz, j, ty, i, tx));
                }
            }
        }
    }

    /** The field at plane {@code iz} and the continuous canvas pixel position (y, x). */
    double at(int iz, double y, double x) {
        double sy = Math.max(0, y) / step;
        double sx = Math.max(0, x) / step;
        int j = Math.min(gy - 2, (int) Math.floor(sy));
        int i = Math.min(gx - 2, (int) Math.floor(sx));
        return interpolate(iz, j, Math.min(1, sy - j), i, Math.min(1, sx - i));
    }

    private double interpolate(int iz, int j, double ty, int i, double tx) {
        int row = (iz * gy + j) * gx + i;
        double top = grid[row] * (1 - tx) + grid[row + 1] * tx;
        double bottom = grid[row + gx] * (1 - tx) + grid[row + gx + 1] * tx;
        return top * (1 - ty) + bottom * ty;
    }
}
