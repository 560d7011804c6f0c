package org.jcare.optics.resolution;

import java.util.Locale;

/**
 * Fourier ring correlation of two independent images of the same field (two frames, or two halves of the photons):
 * <pre>
 *   FRC(r) = sum_{k in ring r} Re(F1(k) conj(F2(k))) / sqrt(sum_{ring} |F1|^2 * sum_{ring} |F2|^2)
 * </pre>
 * over rings one frequency sample wide (normalized radius, 1 = Nyquist). The resolution is the inverse of the first
 * frequency where the curve falls below the fixed threshold 1/7 (Nieuwenhuizen et al., Nature Methods 10, 557, 2013),
 * found by linear interpolation. Both images are apodized over their borders first.
 */
public final class Frc {
    /** The fixed threshold. */
    public static final double THRESHOLD = 1.0 / 7;

    private Frc() {
    }

    /**
     * The result.
     *
     * @param frequencies  ring centres in cycles per pixel
     * @param correlation  FRC per ring
     * @param cutoff       frequency (cycles per pixel) where FRC crosses 1/7; 0.5 (Nyquist) when it never falls
     *                     below; 0 when it starts below
     * @param resolutionPx 1 / cutoff in pixels (infinite when cutoff is 0)
     */
    public record Result(double[] frequencies, double[] correlation, double cutoff, double resolutionPx) {
        /** The resolution in nm for a pixel size in nm. */
        public double resolutionNm(double pixelNm) {
            return resolutionPx * pixelNm;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "FRC: 1/7 crossing at %.4f cycles/px, resolution %.3f px", cutoff,
                    resolutionPx);
        }
    }

    /**
     * The FRC of two images of {@code ny x nx}.
     *
     * @throws IllegalArgumentException when the sizes differ from {@code ny x nx} or are below 16 x 16
     */
    public static Result compute(float[] a, float[] b, int ny, int nx) {
        if (ny < 16 || nx < 16 || a.length != ny * nx || b.length != ny * nx) {
            throw new IllegalArgumentException("FRC needs two images of the same size, at least 16 x 16; got "
                    + a.length + " and " + b.length + " values for " + ny + " x " + nx);
        }
        float[] fa = Spectrum.transform(Spectrum.apodize(a, ny, nx, Math.max(4, Math.min(ny, nx) / 16)), ny, nx);
        float[] fb = Spectrum.transform(Spectrum.apodize(b, ny, nx, Math.max(4, Math.min(ny, nx) / 16)), ny, nx);
        double[] radius = Spectrum.radii(ny, nx);
        int rings = Math.min(ny, nx) / 2; // ring width: one sample along the shorter axis
        double[] cross = new double[rings];
        double[] pa = new double[rings];
        double[] pb = new double[rings];
        for (int i = 1; i < ny * nx; i++) {
            int ring = (int) Math.round(radius[i] * rings);
            if (ring < 1 || ring >= rings) {
                continue;
            }
            cross[ring] += fa[2 * i] * (double) fb[2 * i] + fa[2 * i + 1] * (double) fb[2 * i + 1];
            pa[ring] += fa[2 * i] * (double) fa[2 * i] + fa[2 * i + 1] * (double) fa[2 * i + 1];
            pb[ring] += fb[2 * i] * (double) fb[2 * i] + fb[2 * i + 1] * (double) fb[2 * i + 1];
        }
        double[] freq = new double[rings - 1];
        double[] frc = new double[rings - 1];
        for (int r = 1; r < rings; r++) {
            freq[r - 1] = 0.5 * r / rings;
            frc[r - 1] = pa[r] > 0 && pb[r] > 0 ? cross[r] / Math.sqrt(pa[r] * pb[r]) : 0;
        }
        double cutoff = 0.5;
        if (frc[0] < THRESHOLD) {
            cutoff = 0;
        } else {
            for (int i = 1; i < frc.length; i++) {
                if (frc[i] < THRESHOLD) {
                    double t = (frc[i - 1] - THRESHOLD) / (frc[i - 1] - frc[i]);
                    cutoff = freq[i - 1] + t * (freq[i] - freq[i - 1]);
                    break;
                }
            }
        }
        return new Result(freq, frc, cutoff, cutoff > 0 ? 1 / cutoff : Double.POSITIVE_INFINITY);
    }
}
