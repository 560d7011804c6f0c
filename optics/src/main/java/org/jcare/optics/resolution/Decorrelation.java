package org.jcare.optics.resolution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Resolution of a single image by decorrelation analysis (Descloux, Grussmayer and Radenovic, "Parameter-free image
 * resolution estimation based on decorrelation analysis", Nature Methods 16, 918-924, 2019). The image's Fourier
 * transform I is correlated with its own phase I/|I| inside a disc of normalized radius r (1 = Nyquist):
 * <pre>
 *   d(r) = sum_{|k| &lt; r} Re(I(k) conj(I_n(k))) / ( ||I|| * ||I_n restricted to |k| &lt; r|| )
 * </pre>
 * Noise makes I_n white while the signal is band-limited, so d(r) rises to a peak and falls: the peak's position is
 * a cut-off estimate. Repeating with the image high-pass filtered by Gaussians of decreasing width (two refinement
 * rounds, 10 filters each, as the authors' code) moves the peak outwards until only noise is left; the highest peak
 * with amplitude at least 0.05 is the cut-off frequency k_c, and the resolution is 2 pixels / k_c. The image is
 * apodized over 20 pixels and made odd-sized first, as in the authors' code; this class is written from the paper and
 * that description, not copied.
 */
public final class Decorrelation {
    /** Radii sampled per curve. */
    static final int RADII = 50;
    /** High-pass filters per refinement round. */
    static final int FILTERS = 10;
    /** Peaks below this amplitude are noise (the authors' threshold). */
    static final double MIN_AMPLITUDE = 0.05;

    private Decorrelation() {
    }

    /**
     * The result.
     *
     * @param cutoff       k_c, normalized (1 = Nyquist); 0 when no peak was significant
     * @param amplitude    the peak amplitude at k_c (a signal-to-noise indicator)
     * @param resolutionPx 2 / k_c in pixels (infinite when k_c is 0)
     * @param radii        the radii of the unfiltered curve
     * @param d0           the unfiltered decorrelation curve d(r)
     */
    public record Result(double cutoff, double amplitude, double resolutionPx, double[] radii, double[] d0) {
        /** The resolution in nm for a pixel size in nm. */
        public double resolutionNm(double pixelNm) {
            return resolutionPx * pixelNm;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "decorrelation: k_c %.4f (amplitude %.3f), resolution %.3f px", cutoff,
                    amplitude, resolutionPx);
        }
    }

    /**
     * Analyses a 2D image of {@code ny x nx} pixels (row-major).
     *
     * @throws IllegalArgumentException when the image is smaller than 16 x 16, not finite, or constant
     */
    public static Result analyze(float[] image, int ny, int nx) {
        if (ny < 16 || nx < 16 || image.length != ny * nx) {
            throw new IllegalArgumentException("decorrelation analysis needs a 2D image of at least 16 x 16 pixels, got "
                    + ny + " x " + nx + " (" + image.length + " values)");
        }
        int my = ny - (ny % 2 == 0 ? 1 : 0);
        int mx = nx - (nx % 2 == 0 ? 1 : 0);
        float[] odd = new float[my * mx];
        for (int y = 0; y < my; y++) {
            System.arraycopy(image, y * nx, odd, y * mx, mx);
        }
        double[] im = Spectrum.apodize(odd, my, mx, 20);
        double mean = 0;
        for (double v : im) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("decorrelation analysis: the image has NaN or infinite values");
            }
            mean += v;
        }
        mean /= im.length;
        double var = 0;
        for (double v : im) {
            var += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(var / (im.length - 1));
        if (!(std > 0)) {
            throw new IllegalArgumentException("decorrelation analysis: the image is constant");
        }
        double[] z = new double[im.length];
        for (int i = 0; i < im.length; i++) {
            z[i] = (im[i] - mean) / std;
        }
        float[] f = Spectrum.transform(z, my, mx);
        double[] radius = Spectrum.radii(my, mx);
        int n = my * mx;
        double[] mag = new double[n];
        boolean[] inside = new boolean[n];
        for (int i = 0; i < n; i++) {
            mag[i] = Math.hypot(f[2 * i], f[2 * i + 1]);
            inside[i] = radius[i] < 1 && i != 0; // the analysis is restricted to the disc; the mean is removed
        }
        // coefficients inside the disc sorted by radius, so every d(r) is a prefix sum
        Integer[] order = new Integer[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (inside[i] && mag[i] > 0) {
                order[count++] = i;
            }
        }
        Integer[] sorted = Arrays.copyOf(order, count);
        Arrays.sort(sorted, (a, b) -> Double.compare(radius[a], radius[b]));
        double[] sortedRadius = new double[count];
        for (int i = 0; i < count; i++) {
            sortedRadius[i] = radius[sorted[i]];
        }
        double[] r0 = linspace(0, 1, RADII);
        double[] d0 = curve(sorted, sortedRadius, mag, radius, 0, r0);
        double[] peak0 = peak(d0);
        double res0 = r0[(int) peak0[0]];
        double snr0 = peak0[1];
        double gMax = res0 > 0 ? 2 / res0 : Math.max(my, mx) / 2.0;
        double[] g = logspace(gMax, 0.15, FILTERS);
        double[] r = r0;
        List<double[]> found = new ArrayList<>(); // (kc, amplitude) per filter
        for (int round = 0; round < 2; round++) {
            List<double[]> roundPeaks = new ArrayList<>();
            for (double sigma : g) {
                double[] d = curve(sorted, sortedRadius, mag, radius, sigma, r);
                double[] p = peak(d);
                roundPeaks.add(new double[] {r[(int) p[0]], p[1]});
            }
            found.addAll(roundPeaks);
            if (round == 0) {
                // refine: filters between the best geometric-mean peak and the highest peak, radii around the former
                int indGm = 0;
                int indMax = 0;
                double bestGm = -1;
                double bestK = -1;
                for (int i = 0; i < roundPeaks.size(); i++) {
                    double[] p = roundPeaks.get(i);
                    boolean ok = p[1] >= MIN_AMPLITUDE && p[0] > 0;
                    double gm = ok ? Math.sqrt(p[0] * p[1]) : 0;
                    double k = ok ? p[0] : 0;
                    if (gm > bestGm) {
                        bestGm = gm;
                        indGm = i;
                    }
                    if (k > bestK) {
                        bestK = k;
                        indMax = i;
                    }
                }
                int i1 = Math.min(indGm, indMax);
                int i2 = Math.max(indGm, indMax);
                if (i1 == 0) {
                    i2 = 0;
                } else if (i2 == g.length - 1) {
                    i2 = g.length - 2;
                }
                g = logspace(g[i1], g[i2 + 1], FILTERS);
                double kc = roundPeaks.get(indGm)[0];
                r = linspace(Math.max(0, kc - 0.05), Math.min(1, kc + 0.3), RADII);
            }
        }
        found.add(new double[] {res0, snr0});
        double kcMax = 0;
        double amp = 0;
        for (double[] p : found) {
            if (p[1] >= MIN_AMPLITUDE && p[0] > kcMax) {
                kcMax = p[0];
                amp = p[1];
            }
        }
        return new Result(kcMax, amp, kcMax > 0 ? 2 / kcMax : Double.POSITIVE_INFINITY, r0, d0);
    }

    /**
     * d(r) at each radius of {@code r}, of the image high-pass filtered by 1 - exp(-2 pi^2 sigma^2 f^2) (the image
     * minus its Gaussian blur of {@code sigma} pixels; sigma 0 = unfiltered).
     */
    private static double[] curve(Integer[] sorted, double[] sortedRadius, double[] mag, double[] radius, double sigma,
            double[] r) {
        int count = sorted.length;
        // with I_n = I / |I|: Re(I_r conj I_n) = |I| * w(k) for the filter gain w >= 0, and |I_n|^2 = 1
        double[] num = new double[count + 1];
        double c2 = 0;
        for (int i = 0; i < count; i++) {
            int k = sorted[i];
            double w = 1;
            if (sigma > 0) {
                double fc = radius[k] * 0.5; // cycles per pixel (radial, in the normalized metric)
                w = 1 - Math.exp(-2 * Math.PI * Math.PI * sigma * sigma * fc * fc);
            }
            double v = mag[k] * w;
            num[i + 1] = num[i] + v;
            c2 += v * v;
        }
        double c = Math.sqrt(c2);
        double[] d = new double[r.length];
        for (int j = 0; j < r.length; j++) {
            int m = upperBound(sortedRadius, r[j]);
            d[j] = m == 0 || c == 0 ? 0 : num[m] / (c * Math.sqrt(m));
        }
        return d;
    }

    /** Number of sorted radii strictly below {@code r}. */
    private static int upperBound(double[] s, double r) {
        int lo = 0;
        int hi = s.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s[mid] < r) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The position and amplitude of the curve's last significant local maximum: the global maximum, unless it is the
     * last point (the curve still rising), in which case the end is dropped until a maximum stands at least 0.001
     * above what follows it (the authors' rule).
     */
    static double[] peak(double[] d) {
        double[] t = d.clone();
        int len = t.length;
        int ind = argmax(t, len);
        while (ind == len - 1) {
            len--;
            if (len == 0) {
                return new double[] {0, 0};
            }
            ind = argmax(t, len);
            double minAfter = Double.POSITIVE_INFINITY;
            for (int i = ind; i < d.length; i++) {
                minAfter = Math.min(minAfter, d[i]);
            }
            if (t[ind] - minAfter > 0.001) {
                break;
            }
            t[ind] = minAfter;
            ind = len - 1;
        }
        return new double[] {ind, t[ind]};
    }

    private static int argmax(double[] t, int len) {
        int ind = 0;
        for (int i = 1; i < len; i++) {
            if (t[i] > t[ind]) {
                ind = i;
            }
        }
        return ind;
    }

    private static double[] linspace(double a, double b, int n) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = a + (b - a) * i / (n - 1);
        }
        return r;
    }

    private static double[] logspace(double a, double b, int n) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = Math.exp(Math.log(a) + (Math.log(b) - Math.log(a)) * i / (n - 1));
        }
        return r;
    }
}
