package org.jcare.optics.psf;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * The blur that gives a lateral slice of a stack the stack's axial resolution: the PSF of isotropic CARE's training
 * degradation (CSBDeep's {@code IsotropicCARE}), which degrades lateral (XY) slices along X so that they look like the
 * stack's XZ and YZ slices, with X playing Z.
 *
 * <p>What it must be. A stack is the object convolved with the 3D PSF h. Its XZ slices are blurred by h's lateral
 * profile along X and its axial profile along Z; its lateral slices by the lateral profile along X and along Y. So
 * the training kernel k acts along X only (Y plays the lateral direction in both slices and is already right), and
 * must turn the lateral profile into the axial one: {@code lateral * k = axial}. Two common recipes miss this:
 * <ul>
 * <li>the central XZ slice of h (advice for measured PSFs) blurs Y once more by the lateral profile (about sqrt 2 too
 * wide), and X by the axial profile on top of the lateral blur the slice already has (the widths add in quadrature);
 * <li>CSBDeep's notebook Gaussian ({@code gaussian_anisotropic_psf(sigma_x, sigma_z)}) blurs Y by sigma_x again and X
 * by sigma_z - sigma_x, a linear instead of a quadrature difference.
 * </ul>
 * The exact k (the axial profile deconvolved by the lateral one) is ill-posed for diffraction-limited PSFs (Airy and
 * sinc^2 profiles are not Gaussians), so k here is the Gaussian along X whose convolution with the PSF's in-focus
 * lateral profile (the row through the focus) has the PSF's axial FWHM, found by bisection on fine 1D profiles; for a
 * Gaussian PSF this is sigma^2 = sigma_z^2 - sigma_x^2. The camera's pixel integration, which the slices have laterally
 * but not axially, is left out (at Nyquist sampling it widens the lateral FWHM by about 1%).
 */
public final class AxialBlur {
    /** Samples per lateral FWHM in the 1D profiles. */
    private static final int SAMPLES_PER_FWHM = 200;

    /**
     * The widths the blur matches.
     *
     * @param lateralFwhmNm FWHM of the PSF's in-focus row through the focus
     * @param axialFwhmNm   FWHM of the PSF along the optical axis
     * @param sigmaNm       standard deviation of the Gaussian along X that turns the first into the second (0 when the
     *                      axial FWHM is not larger)
     * @param source        what the PSF was, for records
     */
    public record Widths(double lateralFwhmNm, double axialFwhmNm, double sigmaNm, String source) {
        /** One line: the widths and the Gaussian, for logs and the model's record. */
        public String describe() {
            return String.format(Locale.ROOT, "axial blur: Gaussian along X, sigma %.1f nm (lateral FWHM %.1f nm ->"
                    + " axial FWHM %.1f nm) of %s", sigmaNm, lateralFwhmNm, axialFwhmNm, source);
        }
    }

    private AxialBlur() {
    }

    /** The blur for a PSF model (widths from its continuous profiles). */
    public static Widths of(PsfModel model) {
        double lateral = 2 * crossing(r -> model.intensity(r, 0), 10);
        double axial = 2 * crossing(z -> model.intensity(0, z), 10);
        return match(r -> model.intensity(Math.abs(r), 0) / model.intensity(0, 0), lateral, axial, model.describe());
    }

    /**
     * The blur for a sampled 3D PSF (a measured one, see {@link MeasuredPsf}): its row through the focus voxel,
     * interpolated linearly, and its FWHM along z.
     *
     * @throws IllegalArgumentException for a 2D PSF, which has no axial profile
     * @throws IllegalStateException when a profile does not fall to half its maximum inside the PSF
     */
    public static Widths of(Psf psf) {
        if (psf.is2d()) {
            throw new IllegalArgumentException("a 2D PSF has no axial profile: the isotropic blur needs a 3D PSF (ZYX)");
        }
        VoxelGrid g = psf.grid();
        int cz = g.nz() / 2;
        int cy = g.ny() / 2;
        int cx = g.nx() / 2;
        double peak = psf.get(cz, cy, cx);
        DoubleUnaryOperator row = x -> {
            double t = cx + Math.abs(x) / g.dx();
            int i = (int) Math.floor(t);
            if (i + 1 >= g.nx()) {
                return 0;
            }
            double f = t - i;
            return ((1 - f) * psf.get(cz, cy, i) + f * psf.get(cz, cy, i + 1)) / peak;
        };
        return match(row, psf.fwhmNm('x'), psf.fwhmNm('z'), psf.description());
    }

    /**
     * The Gaussian's taps along X for pixels of {@code dxNm}: each tap the Gaussian's integral over its pixel (so a
     * sigma below a pixel still blurs by the right amount), 4 sigma on each side, normalized to sum 1; one tap of 1 for
     * sigma 0.
     */
    public static float[] kernel(double sigmaNm, double dxNm) {
        if (!(dxNm > 0) || !(sigmaNm >= 0)) {
            throw new IllegalArgumentException("axial blur: pixel size " + dxNm + " nm must be > 0 and sigma " + sigmaNm
                    + " nm >= 0");
        }
        if (sigmaNm == 0) {
            return new float[] {1};
        }
        double s = sigmaNm / dxNm;
        int half = Math.max(1, (int) Math.ceil(4 * s));
        double[] w = new double[2 * half + 1];
        double sum = 0;
        for (int i = -half; i <= half; i++) {
            w[i + half] = erf((i + 0.5) / (s * Math.sqrt(2))) - erf((i - 0.5) / (s * Math.sqrt(2)));
            sum += w[i + half];
        }
        float[] k = new float[w.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) (w[i] / sum);
        }
        return k;
    }

    /** The Gaussian sigma that takes {@code lateral} (peak 1 at 0) to FWHM {@code axial}, by bisection. */
    static Widths match(DoubleUnaryOperator lateral, double lateralFwhm, double axialFwhm, String source) {
        if (!(axialFwhm > lateralFwhm)) {
            return new Widths(lateralFwhm, axialFwhm, 0, source);
        }
        double h = lateralFwhm / SAMPLES_PER_FWHM;
        // the Gaussian's sigma stays below the axial FWHM / 2.35; the profiles reach past both widths
        double reach = 2 * axialFwhm + 3 * lateralFwhm;
        int n = (int) Math.ceil(reach / h);
        double[] profile = new double[2 * n + 1];
        for (int i = -n; i <= n; i++) {
            profile[i + n] = lateral.applyAsDouble(i * h);
        }
        double lo = 0;
        double hi = axialFwhm / 2.3548;
        for (int it = 0; it < 50; it++) {
            double mid = (lo + hi) / 2;
            if (blurredFwhm(profile, n, h, mid) < axialFwhm) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return new Widths(lateralFwhm, axialFwhm, (lo + hi) / 2, source);
    }

    /** FWHM of the symmetric {@code profile} (centre at index n, step h) convolved with a Gaussian of {@code sigma}. */
    static double blurredFwhm(double[] profile, int n, double h, double sigma) {
        int half = (int) Math.ceil(5 * sigma / h);
        double[] g = new double[2 * half + 1];
        double sum = 0;
        for (int j = -half; j <= half; j++) {
            g[j + half] = sigma == 0 ? (j == 0 ? 1 : 0) : Math.exp(-0.5 * (j * h / sigma) * (j * h / sigma));
            sum += g[j + half];
        }
        // the blurred profile at offsets 0, 1, 2, ... (symmetric), until it falls below half its centre value
        double centre = 0;
        double prev = 0;
        for (int i = 0; i <= n; i++) {
            double v = 0;
            for (int j = -half; j <= half; j++) {
                int k = i - j + n;
                if (k >= 0 && k < profile.length) {
                    v += profile[k] * g[j + half];
                }
            }
            v /= sum;
            if (i == 0) {
                centre = v;
            } else if (v <= centre / 2) {
                return 2 * h * (i - 1 + (prev - centre / 2) / (prev - v));
            }
            prev = v;
        }
        throw new IllegalStateException("the blurred profile does not fall to half its maximum within " + n * h
                + " nm");
    }

    /** The distance from 0 where the decreasing {@code f} (from f(0)) falls to half of f(0), to 1e-9 relative. */
    static double crossing(DoubleUnaryOperator f, double stepNm) {
        double half = f.applyAsDouble(0) / 2;
        double a = 0;
        double b = stepNm;
        while (f.applyAsDouble(b) > half) {
            a = b;
            b += stepNm;
            if (b > 1e7) {
                throw new IllegalStateException("the PSF profile does not fall to half its maximum within 10 mm");
            }
        }
        for (int it = 0; it < 60; it++) {
            double m = (a + b) / 2;
            if (f.applyAsDouble(m) > half) {
                a = m;
            } else {
                b = m;
            }
        }
        return (a + b) / 2;
    }

    private static double erf(double x) {
        return org.apache.commons.math3.special.Erf.erf(x);
    }
}
