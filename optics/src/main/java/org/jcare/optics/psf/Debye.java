package org.jcare.optics.psf;

import java.util.Locale;
import org.apache.commons.math3.special.BesselJ;

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
        double rMax = 0;
        for (double r : rNm) {
            rMax = Math.max(rMax, Math.abs(r));
        }
        double zMax = 0;
        for (double z : zNm) {
            zMax = Math.max(zMax, Math.abs(z));
        }
        // radians swept over the aperture by the Bessel argument and the defocus phase; 24 nodes per 2 pi
        double sweep = k * n * rMax * Math.sin(alpha) + k * n * zMax * (1 - Math.cos(alpha));
        int m = 2 * (int) Math.ceil((64 + 24 * sweep / (2 * Math.PI)) / 2);
        double h = alpha / m;
        double[] cosT = new double[m + 1];
        double[] sinT = new double[m + 1];
        double[] w = new double[m + 1];
        double norm = 0;
        for (int j = 0; j <= m; j++) {
            double t = j * h;
            cosT[j] = Math.cos(t);
            sinT[j] = Math.sin(t);
            double simpson = j == 0 || j == m ? 1 : (j % 2 == 1 ? 4 : 2);
            w[j] = simpson * h / 3 * Math.sqrt(cosT[j]) * sinT[j];
            norm += w[j];
        }
        for (int j = 0; j <= m; j++) {
            w[j] /= norm; // h(0, 0) = 1
        }
        double[][] j0w = new double[rNm.length][m + 1];
        for (int i = 0; i < rNm.length; i++) {
            double v = k * n * Math.abs(rNm[i]);
            for (int j = 0; j <= m; j++) {
                j0w[i][j] = (v == 0 ? 1 : BesselJ.value(0, v * sinT[j])) * w[j];
            }
        }
        double[][] out = new double[zNm.length][rNm.length];
        double[] cos = new double[m + 1];
        double[] sin = new double[m + 1];
        for (int p = 0; p < zNm.length; p++) {
            for (int j = 0; j <= m; j++) {
                // the phase relative to the axial ray (a constant phase does not change the intensity)
                double phase = -k * n * zNm[p] * (1 - cosT[j]);
                cos[j] = Math.cos(phase);
                sin[j] = Math.sin(phase);
            }
            for (int i = 0; i < rNm.length; i++) {
                double re = 0;
                double im = 0;
                double[] row = j0w[i];
                for (int j = 0; j <= m; j++) {
                    re += row[j] * cos[j];
                    im += row[j] * sin[j];
                }
                out[p][i] = re * re + im * im;
            }
        }
        return out;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "Debye widefield (scalar, non-paraxial): NA %.3f, emission %.1f nm, n %.3f",
                optics.numericalAperture(), optics.emissionWavelengthNm(), optics.refractiveIndex());
    }
}
