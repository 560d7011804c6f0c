package org.jcare.optics.psf;

/**
 * A sampling grid centred on the PSF's focus: sizes per axis and voxel sizes in nm. 2D is {@code nz = 1} (the focal
 * plane only). The centre voxel is {@code (nz / 2, ny / 2, nx / 2)}: for odd sizes the exact middle.
 *
 * @param nz voxels along z (1 for 2D)
 * @param ny voxels along y
 * @param nx voxels along x
 * @param dz voxel depth in nm (ignored when {@code nz == 1})
 * @param dy voxel height in nm
 * @param dx voxel width in nm
 */
public record VoxelGrid(int nz, int ny, int nx, double dz, double dy, double dx) {
    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException naming the bad size
     */
    public VoxelGrid {
        if (nz < 1 || ny < 1 || nx < 1) {
            throw new IllegalArgumentException("PSF grid " + nz + " x " + ny + " x " + nx + " must have at least one"
                    + " voxel per axis");
        }
        if ((long) nz * ny * nx > 1L << 28) {
            throw new IllegalArgumentException("PSF grid " + nz + " x " + ny + " x " + nx + " is too large (over 2^28"
                    + " voxels)");
        }
        if (!(dy > 0 && dx > 0) || (nz > 1 && !(dz > 0))) {
            throw new IllegalArgumentException("PSF voxel size (z " + dz + ", y " + dy + ", x " + dx + ") nm must be"
                    + " positive");
        }
    }

    /** A 2D grid of {@code ny x nx} pixels of {@code dy x dx} nm. */
    public static VoxelGrid plane(int ny, int nx, double dy, double dx) {
        return new VoxelGrid(1, ny, nx, 0, dy, dx);
    }

    /** True for a single plane. */
    public boolean is2d() {
        return nz == 1;
    }

    /** Total voxels. */
    public int size() {
        return nz * ny * nx;
    }

    /**
     * The smallest odd grid with the given voxel sizes that reaches {@code radiusNm} laterally and
     * {@code halfDepthNm} axially from the centre (2D when {@code halfDepthNm <= 0} or {@code dz <= 0}).
     */
    public static VoxelGrid covering(double radiusNm, double halfDepthNm, double dz, double dy, double dx) {
        int ny = 2 * (int) Math.ceil(radiusNm / dy) + 1;
        int nx = 2 * (int) Math.ceil(radiusNm / dx) + 1;
        int nz = halfDepthNm > 0 && dz > 0 ? 2 * (int) Math.ceil(halfDepthNm / dz) + 1 : 1;
        return new VoxelGrid(nz, ny, nx, nz == 1 ? 0 : dz, dy, dx);
    }
}
