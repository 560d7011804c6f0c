package org.jcare.optics.psf;

import java.nio.file.Path;
import java.util.Arrays;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.optics.Lengths;

/**
 * A measured PSF (a bead image, or a PSF computed elsewhere) made usable: the image is reduced to YX or ZYX, its
 * background (the median of the outermost voxels) subtracted and negatives clipped, the peak located (the
 * intensity-weighted centroid of the voxels above half the maximum, rounded to a voxel) and moved to the centre by
 * cropping the largest odd box around it, and the result normalized to sum 1.
 */
public final class MeasuredPsf {
    private MeasuredPsf() {
    }

    /**
     * The PSF in {@code image}.
     *
     * @param source       the file it came from, named in errors
     * @param voxelNmZyx   voxel sizes (z, y, x) in nm to use when the image has no length calibration; null to require
     *                     one in the file
     * @throws IllegalArgumentException naming {@code source} when the image is not 2D/3D, has no usable calibration,
     *                                  is empty or flat after the background, or its peak lies on the border
     */
    public static Psf fromImage(FloatImage image, Path source, double[] voxelNmZyx) {
        String where = "PSF " + (source == null ? "image" : source.toString());
        long[] shape = image.shape();
        String axes = image.axes().letters();
        StringBuilder kept = new StringBuilder();
        int[] dims = new int[3];
        int d = 0;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] > 1 || i >= shape.length - 2) {
                kept.append(axes.charAt(i));
                if (d == 3) {
                    throw new IllegalArgumentException(where + " has axes " + axes + " " + Arrays.toString(shape)
                            + "; a PSF is YX or ZYX (one channel, one time point)");
                }
                dims[d++] = (int) shape[i];
            }
        }
        String k = kept.toString();
        if (!k.equals("YX") && !k.equals("ZYX")) {
            throw new IllegalArgumentException(where + " has axes " + axes + " " + Arrays.toString(shape)
                    + "; a PSF is YX or ZYX (one channel, one time point)");
        }
        int nz = k.length() == 3 ? dims[0] : 1;
        int ny = k.length() == 3 ? dims[1] : dims[0];
        int nx = k.length() == 3 ? dims[2] : dims[1];
        double[] voxel = voxelSizes(image.calibration(), nz > 1, voxelNmZyx, where);
        float[] v = image.toArray();
        for (float f : v) {
            if (!Float.isFinite(f)) {
                throw new IllegalArgumentException(where + " has NaN or infinite values");
            }
        }
        float background = borderMedian(v, nz, ny, nx);
        float max = 0;
        int argmax = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0, v[i] - background);
            if (v[i] > max) {
                max = v[i];
                argmax = i;
            }
        }
        if (!(max > 0)) {
            throw new IllegalArgumentException(where + " is flat (nothing above the background " + background
                    + " of its border); it must show one bright spot");
        }
        int[] c = centroid(v, nz, ny, nx, argmax, max / 2);
        int rz = Math.min(c[0], nz - 1 - c[0]);
        int ry = Math.min(c[1], ny - 1 - c[1]);
        int rx = Math.min(c[2], nx - 1 - c[2]);
        if (ry < 2 || rx < 2 || (nz > 1 && rz < 1)) {
            throw new IllegalArgumentException(where + ": its peak (z " + c[0] + ", y " + c[1] + ", x " + c[2]
                    + ") lies on the border; crop the bead image so the spot is near the middle");
        }
        VoxelGrid grid = new VoxelGrid(2 * rz + 1, 2 * ry + 1, 2 * rx + 1, nz > 1 ? voxel[0] : 0, voxel[1], voxel[2]);
        float[] out = new float[grid.size()];
        int o = 0;
        for (int z = c[0] - rz; z <= c[0] + rz; z++) {
            for (int y = c[1] - ry; y <= c[1] + ry; y++) {
                for (int x = c[2] - rx; x <= c[2] + rx; x++) {
                    out[o++] = v[(z * ny + y) * nx + x];
                }
            }
        }
        return new Psf(grid, out, "measured: " + (source == null ? "image" : source.getFileName().toString()));
    }

    private static double[] voxelSizes(Calibration cal, boolean threeD, double[] fallback, String where) {
        double x = Lengths.toNm(cal.x(), cal.unit());
        double y = Lengths.toNm(cal.y(), cal.unit());
        double z = Lengths.toNm(cal.z(), cal.unit());
        boolean known = x > 0 && y > 0 && (!threeD || z > 0);
        if (known) {
            return new double[] {threeD ? z : 0, y, x};
        }
        if (fallback != null) {
            if (fallback.length != 3 || !(fallback[1] > 0) || !(fallback[2] > 0) || (threeD && !(fallback[0] > 0))) {
                throw new IllegalArgumentException(where + ": voxel size " + Arrays.toString(fallback) + " nm must"
                        + " give positive z (for a 3D PSF), y and x");
            }
            return fallback.clone();
        }
        throw new IllegalArgumentException(where + " has no length calibration (unit '" + cal.unit() + "'); give its"
                + " voxel size in nm");
    }

    private static float borderMedian(float[] v, int nz, int ny, int nx) {
        float[] border = new float[v.length];
        int n = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    boolean edge = y == 0 || y == ny - 1 || x == 0 || x == nx - 1 || (nz > 2 && (z == 0 || z == nz - 1));
                    if (edge) {
                        border[n++] = v[(z * ny + y) * nx + x];
                    }
                }
            }
        }
        float[] b = Arrays.copyOf(border, n);
        Arrays.sort(b);
        return b[n / 2];
    }

    /** Centroid (voxel indices z, y, x) of the connected-enough bright region: voxels above {@code half}. */
    private static int[] centroid(float[] v, int nz, int ny, int nx, int argmax, float half) {
        double sz = 0;
        double sy = 0;
        double sx = 0;
        double s = 0;
        int mz = argmax / (ny * nx);
        int my = argmax / nx % ny;
        int mx = argmax % nx;
        // only voxels near the maximum count, so a second bead elsewhere does not pull the centre
        int r = 8;
        for (int z = Math.max(0, mz - r); z <= Math.min(nz - 1, mz + r); z++) {
            for (int y = Math.max(0, my - r); y <= Math.min(ny - 1, my + r); y++) {
                for (int x = Math.max(0, mx - r); x <= Math.min(nx - 1, mx + r); x++) {
                    float f = v[(z * ny + y) * nx + x];
                    if (f >= half) {
                        sz += f * z;
                        sy += f * y;
                        sx += f * x;
                        s += f;
                    }
                }
            }
        }
        return new int[] {(int) Math.round(sz / s), (int) Math.round(sy / s), (int) Math.round(sx / s)};
    }
}
