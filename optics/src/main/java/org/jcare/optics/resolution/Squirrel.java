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
 *
 * <p>A restoration on a finer grid than the reference (an upsampling model's output, {@code F} times the reference's
 * samples per axis) is blurred on its own grid, as NanoJ-SQUIRREL does, and then sampled at the reference's pixel
 * positions ({@link Grid}): by linear interpolation for the grid of a linear zoom ({@code scipy.ndimage.zoom},
 * CSBDeep's and jcare's upsampling), whose first and last samples coincide with the reference's, so reference pixel
 * {@code j} lies at fine position {@code j (m - 1) / (n - 1)}; by summing F x F blocks for a grid that splits each
 * reference pixel into F x F sub-pixels (a camera pixel integrates them; {@code FineGridRichardsonLucy}). The fitted
 * sigma is then in the restoration's pixels, and RSE, RSP and the error map are on the reference's grid.
 */
public final class Squirrel {
    private Squirrel() {
    }

    /**
     * The result.
     *
     * @param sigmaPx  fitted RSF width (Gaussian standard deviation) in pixels of the restoration
     * @param alpha    fitted intensity scale
     * @param beta     fitted offset
     * @param rse      resolution-scaled error, in the reference's units
     * @param rsp      resolution-scaled Pearson coefficient
     * @param scaled   I_RS, the restoration at the reference's resolution, intensity scale and grid
     * @param errorMap |W - I_RS| per pixel of the reference
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
        return map(reference, ny, nx, restored, ny, nx);
    }

    /**
     * How a restoration's grid lies over the reference's.
     *
     * @param binned the restoration splits every reference pixel into {@code my / ny x mx / nx} sub-pixels (else: a
     *               linear zoom's grid, end samples on end samples)
     */
    public record Grid(boolean binned) {
        /** The grid of a linear zoom (scipy, CSBDeep; the same grid when the sizes agree). */
        public static final Grid ZOOM = new Grid(false);
        /** Sub-pixels: F x F per reference pixel. */
        public static final Grid BINNED = new Grid(true);
    }

    /**
     * Maps the errors of {@code restored} ({@code my x mx}, the same field as the reference on a linear zoom's grid at
     * least as fine: my &gt;= ny, mx &gt;= nx) against {@code reference} ({@code ny x nx}).
     *
     * @throws IllegalArgumentException when a size does not match its array or the restoration is coarser, or an
     *                                  image is constant or not finite
     */
    public static Result map(float[] reference, int ny, int nx, float[] restored, int my, int mx) {
        return map(reference, ny, nx, restored, my, mx, Grid.ZOOM);
    }

    /**
     * Maps the errors of {@code restored} ({@code my x mx} on {@code grid} over the reference) against
     * {@code reference} ({@code ny x nx}).
     *
     * @throws IllegalArgumentException when a size does not match its array, the restoration is coarser, a binned
     *                                  grid's sizes are not multiples of the reference's, or an image is constant or
     *                                  not finite
     */
    public static Result map(float[] reference, int ny, int nx, float[] restored, int my, int mx, Grid grid) {
        if (grid.binned() && (my % ny != 0 || mx % nx != 0)) {
            throw new IllegalArgumentException("SQUIRREL: a restoration of " + my + " x " + mx + " sub-pixels does not"
                    + " split a reference of " + ny + " x " + nx + " pixels evenly");
        }
        if (reference.length != ny * nx || restored.length != my * mx || my < ny || mx < nx || ny < 2 || nx < 2) {
            throw new IllegalArgumentException("SQUIRREL needs the reference (" + reference.length + " values for " + ny
                    + " x " + nx + ") and a restoration of the same field at the same or a finer sampling ("
                    + restored.length + " values for " + my + " x " + mx + ")");
        }
        if (!finite(reference) || !finite(restored)) {
            throw new IllegalArgumentException("SQUIRREL: the images have NaN or infinite values");
        }
        Blur blur = new Blur(restored, my, mx, ny, nx, grid.binned());
        double lo = 0;
        double hi = 8 * Math.max((double) my / ny, (double) mx / nx);
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

    private static boolean finite(float[] a) {
        for (float v : a) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
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

    /**
     * Gaussian blurs of one image at any sigma: its transform on a mirror-padded canvas, computed once; each blur is
     * sampled at the positions of an {@code oy x ox} grid over the same field (the image's own pixels when the sizes
     * agree).
     */
    static final class Blur {
        private final int ny;
        private final int nx;
        private final int oy;
        private final int ox;
        private final int cy;
        private final int cx;
        private final int pad;
        private final boolean binned;
        private final float[] spectrum;
        private final ComplexFft fft;

        Blur(float[] image, int ny, int nx) {
            this(image, ny, nx, ny, nx, false);
        }

        Blur(float[] image, int ny, int nx, int oy, int ox, boolean binned) {
            this.binned = binned;
            this.ny = ny;
            this.nx = nx;
            this.oy = oy;
            this.ox = ox;
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
            float[] out = new float[oy * ox];
            if (oy == ny && ox == nx) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        out[y * nx + x] = a[2 * ((y + pad) * cx + x + pad)];
                    }
                }
                return out;
            }
            if (binned) {
                int by = ny / oy;
                int bx = nx / ox;
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        out[(y / by) * ox + x / bx] += a[2 * ((y + pad) * cx + x + pad)];
                    }
                }
                return out;
            }
            double sy = oy == 1 ? 0 : (double) (ny - 1) / (oy - 1);
            double sx = ox == 1 ? 0 : (double) (nx - 1) / (ox - 1);
            for (int y = 0; y < oy; y++) {
                double fy = y * sy;
                int y0 = Math.min(ny - 2, (int) Math.floor(fy));
                double ty = fy - y0;
                for (int x = 0; x < ox; x++) {
                    double fx = x * sx;
                    int x0 = Math.min(nx - 2, (int) Math.floor(fx));
                    double tx = fx - x0;
                    int i00 = 2 * ((y0 + pad) * cx + x0 + pad);
                    int i10 = i00 + 2 * cx;
                    double top = a[i00] * (1 - tx) + a[i00 + 2] * tx;
                    double bottom = a[i10] * (1 - tx) + a[i10 + 2] * tx;
                    out[y * ox + x] = (float) (top * (1 - ty) + bottom * ty);
                }
            }
            return out;
        }
    }
}
