package org.jcare.optics.resolution;

import java.util.Locale;
import org.jcare.optics.fft.ComplexFft;

/**
 * SQUIRREL-style error mapping (Culley et al., "Quantitative mapping and minimization of super-resolution optical
 * imaging artifacts", Nature Methods 15, 263-266, 2018): a restored image R is taken back to the reference's
 * (widefield) resolution by a resolution-scaling function, a Gaussian of width sigma, with an intensity scale alpha and
 * offset beta, all fitted by least squares to the reference W:
 * <pre>
 *   I_RS = alpha * (R * G_sigma) + beta,   minimize sum (W - I_RS)^2
 * </pre>
 * (alpha and beta in closed form for each sigma, sigma by golden-section search in [0, 8] pixels). The
 * resolution-scaled error RSE = sqrt(mean (W - I_RS)^2), the resolution-scaled Pearson coefficient RSP = pearson(W,
 * I_RS), and the error map |W - I_RS| show where the restoration invents or loses structure. Convolutions are FFTs on
 * a mirror-padded canvas, so borders add no artifacts.
 */
public final class Squirrel {
    private Squirrel() {
    }

    /**
     * The result.
     *
     * @param sigmaPx  fitted RSF width (Gaussian standard deviation) in pixels
     * @param alpha    fitted intensity scale
     * @param beta     fitted offset
     * @param rse      resolution-scaled error, in the reference's units
     * @param rsp      resolution-scaled Pearson coefficient
     * @param scaled   I_RS, the restoration at the reference's resolution and intensity scale
     * @param errorMap |W - I_RS| per pixel
     */
    public record Result(double sigmaPx, double alpha, double beta, double rse, double rsp, float[] scaled,
                         float[] errorMap) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "SQUIRREL: RSF sigma %.3f px, alpha %.4g, beta %.4g, RSE %.4g, RSP %.4f",
                    sigmaPx, alpha, beta, rse, rsp);
        }
    }

    /**
     * Maps the errors of {@code restored} against {@code reference}, both {@code ny x nx}.
     *
     * @throws IllegalArgumentException when the sizes do not match or an image is constant or not finite
     */
    public static Result map(float[] reference, float[] restored, int ny, int nx) {
        if (reference.length != ny * nx || restored.length != ny * nx) {
            throw new IllegalArgumentException("SQUIRREL needs the reference and the restoration at the same size; got "
                    + reference.length + " and " + restored.length + " values for " + ny + " x " + nx);
        }
        for (int i = 0; i < reference.length; i++) {
            if (!Float.isFinite(reference[i]) || !Float.isFinite(restored[i])) {
                throw new IllegalArgumentException("SQUIRREL: the images have NaN or infinite values");
            }
        }
        Blur blur = new Blur(restored, ny, nx);
        double lo = 0;
        double hi = 8;
        double phi = (Math.sqrt(5) - 1) / 2;
        double x1 = hi - phi * (hi - lo);
        double x2 = lo + phi * (hi - lo);
        double f1 = fit(reference, blur.at(x1))[2];
        double f2 = fit(reference, blur.at(x2))[2];
        for (int it = 0; it < 40 && hi - lo > 1e-4; it++) {
            if (f1 < f2) {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - phi * (hi - lo);
                f1 = fit(reference, blur.at(x1))[2];
            } else {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + phi * (hi - lo);
                f2 = fit(reference, blur.at(x2))[2];
            }
        }
        double sigma = (lo + hi) / 2;
        float[] b = blur.at(sigma);
        double[] ab = fit(reference, b);
        float[] scaled = new float[b.length];
        float[] error = new float[b.length];
        double sse = 0;
        for (int i = 0; i < b.length; i++) {
            scaled[i] = (float) (ab[0] * b[i] + ab[1]);
            double e = reference[i] - scaled[i];
            error[i] = (float) Math.abs(e);
            sse += e * e;
        }
        return new Result(sigma, ab[0], ab[1], Math.sqrt(sse / b.length), pearson(reference, scaled), scaled, error);
    }

    /** Least-squares alpha, beta of w ~ alpha b + beta, and the residual sum of squares. */
    static double[] fit(float[] w, float[] b) {
        double n = w.length;
        double sb = 0;
        double sw = 0;
        for (int i = 0; i < w.length; i++) {
            sb += b[i];
            sw += w[i];
        }
        double mb = sb / n;
        double mw = sw / n;
        double sbb = 0;
        double sbw = 0;
        double sww = 0;
        for (int i = 0; i < w.length; i++) {
            double db = b[i] - mb;
            double dw = w[i] - mw;
            sbb += db * db;
            sbw += db * dw;
            sww += dw * dw;
        }
        if (!(sbb > 0)) {
            throw new IllegalArgumentException("SQUIRREL: the restored image is constant");
        }
        double alpha = sbw / sbb;
        double beta = mw - alpha * mb;
        return new double[] {alpha, beta, Math.max(0, sww - alpha * sbw)};
    }

    static double pearson(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
    }

    /** Gaussian blurs of one image at any sigma: its transform on a mirror-padded canvas, computed once. */
    static final class Blur {
        private final int ny;
        private final int nx;
        private final int cy;
        private final int cx;
        private final int pad;
        private final float[] spectrum;
        private final ComplexFft fft;

        Blur(float[] image, int ny, int nx) {
            this.ny = ny;
            this.nx = nx;
            this.pad = 32;
            this.cy = ComplexFft.goodSize(ny + 2 * pad);
            this.cx = ComplexFft.goodSize(nx + 2 * pad);
            this.fft = new ComplexFft(1, cy, cx);
            this.spectrum = new float[2 * cy * cx];
            for (int y = 0; y < cy; y++) {
                int sy = mirror(y - pad, ny);
                for (int x = 0; x < cx; x++) {
                    spectrum[2 * (y * cx + x)] = image[sy * nx + mirror(x - pad, nx)];
                }
            }
            fft.forward(spectrum);
        }

        private static int mirror(int i, int n) {
            int period = 2 * n;
            int m = Math.floorMod(i, period);
            return m < n ? m : period - 1 - m;
        }

        float[] at(double sigma) {
            float[] a = spectrum.clone();
            if (sigma > 0) {
                for (int y = 0; y < cy; y++) {
                    double fy = ComplexFft.frequency(y, cy);
                    for (int x = 0; x < cx; x++) {
                        double fx = ComplexFft.frequency(x, cx);
                        float g = (float) Math.exp(-2 * Math.PI * Math.PI * sigma * sigma * (fy * fy + fx * fx));
                        a[2 * (y * cx + x)] *= g;
                        a[2 * (y * cx + x) + 1] *= g;
                    }
                }
            }
            fft.inverse(a);
            float[] out = new float[ny * nx];
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    out[y * nx + x] = a[2 * ((y + pad) * cx + x + pad)];
                }
            }
            return out;
        }
    }
}
