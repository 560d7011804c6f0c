package org.jcare.optics.psf;

import java.util.Locale;

/**
 * The scalar, non-paraxial widefield PSF of an aberration-free objective obeying the sine condition (the Debye
 * integral with the aplanatic apodization sqrt(cos theta); Richards and Wolf 1959 without polarization):
 * <pre>
 *   h(r, z) = | integral_0^alpha sqrt(cos t) sin t J0(k n r sin t) exp(i k n z cos t) dt |^2 / (same at r = z = 0)^2
 * </pre>
 * with k = 2 pi / lambda, n the immersion index and sin alpha = NA / n. For small NA it is {@link BornWolf} (paraxial:
 * sin t ~ rho NA / n, cos t ~ 1 - rho^2 NA^2 / (2 n^2)); at high NA its axial width is the realistic one, close to the
 * non-paraxial rule 0.88 lambda / (n - sqrt(n^2 - NA^2)) (491 nm at NA 1.4, 520 nm, oil), where the paraxial model
 * gives 713 nm. This matters for the axial-to-lateral ratio that isotropic CARE's training blur derives from a PSF.
 * Polarization (the vectorial model) changes the lateral profile by a few percent at NA 1.4 and is not modelled, nor
 * are refractive-index mismatches (Gibson-Lanni). Simpson quadrature over the aperture angle, fine enough for the
 * oscillations of the Bessel function and of the defocus phase over the requested radii and depths.
 */
public final class Debye implements PsfModel {
    private final Optics optics;
    private final double k;
    private final double alpha;

    /** The widefield PSF of {@code optics} (emission wavelength). */
    public Debye(Optics optics) {
        this.optics = optics;
        this.k = 2 * Math.PI / optics.emissionWavelengthNm();
        this.alpha = Math.asin(optics.numericalAperture() / optics.refractiveIndex());
    }

    /** The optics. */
    public Optics optics() {
        return optics;
    }

    @Override
    public double intensity(double rNm, double zNm) {
        return profiles(new double[] {rNm}, new double[] {zNm})[0][0];
    }

    @Override
    public void profile(double[] rNm, double zNm, double[] out) {
        System.arraycopy(profiles(rNm, new double[] {zNm})[0], 0, out, 0, rNm.length);
    }

    /** The intensities at radii {@code rNm} in planes {@code zNm}: [plane][radius]; Bessel factors computed once. */
    @Override
    public double[][] profiles(double[] rNm, double[] zNm) {
        double n = optics.refractiveIndex();
        // radians swept over the aperture by the Bessel argument and the defocus phase
        int m = PupilIntegral.intervals(k * n * PupilIntegral.maxAbs(rNm) * Math.sin(alpha)
                + k * n * PupilIntegral.maxAbs(zNm) * (1 - Math.cos(alpha)));
        double h = alpha / m;
        double[] sinT = new double[m + 1];
        double[] w = new double[m + 1];
        double[] phase = new double[m + 1];
        double norm = 0;
        for (int j = 0; j <= m; j++) {
            double t = j * h;
            double cosT = Math.cos(t);
            sinT[j] = Math.sin(t);
            w[j] = PupilIntegral.simpson(j, m) * h / 3 * Math.sqrt(cosT) * sinT[j];
            norm += w[j];
            // the phase relative to the axial ray (a constant phase does not change the intensity)
            phase[j] = -k * n * (1 - cosT);
        }
        for (int j = 0; j <= m; j++) {
            w[j] /= norm; // h(0, 0) = 1
        }
        return PupilIntegral.intensities(rNm, zNm, k * n, sinT, w, phase);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "Debye widefield (scalar, non-paraxial): NA %.3f, emission %.1f nm, n %.3f",
                optics.numericalAperture(), optics.emissionWavelengthNm(), optics.refractiveIndex());
    }
}
