package org.jcare.optics.psf;

/**
 * Closed-form widths of the models in this package, used to check sampled PSFs and to explain them. All lengths in
 * nm; {@code lambda} is the vacuum wavelength, {@code n} the immersion refractive index.
 */
public final class OpticsFormulas {
    /** Half maximum of the Airy pattern [2 J1(v)/v]^2 is reached at v = 1.6163 (so FWHM = 2 * 1.6163 / (2 pi) lambda/NA). */
    static final double AIRY_HALF_MAX_V = 1.616339948;
    /** Half maximum of sinc^2(u / 4) on the axis is reached at u / 4 = 1.39156. */
    static final double SINC2_HALF_MAX = 1.391557378;

    private OpticsFormulas() {
    }

    /** Lateral FWHM of the in-focus widefield (Airy) PSF: 0.5145 lambda / NA. */
    public static double widefieldLateralFwhm(double lambda, double na) {
        return 2 * AIRY_HALF_MAX_V / (2 * Math.PI) * lambda / na;
    }

    /** Radius of the first Airy minimum (Rayleigh criterion): 0.61 lambda / NA. */
    public static double rayleighRadius(double lambda, double na) {
        return 3.831705970 / (2 * Math.PI) * lambda / na;
    }

    /**
     * Axial FWHM of the paraxial scalar widefield PSF (Born and Wolf 8.8): on the axis I(z) = sinc^2(u/4) with
     * u = (2 pi / lambda) (NA^2 / n) z, so the half maximum lies at z = 4 * 1.39156 / (2 pi) * n lambda / NA^2 on either
     * side of the focus and FWHM = 1.7718 n lambda / NA^2 (713 nm at NA 1.4, 520 nm, oil: larger than the
     * non-paraxial {@link #widefieldAxialFwhm}, 491 nm, since the paraxial approximation fails at high NA).
     */
    public static double widefieldAxialFwhmParaxial(double lambda, double na, double n) {
        return 2 * 4 * SINC2_HALF_MAX / (2 * Math.PI) * n * lambda / (na * na);
    }

    /**
     * Axial FWHM of the widefield PSF without the paraxial approximation (the usual rule, for example in the
     * Nikon/Zeiss microscopy primers): 0.88 lambda / (n - sqrt(n^2 - NA^2)). Larger than the paraxial value at high NA;
     * given to show how far the paraxial {@link BornWolf} model is from a vectorial one axially.
     */
    public static double widefieldAxialFwhm(double lambda, double na, double n) {
        return 0.88 * lambda / (n - Math.sqrt(n * n - na * na));
    }

    /** Gaussian sigma of the lateral widefield PSF, paraxial (Zhang, Zerubia, Olivo-Marin, Appl. Opt. 2007): 0.21 lambda / NA. */
    public static double gaussianLateralSigma(double lambda, double na) {
        return 0.21 * lambda / na;
    }

    /** Gaussian sigma of the axial widefield PSF, paraxial (Zhang et al. 2007): 0.66 lambda n / NA^2. */
    public static double gaussianAxialSigma(double lambda, double na, double n) {
        return 0.66 * lambda * n / (na * na);
    }

    /** FWHM of a Gaussian of standard deviation {@code sigma}: 2 sqrt(2 ln 2) sigma. */
    public static double gaussianFwhm(double sigma) {
        return 2 * Math.sqrt(2 * Math.log(2)) * sigma;
    }

    /**
     * Lateral FWHM of the ideal confocal PSF (point pinhole), the product of the excitation and emission Airy
     * patterns: found numerically from the product, which has no closed form; for equal wavelengths it is
     * 0.3695 lambda / NA.
     */
    public static double confocalLateralFwhm(double lambdaEx, double lambdaEm, double na) {
        double lo = 0;
        double hi = widefieldLateralFwhm(Math.max(lambdaEx, lambdaEm), na);
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            double v = BornWolf.airy(2 * Math.PI * na / lambdaEx * mid) * BornWolf.airy(2 * Math.PI * na / lambdaEm * mid);
            if (v > 0.5) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo + hi;
    }
}
