package org.jcare.optics.psf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * The width of thin filaments (microtubules, 25 nm, far below the PSF) in a widefield image, measured from the image
 * itself: their cross-section is the PSF's line-spread function, so its width says how wide the PSF is in pixels when
 * nothing records the objective. The classical procedure of a microscopist measuring line profiles, automated:
 * <ol>
 * <li>ridges: the Hessian of the image smoothed by a Gaussian of 1 pixel; a pixel lies on a line when the Hessian's
 * most negative eigenvalue is strong (top 10% of the image) and at least 3 times the other's magnitude (a line, not a
 * spot or a crossing), and the smoothed intensity is maximal there along the line's normal;</li>
 * <li>strongest ridge points first, at least 4 pixels apart;</li>
 * <li>at each, the profile across the line: the raw pixels within +-5 pixels across and +-2 along it, each at its
 * signed distance from the line (no interpolation, which would widen the profile);</li>
 * <li>a Gaussian plus a linear background fitted by Levenberg-Marquardt ({@code commons-math3}); fits whose centre
 * moved over 1 pixel, whose width is outside [0.3, 4] pixels, whose amplitude is below 4 times the residual's
 * standard deviation or that explain less than 70% of the profile's variance are rejected.</li>
 * </ol>
 * The median FWHM of the accepted fits is the estimate. A Gaussian fitted to an Airy line-spread function, pixel
 * integration and the filament's own width all bias it; comparing with the same estimator on simulated images of
 * known PSF removes those biases (what the synthetic-data evidence does).
 */
