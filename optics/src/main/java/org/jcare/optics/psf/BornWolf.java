package org.jcare.optics.psf;

import java.util.Locale;
import org.apache.commons.math3.special.BesselJ;

/**
 * The scalar, paraxial widefield PSF of an aberration-free objective (Born and Wolf, Principles of Optics, 8.8; the
 * "Born & Wolf" model of the EPFL PSF Generator):
 * <pre>
 *   h(r, z) = | 2 * integral_0^1 J0(k NA r rho) exp(-i k z NA^2 rho^2 / (2 n)) rho d rho |^2,   k = 2 pi / lambda
 * </pre>
 * normalized to 1 at the focus. In the focal plane it is the Airy pattern [2 J1(v) / v]^2 with v = k NA r (computed in
 * closed form); on the axis it is sinc^2(u / 4) with u = k z NA^2 / n. The lateral widths match the vectorial PSF well;
 * axially the paraxial model is wider at high NA (713 nm at NA 1.4, 520 nm, oil, against the non-paraxial
 * {@link OpticsFormulas#widefieldAxialFwhm} 491 nm): {@link Debye} is the non-paraxial model. Aberrations from
 * a refractive-index mismatch (Gibson-Lanni) are not modelled: this is the in-focus, matched-index limit of that model.
 * The pupil integral is evaluated with composite Simpson quadrature, fine enough for the oscillations of the Bessel
 * function and of the defocus phase over the requested radii and depths.
 */
public final class BornWolf implements PsfModel {
    private final Optics optics;
    private final double k;

    /** The widefield PSF of {@code optics} (emission wavelength). */
    public BornWolf(Optics optics) {
        this.optics = optics;
        this.k = 2 * Math.PI / optics.emissionWavelengthNm();
    }

    /** The optics. */
    public Optics optics() {
        return optics;
    }

    /** The Airy intensity [2 J1(v) / v]^2, 1 at v = 0. */
    public static double airy(double v) {
        if (Math.abs(v) < 1e-6) {
            return 1;
        }
        double t = 2 * BesselJ.value(1, Math.abs(v)) / Math.abs(v);
        return t * t;
    }

    @Override
    public double intensity(double rNm, double zNm) {
        double[] out = new double[1];
        profile(new double[] {rNm}, zNm, out);
        return out[0];
    }

    @Override
    public void profile(double[] rNm, double zNm, double[] out) {
        double na = optics.numericalAperture();
        if (zNm == 0) {
            for (int i = 0; i < rNm.length; i++) {
                out[i] = airy(k * na * rNm[i]);
            }
            return;
        }
        double[][] planes = profiles(rNm, new double[] {zNm});
        System.arraycopy(planes[0], 0, out, 0, rNm.length);
    }

    /**
     * The intensities at radii {@code rNm} in the planes {@code zNm}: [plane][radius]. The Bessel factors are computed
     * once for all planes; each plane then costs one complex sum per radius and quadrature node.
     */
    @Override
    public double[][] profiles(double[] rNm, double[] zNm) {
        double na = optics.numericalAperture();
        double defocus = k * na * na / (2 * optics.refractiveIndex()); // phase per nm of z at rho = 1
        // radians swept over rho in [0, 1] by the Bessel argument and the defocus phase
        int m = PupilIntegral.intervals(k * na * PupilIntegral.maxAbs(rNm) + defocus * PupilIntegral.maxAbs(zNm));
        double h = 1.0 / m;
        double[] rho = new double[m + 1];
        double[] w = new double[m + 1];
        double[] phase = new double[m + 1];
        for (int j = 0; j <= m; j++) {
            rho[j] = j * h;
            w[j] = PupilIntegral.simpson(j, m) * h / 3 * rho[j] * 2; // the factor 2 normalizes h(0, 0) to 1
            phase[j] = -defocus * rho[j] * rho[j];
        }
        return PupilIntegral.intensities(rNm, zNm, k * na, rho, w, phase);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "Born-Wolf widefield (scalar, paraxial): NA %.3f, emission %.1f nm, n %.3f",
                optics.numericalAperture(), optics.emissionWavelengthNm(), optics.refractiveIndex());
    }
}
