package org.jcare.training.data;

import java.util.Arrays;
import java.util.Locale;
import org.jcare.io.image.FloatImage;
import org.jcare.optics.psf.AxialBlur;
import org.jcare.optics.psf.VoxelGrid;

/**
 * A point spread function as a degradation kernel: non-negative values with their axes (for example "YX" or "ZYX"),
 * normalized to sum 1 where it is applied, and where it came from. Any source fits: a measured PSF read from a TIFF
 * ({@link #of(FloatImage, String)}), a PSF of the {@code optics} module, theoretical or measured
 * ({@link #of(org.jcare.optics.psf.Psf)}), the isotropic task's blur derived from one ({@link #axialBlur}), or a
 * kernel built in code.
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
     * The kernel of isotropic training data for a PSF: the Gaussian along X (one row, axes YX) that gives lateral slices
     * the stack's axial resolution ({@link AxialBlur}: the PSF's lateral FWHM turned into its axial one, Y left as it
     * is), sampled at the stacks' lateral pixel size {@code dxNm}.
     *
     * @param widths the blur, from a PSF model ({@code AxialBlur.of(PsfModel)}) or a sampled 3D PSF
     *               ({@code AxialBlur.of(Psf)}, a measured one)
     */
    public static Psf axialBlur(AxialBlur.Widths widths, double dxNm) {
        float[] k = AxialBlur.kernel(widths.sigmaNm(), dxNm);
        return new Psf(FloatImage.of("YX", new long[] {1, k.length}, k), widths.describe() + ", " + k.length
                + " taps at " + nm(dxNm) + " nm");
    }

    /** A sampled PSF of the optics module (theoretical or measured) as a degradation kernel, YX or ZYX. */
    public static Psf of(org.jcare.optics.psf.Psf psf) {
        VoxelGrid g = psf.grid();
        FloatImage k = psf.is2d() ? FloatImage.of("YX", new long[] {g.ny(), g.nx()}, psf.voxels())
                : FloatImage.of("ZYX", new long[] {g.nz(), g.ny(), g.nx()}, psf.voxels());
        return new Psf(k, psf.description() + " at " + (g.is2d() ? nm(g.dy()) + " x " + nm(g.dx())
                : nm(g.dz()) + " x " + nm(g.dy()) + " x " + nm(g.dx())) + " nm voxels");
    }

    private static String nm(double v) {
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
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
