package org.jcare.training.data;

import java.util.Arrays;
import org.jcare.io.image.FloatImage;

/**
 * A point spread function as a degradation kernel: non-negative values with their axes (for example "YX" or "ZYX"),
 * normalized to sum 1 where it is applied, and where it came from. Any source fits: a measured PSF read from a TIFF
 * ({@link #of(FloatImage, String)}), an array computed by a PSF model (the {@code optics} module's theoretical PSFs
 * enter here), or a kernel built in code.
 *
 * @param kernel the values, axes among Z, Y, X
 * @param source where it came from, recorded in the model's config ({@code jcare.task_psf})
 */
public record Psf(FloatImage kernel, String source) {
    /**
     * Checks the kernel: axes among Z, Y, X, values finite and non-negative (as CSBDeep requires), a positive sum.
     *
     * @throws IllegalArgumentException naming the source and the problem
     */
    public Psf {
        String a = kernel.axes().letters();
        if (!a.replace("Z", "").replace("Y", "").replace("X", "").isEmpty() || !a.endsWith("YX")) {
            throw new IllegalArgumentException("PSF " + source + " has axes " + a + "; a PSF has axes YX or ZYX");
        }
        double sum = 0;
        for (int p = 0; p < kernel.planeCount(); p++) {
            for (float v : kernel.plane(p)) {
                if (!(v >= 0) || Float.isInfinite(v)) {
                    throw new IllegalArgumentException("PSF " + source + " has a negative or non-finite value (" + v
                            + "); a PSF must be >= 0 everywhere");
                }
                sum += v;
            }
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("PSF " + source + " is zero everywhere");
        }
    }

    /** A PSF from an image (a measured PSF file as read, axes from the file or given). */
    public static Psf of(FloatImage kernel, String source) {
        return new Psf(kernel, source);
    }

    /**
     * The kernel for isotropic training data from a 3D PSF (ZYX): the XZ plane through the PSF's brightest voxel, turned
     * so that the PSF's axial (Z) profile runs along the image's X axis, the axis CSBDeep's {@code
     * anisotropic_distortions} subsamples, and its lateral X profile along Y. Lateral slices blurred with it look like
     * the stack's XZ slices (the advice for measured PSFs: take the central XZ slice). A 2D PSF is returned as is.
     */
    public Psf axialSliceAlongX() {
        String a = kernel.axes().letters();
        if (!a.equals("ZYX")) {
            return this;
        }
        long[] s = kernel.shape();
        int nz = (int) s[0];
        int ny = (int) s[1];
        int nx = (int) s[2];
        int best = 0;
        float max = -1;
        int bz = 0;
        for (int z = 0; z < nz; z++) {
            float[] plane = kernel.plane(z);
            for (int i = 0; i < plane.length; i++) {
                if (plane[i] > max) {
                    max = plane[i];
                    best = i;
                    bz = z;
                }
            }
        }
        int y0 = best / nx;
        // out[y = psf x][x = psf z]
        float[] out = new float[nx * nz];
        for (int z = 0; z < nz; z++) {
            float[] plane = kernel.plane(z);
            for (int x = 0; x < nx; x++) {
                out[x * nz + z] = plane[y0 * nx + x];
            }
        }
        return new Psf(FloatImage.of("YX", new long[] {nx, nz}, out), source + " (XZ slice through z=" + bz + ", y="
                + y0 + ", Z along X)");
    }

    /**
     * The kernel aligned to the spatial axes {@code spatial} of an image (for example "ZYX"): axes of the image missing
     * from the PSF become size 1 (CSBDeep's {@code move_image_axes(psf, psf_axes, axes, True)}), normalized to sum 1,
     * as (Z, Y, X) sizes and values.
     *
     * @throws IllegalArgumentException when the PSF has an axis the image lacks
     */
    public Aligned alignedTo(String spatial) {
        String a = kernel.axes().letters();
        for (char c : a.toCharArray()) {
            if (kernel.size(c) > 1 && spatial.indexOf(c) < 0) {
                throw new IllegalArgumentException("PSF " + source + " has axes " + a + " but the image only "
                        + spatial + ": image and PSF must have the same axes (give a 2D PSF for 2D images)");
            }
        }
        int kz = a.indexOf('Z') >= 0 ? (int) kernel.size('Z') : 1;
        int ky = (int) kernel.size('Y');
        int kx = (int) kernel.size('X');
        double[] v = new double[kz * ky * kx];
        double sum = 0;
        for (int z = 0; z < kz; z++) {
            float[] plane = kernel.plane(z);
            for (int i = 0; i < plane.length; i++) {
                v[z * ky * kx + i] = plane[i];
                sum += plane[i];
            }
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= sum;
        }
        return new Aligned(new int[] {kz, ky, kx}, v);
    }

    /**
     * A normalized kernel over (Z, Y, X).
     *
     * @param shape  sizes along Z, Y, X
     * @param values C order, summing to 1
     */
    public record Aligned(int[] shape, double[] values) {
        @Override
        public String toString() {
            return "PSF " + Arrays.toString(shape);
        }
    }
}
