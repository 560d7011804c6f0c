package org.jcare.optics.psf;

import org.apache.commons.math3.special.BesselJ;

/**
 * The quadrature both scalar widefield models evaluate ({@link BornWolf}, {@link Debye}):
 * <pre>
 *   h(r, z) = | sum_j w_j J0(kr r s_j) exp(i z phi_j) |^2
 * </pre>
 * over the Simpson nodes j of the pupil, where s_j is a node's pupil coordinate (rho, or sin t), w_j its weight
 * (Simpson times the model's apodization and normalization) and phi_j its defocus phase per nm of z. The Bessel factors
 * are computed once for all planes; each plane then costs one complex sum per radius and node.
 */
final class PupilIntegral {
    private PupilIntegral() {
    }

    /** The largest absolute value of {@code v} (0 when empty). */
    static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /**
     * Simpson intervals (even) for an integrand whose Bessel argument and defocus phase sweep {@code sweepRadians}
     * over the pupil: 24 nodes per 2 pi, and at least 64.
     */
    static int intervals(double sweepRadians) {
        return 2 * (int) Math.ceil((64 + 24 * sweepRadians / (2 * Math.PI)) / 2);
    }

    /** Simpson's factor of node {@code j} of {@code m} intervals: 1, 4, 2, ..., 4, 1. */
    static double simpson(int j, int m) {
        return j == 0 || j == m ? 1 : (j % 2 == 1 ? 4 : 2);
    }

    /**
     * The intensities at radii {@code rNm} in the planes {@code zNm}: [plane][radius].
     *
     * @param kr         the radial wavenumber multiplying r s_j in the Bessel argument
     * @param s          the nodes' pupil coordinates
     * @param w          the nodes' weights
     * @param phasePerNm the nodes' defocus phases per nm of z
     */
    static double[][] intensities(double[] rNm, double[] zNm, double kr, double[] s, double[] w, double[] phasePerNm) {
        int nodes = s.length;
        double[][] j0w = new double[rNm.length][nodes];
        for (int i = 0; i < rNm.length; i++) {
            double v = kr * Math.abs(rNm[i]);
            for (int j = 0; j < nodes; j++) {
                j0w[i][j] = (v == 0 ? 1 : BesselJ.value(0, v * s[j])) * w[j];
            }
        }
        double[][] out = new double[zNm.length][rNm.length];
        double[] cos = new double[nodes];
        double[] sin = new double[nodes];
        for (int p = 0; p < zNm.length; p++) {
            for (int j = 0; j < nodes; j++) {
                double phase = zNm[p] * phasePerNm[j];
                cos[j] = Math.cos(phase);
                sin[j] = Math.sin(phase);
            }
            for (int i = 0; i < rNm.length; i++) {
                double re = 0;
                double im = 0;
                double[] row = j0w[i];
                for (int j = 0; j < nodes; j++) {
                    re += row[j] * cos[j];
                    im += row[j] * sin[j];
                }
                out[p][i] = re * re + im * im;
            }
        }
        return out;
    }
}
