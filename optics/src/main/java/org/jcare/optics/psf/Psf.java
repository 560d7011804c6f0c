package org.jcare.optics.psf;

import java.util.Arrays;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;

/**
 * A sampled point spread function: non-negative voxels on a {@link VoxelGrid}, C order (z, y, x), summing to 1, with
 * the focus at the grid's centre voxel {@code (nz / 2, ny / 2, nx / 2)}. Immutable: accessors return copies.
 */
public final class Psf {
    private final VoxelGrid grid;
    private final float[] data;
    private final String description;

    /**
     * A PSF from voxels on {@code grid}, normalized here to sum 1.
     *
     * @param description where it comes from (a model's parameters or a file), kept for sidecar files
     * @throws IllegalArgumentException when the length does not fit the grid, a voxel is negative or not finite, or
     *                                  the sum is not positive
     */
    public Psf(VoxelGrid grid, float[] voxels, String description) {
        if (voxels.length != grid.size()) {
            throw new IllegalArgumentException("PSF of " + voxels.length + " voxels does not fit its grid " + grid.nz()
                    + " x " + grid.ny() + " x " + grid.nx());
        }
        double sum = 0;
        for (int i = 0; i < voxels.length; i++) {
            float v = voxels[i];
            if (!Float.isFinite(v) || v < 0) {
                throw new IllegalArgumentException("PSF voxel " + i + " is " + v + "; PSF values must be finite and"
                        + " non-negative");
            }
            sum += v;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("PSF sums to " + sum + "; it must have positive values");
        }
        this.grid = grid;
        this.data = new float[voxels.length];
        for (int i = 0; i < voxels.length; i++) {
            data[i] = (float) (voxels[i] / sum);
        }
        this.description = description == null ? "" : description;
    }

    /** The grid. */
    public VoxelGrid grid() {
        return grid;
    }

    /** True for a single plane. */
    public boolean is2d() {
        return grid.is2d();
    }

    /** A copy of the voxels (C order z, y, x, summing to 1). */
    public float[] voxels() {
        return data.clone();
    }

    /** The voxel at (z, y, x). */
    public float get(int z, int y, int x) {
        return data[(z * grid.ny() + y) * grid.nx() + x];
    }

    /** Where it comes from. */
    public String description() {
        return description;
    }

    /** The focal plane (the centre z slice) as a 2D PSF, normalized again; a 2D PSF returns itself. */
    public Psf focalPlane() {
        if (is2d()) {
            return this;
        }
        int plane = grid.ny() * grid.nx();
        float[] p = Arrays.copyOfRange(data, grid.nz() / 2 * plane, (grid.nz() / 2 + 1) * plane);
        return new Psf(VoxelGrid.plane(grid.ny(), grid.nx(), grid.dy(), grid.dx()), p, description + " (focal plane)");
    }

    /**
     * The full width at half maximum through the centre voxel along {@code axis} ('x', 'y' or 'z') in nm: the two
     * half-maximum crossings of the profile nearest the centre, found by linear interpolation between voxels.
     *
     * @throws IllegalArgumentException for another axis, or 'z' on a 2D PSF
     * @throws IllegalStateException when the profile does not fall to half its centre value inside the grid
     */
    public double fwhmNm(char axis) {
        int n;
        double step;
        int stride;
        int cz = grid.nz() / 2;
        int cy = grid.ny() / 2;
        int cx = grid.nx() / 2;
        switch (Character.toLowerCase(axis)) {
            case 'x' -> {
                n = grid.nx();
                step = grid.dx();
                stride = 1;
            }
            case 'y' -> {
                n = grid.ny();
                step = grid.dy();
                stride = grid.nx();
            }
            case 'z' -> {
                if (is2d()) {
                    throw new IllegalArgumentException("a 2D PSF has no z width");
                }
                n = grid.nz();
                step = grid.dz();
                stride = grid.ny() * grid.nx();
            }
            default -> throw new IllegalArgumentException("axis '" + axis + "': use x, y or z");
        }
        int centre = (cz * grid.ny() + cy) * grid.nx() + cx;
        int c = Character.toLowerCase(axis) == 'x' ? cx : Character.toLowerCase(axis) == 'y' ? cy : cz;
        double half = data[centre] / 2.0;
        double right = crossing(centre, stride, c, n, 1, half);
        double left = crossing(centre, stride, c, n, -1, half);
        return (right + left) * step;
    }

    /** Distance in voxels from the centre to the half-maximum crossing in direction {@code dir}. */
    private double crossing(int centre, int stride, int c, int n, int dir, double half) {
        double prev = data[centre];
        for (int i = 1; c + dir * i >= 0 && c + dir * i < n; i++) {
            double v = data[centre + dir * i * stride];
            if (v <= half) {
                return i - 1 + (prev - half) / (prev - v);
            }
            prev = v;
        }
        throw new IllegalStateException("the PSF profile does not fall to half its maximum inside the grid; sample a"
                + " larger grid");
    }

    /**
     * The PSF as an image ({@code YX} or {@code ZYX}) calibrated in micrometres, for writing as TIFF.
     */
    public FloatImage toImage() {
        Calibration cal = new Calibration(grid.dx() / 1000, grid.dy() / 1000, is2d() ? 0 : grid.dz() / 1000, "micron", 0);
        FloatImage img = is2d() ? FloatImage.of("YX", new long[] {grid.ny(), grid.nx()}, data)
                : FloatImage.of("ZYX", new long[] {grid.nz(), grid.ny(), grid.nx()}, data);
        return img.withCalibration(cal);
    }

    @Override
    public String toString() {
        return "Psf(" + grid.nz() + "x" + grid.ny() + "x" + grid.nx() + " voxels of " + grid.dz() + "x" + grid.dy()
                + "x" + grid.dx() + " nm; " + description + ")";
    }
}