public final class FilamentWidths {
    private static final double FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.log(2));
    private static final int REACH = 5;

    private FilamentWidths() {
    }

    /**
     * The measurement.
     *
     * @param medianFwhmPx median FWHM of the accepted profiles, pixels (NaN when none)
     * @param lowerQuartilePx 25th percentile of the FWHMs
     * @param upperQuartilePx 75th percentile
     * @param accepted     profiles accepted
     * @param candidates   ridge points tried
     */
    public record Result(double medianFwhmPx, double lowerQuartilePx, double upperQuartilePx, int accepted,
                         int candidates) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "filament FWHM %.3f px (quartiles %.3f-%.3f) from %d of %d profiles",
                    medianFwhmPx, lowerQuartilePx, upperQuartilePx, accepted, candidates);
        }
    }

    /**
     * Measures the filaments of a 2D image of {@code ny x nx} pixels, trying at most {@code maxProfiles} ridge points.
     *
     * @throws IllegalArgumentException when the image is smaller than 24 x 24 or its values are not finite
     */
    public static Result measure(float[] image, int ny, int nx, int maxProfiles) {
        if (ny < 24 || nx < 24 || image.length != ny * nx) {
            throw new IllegalArgumentException("filament widths need a 2D image of at least 24 x 24 pixels, got " + ny
                    + " x " + nx + " (" + image.length + " values)");
        }
        for (float v : image) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("filament widths: the image has NaN or infinite values");
            }
        }
        double[] smooth = gaussian(image, ny, nx, 1.0);
        List<double[]> ridges = ridges(smooth, ny, nx);
        List<double[]> chosen = spaced(ridges, 4, maxProfiles);
        List<Double> widths = new ArrayList<>();
        for (double[] r : chosen) {
            double w = fit(image, ny, nx, (int) r[1], (int) r[2], r[3], r[4]);
            if (!Double.isNaN(w)) {
                widths.add(w);
            }
        }
        double[] w = widths.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Result(quantile(w, 0.5), quantile(w, 0.25), quantile(w, 0.75), w.length, chosen.size());
    }

    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(sorted.length - 1, i + 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }

    /** Ridge points {strength, y, x, ny, nx} (normal unit vector) of a smoothed image. */
    private static List<double[]> ridges(double[] s, int ny, int nx) {
        int margin = REACH + 2;
        List<double[]> all = new ArrayList<>();
        double[] strengths = new double[ny * nx];
        int count = 0;
        for (int y = margin; y < ny - margin; y++) {
            for (int x = margin; x < nx - margin; x++) {
                double[] e = hessian(s, nx, y, x);
                if (e[0] < 0 && -e[0] > 3 * Math.abs(e[1])) {
                    strengths[count++] = -e[0];
                    all.add(new double[] {-e[0], y, x, e[2], e[3]});
                }
            }
        }
        if (count == 0) {
            return all;
        }
        double[] sorted = Arrays.copyOf(strengths, count);
        Arrays.sort(sorted);
        // strong relative to the whole image (the top 10% of all pixels' line strengths) and to the noise (the
        // median line strength plus 5 median absolute deviations: lines are sparse, so these describe the rest)
        double threshold = sorted[Math.max(0, count - Math.max(1, (ny - 2 * margin) * (nx - 2 * margin) / 10))];
        double median = sorted[count / 2];
        double[] dev = new double[count];
        for (int i = 0; i < count; i++) {
            dev[i] = Math.abs(sorted[i] - median);
        }
        Arrays.sort(dev);
        threshold = Math.max(threshold, median + 5 * dev[count / 2]);
        List<double[]> out = new ArrayList<>();
        for (double[] r : all) {
            if (r[0] < threshold) {
                continue;
            }
            int y = (int) r[1];
            int x = (int) r[2];
            double c = s[y * nx + x];
            if (c >= bilinear(s, ny, nx, y + r[3], x + r[4]) && c >= bilinear(s, ny, nx, y - r[3], x - r[4])) {
                out.add(r);
            }
        }
        return out;
    }

    /** Eigenvalues (ascending) of the Hessian at (y, x) and the unit eigenvector {ny, nx} of the smaller one. */
    private static double[] hessian(double[] s, int nx, int y, int x) {
        int i = y * nx + x;
        double hyy = s[i + nx] - 2 * s[i] + s[i - nx];
        double hxx = s[i + 1] - 2 * s[i] + s[i - 1];
        double hxy = (s[i + nx + 1] - s[i + nx - 1] - s[i - nx + 1] + s[i - nx - 1]) / 4;
        double mean = (hyy + hxx) / 2;
        double d = Math.sqrt((hyy - hxx) * (hyy - hxx) / 4 + hxy * hxy);
        double l1 = mean - d;
        double l2 = mean + d;
        // eigenvector of l1: (hxy, l1 - hyy) or (l1 - hxx, hxy) in (y, x), whichever is better conditioned
        double vy;
        double vx;
        if (Math.abs(hyy - l1) > Math.abs(hxx - l1)) {
            vy = hxy;
            vx = l1 - hyy;
        } else {
            vy = l1 - hxx;
            vx = hxy;
        }
        double n = Math.hypot(vy, vx);
        if (n == 0) {
            return new double[] {l1, l2, 1, 0};
        }
        return new double[] {l1, l2, vy / n, vx / n};
    }

    /** The strongest points first, each at least {@code minDistance} pixels from those already taken. */
    private static List<double[]> spaced(List<double[]> ridges, double minDistance, int max) {
        List<double[]> sorted = new ArrayList<>(ridges);
        sorted.sort(Comparator.comparingDouble((double[] r) -> -r[0]));
        List<double[]> out = new ArrayList<>();
        double d2 = minDistance * minDistance;
        for (double[] r : sorted) {
            if (out.size() >= max) {
                break;
            }
            boolean far = true;
            for (double[] o : out) {
                double dy = o[1] - r[1];
                double dx = o[2] - r[2];
                if (dy * dy + dx * dx < d2) {
                    far = false;
                    break;
                }
            }
            if (far) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * The FWHM in pixels of the profile across the line at (y, x) with normal (vy, vx), or NaN when rejected. The
     * profile is the pixels themselves (no interpolation, which would widen it), each at its signed distance from the
     * line, taken within +-{@value #REACH} pixels across and +-2 along the line.
     */
    static double fit(float[] image, int ny, int nx, int y, int x, double vy, double vx) {
        List<double[]> pts = new ArrayList<>();
        int r = REACH + 2;
        for (int j = Math.max(0, y - r); j <= Math.min(ny - 1, y + r); j++) {
            for (int i = Math.max(0, x - r); i <= Math.min(nx - 1, x + r); i++) {
                double across = (j - y) * vy + (i - x) * vx;
                double along = -(j - y) * vx + (i - x) * vy;
                if (Math.abs(across) <= REACH && Math.abs(along) <= 2) {
                    pts.add(new double[] {across, image[j * nx + i]});
                }
            }
        }
        int n = pts.size();
        double[] t = new double[n];
        double[] p = new double[n];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double mean = 0;
        for (int k = 0; k < n; k++) {
            t[k] = pts.get(k)[0];
            p[k] = pts.get(k)[1];
            lo = Math.min(lo, p[k]);
            hi = Math.max(hi, p[k]);
            mean += p[k] / n;
        }
        if (!(hi > lo) || n < 20) {
            return Double.NaN;
        }
        MultivariateJacobianFunction model = params -> {
            double amp = params.getEntry(0);
            double c = params.getEntry(1);
            double sigma = params.getEntry(2);
            double b = params.getEntry(3);
            double slope = params.getEntry(4);
            RealVector v = new ArrayRealVector(n);
            Array2DRowRealMatrix jac = new Array2DRowRealMatrix(n, 5);
            for (int k = 0; k < n; k++) {
                double u = (t[k] - c) / sigma;
                double g = Math.exp(-u * u / 2);
                v.setEntry(k, amp * g + b + slope * t[k]);
                jac.setEntry(k, 0, g);
                jac.setEntry(k, 1, amp * g * u / sigma);
                jac.setEntry(k, 2, amp * g * u * u / sigma);
                jac.setEntry(k, 3, 1);
                jac.setEntry(k, 4, t[k]);
            }
            return new Pair<>(v, jac);
        };
        LeastSquaresOptimizer.Optimum opt;
        try {
            opt = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder().model(model)
                    .target(p).start(new double[] {hi - lo, 0, 1.2, lo, 0}).maxEvaluations(200).maxIterations(200)
                    .build());
        } catch (RuntimeException e) { // no convergence: not a usable profile
            return Double.NaN;
        }
        double[] q = opt.getPoint().toArray();
        double sigma = Math.abs(q[2]);
        double rms = opt.getRMS();
        double total = 0;
        for (double v : p) {
            total += (v - mean) * (v - mean);
        }
        double r2 = 1 - rms * rms * n / total;
        if (Math.abs(q[1]) > 1 || sigma < 0.3 || sigma > 4 || !(q[0] > 4 * rms) || r2 < 0.7) {
            return Double.NaN;
        }
        return FWHM_PER_SIGMA * sigma;
    }

    private static double bilinear(float[] a, int ny, int nx, double y, double x) {
        int y0 = Math.max(0, Math.min(ny - 2, (int) Math.floor(y)));
        int x0 = Math.max(0, Math.min(nx - 2, (int) Math.floor(x)));
        double ty = Math.max(0, Math.min(1, y - y0));
        double tx = Math.max(0, Math.min(1, x - x0));
        double top = a[y0 * nx + x0] * (1 - tx) + a[y0 * nx + x0 + 1] * tx;
        double bottom = a[(y0 + 1) * nx + x0] * (1 - tx) + a[(y0 + 1) * nx + x0 + 1] * tx;
        return top * (1 - ty) + bottom * ty;
    }

    private static double bilinear(double[] a, int ny, int nx, double y, double x) {
        int y0 = Math.max(0, Math.min(ny - 2, (int) Math.floor(y)));
        int x0 = Math.max(0, Math.min(nx - 2, (int) Math.floor(x)));
        double ty = Math.max(0, Math.min(1, y - y0));
        double tx = Math.max(0, Math.min(1, x - x0));
        double top = a[y0 * nx + x0] * (1 - tx) + a[y0 * nx + x0 + 1] * tx;
        double bottom = a[(y0 + 1) * nx + x0] * (1 - tx) + a[(y0 + 1) * nx + x0 + 1] * tx;
        return top * (1 - ty) + bottom * ty;
    }

    /** A separable Gaussian blur (sigma in pixels), edges clamped. */
    private static double[] gaussian(float[] a, int ny, int nx, double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        double[] tmp = new double[a.length];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                double v = 0;
                for (int i = -r; i <= r; i++) {
                    v += k[i + r] * a[y * nx + Math.min(nx - 1, Math.max(0, x + i))];
                }
                tmp[y * nx + x] = v;
            }
        }
        double[] out = new double[a.length];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                double v = 0;
                for (int i = -r; i <= r; i++) {
                    v += k[i + r] * tmp[Math.min(ny - 1, Math.max(0, y + i)) * nx + x];
                }
                out[y * nx + x] = v;
            }
        }
        return out;
    }
}
