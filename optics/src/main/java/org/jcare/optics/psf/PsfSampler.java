package org.jcare.optics.psf;

/**
 * Samples a {@link PsfModel} on a {@link VoxelGrid}. Each voxel is the mean of the model over {@code oversampling}^2
 * points spread evenly across the voxel's lateral extent (a camera pixel integrates the light falling on it; axially
 * the plane is a point sample of the focus position), and the result is normalized to sum 1. Oversampling 1 samples
 * the voxel centres only, which is what a check against a formula's width wants.
 */
public final class PsfSampler {
    /** Default lateral oversampling: 3 x 3 points per pixel (odd, so the pixel centre is one of them). */
    public static final int DEFAULT_OVERSAMPLING = 3;

    private PsfSampler() {
    }

    /** The model on {@code grid} with {@link #DEFAULT_OVERSAMPLING}. */
    public static Psf sample(PsfModel model, VoxelGrid grid) {
        return sample(model, grid, DEFAULT_OVERSAMPLING);
    }

    /**
     * The model on {@code grid}, each voxel integrated laterally over {@code oversampling}^2 points.
     *
     * @throws IllegalArgumentException when {@code oversampling} is not in [1, 15]
     */
    public static Psf sample(PsfModel model, VoxelGrid grid, int oversampling) {
        if (oversampling < 1 || oversampling > 15) {
            throw new IllegalArgumentException("PSF oversampling " + oversampling + " must be in [1, 15]");
        }
        int nz = grid.nz();
        int ny = grid.ny();
        int nx = grid.nx();
        double dy = grid.dy();
        double dx = grid.dx();
        // radial table fine enough that linear interpolation is exact to ~1e-4 of the peak
        double dr = Math.min(dy, dx) / (4.0 * oversampling);
        double rMax = Math.hypot((ny / 2 + 1) * dy, (nx / 2 + 1) * dx);
        int nr = (int) Math.ceil(rMax / dr) + 2;
        double[] radii = new double[nr];
        for (int i = 0; i < nr; i++) {
            radii[i] = i * dr;
        }
        double[] zs = new double[nz];
        for (int z = 0; z < nz; z++) {
            zs[z] = (z - nz / 2) * grid.dz();
        }
        double[][] profiles = model.profiles(radii, zs);
        double[] offsets = new double[oversampling];
        for (int s = 0; s < oversampling; s++) {
            offsets[s] = (s + 0.5) / oversampling - 0.5;
        }
        float[] out = new float[grid.size()];
        double norm = 1.0 / (oversampling * oversampling);
        for (int z = 0; z < nz; z++) {
            double[] prof = profiles[z];
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double sum = 0;
                    for (double oy : offsets) {
                        double py = (y - ny / 2 + oy) * dy;
                        for (double ox : offsets) {
                            double px = (x - nx / 2 + ox) * dx;
                            double t = Math.sqrt(py * py + px * px) / dr;
                            int i = (int) t;
                            double f = t - i;
                            sum += prof[i] * (1 - f) + prof[i + 1] * f;
                        }
                    }
                    out[(z * ny + y) * nx + x] = (float) Math.max(0, sum * norm);
                }
            }
        }
        return new Psf(grid, out, model.describe());
    }
}
