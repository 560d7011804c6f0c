package org.jcare.training.eval;

import java.util.Arrays;

/**
 * Structural similarity exactly as {@code skimage.metrics.structural_similarity(a, b, gaussian_weights=True,
 * sigma=1.5, use_sample_covariance=False, data_range=R)} computes it (scikit-image 0.19), for 2D and 3D images, in
 * double precision.
 *
 * <p>Local statistics use a normalized Gaussian window of sigma 1.5 truncated at 3.5 sigma (radius
 * {@code int(3.5 * 1.5 + 0.5) = 5}, 11 taps per axis: 11x11 in 2D, 11x11x11 in 3D), applied separably with scipy's
 * {@code 'reflect'} border ({@code d c b a | a b c d}). With {@code ux, uy} the filtered images and {@code uxx, uyy,
 * uxy} the filtered products, population (co)variances {@code vx = uxx - ux^2} etc., {@code C1 = (0.01 R)^2},
 * {@code C2 = (0.03 R)^2}, the map is {@code S = (2 ux uy + C1)(2 vxy + C2) / ((ux^2 + uy^2 + C1)(vx + vy + C2))},
 * and the result is the mean of S without a border of 5 pixels on every axis (so every axis needs at least 11
 * pixels, as scikit-image requires).
 */
public final class Ssim {
    /** Gaussian sigma. */
    public static final double SIGMA = 1.5;
    /** Truncation in sigmas (scikit-image sets 3.5 for gaussian_weights). */
    public static final double TRUNCATE = 3.5;
    /** Luminance constant factor. */
    public static final double K1 = 0.01;
    /** Contrast constant factor. */
    public static final double K2 = 0.03;
    /** Window radius: {@code int(TRUNCATE * SIGMA + 0.5)} = 5. */
    public static final int RADIUS = (int) (TRUNCATE * SIGMA + 0.5);

    private static final double[] WEIGHTS = gaussianWeights();

    private Ssim() {
    }

    /**
     * Mean SSIM of two images of the same {@code shape} (2 or 3 axes, C order).
     *
     * @throws IllegalArgumentException when shapes differ or an axis is shorter than the 11-pixel window
     */
    public static double ssim(double[] a, double[] b, int[] shape, double dataRange) {
        long n = check(a, b, shape);
        double[] ux = filter(a, shape);
        double[] uy = filter(b, shape);
        double[] tmp = new double[(int) n];
        for (int i = 0; i < n; i++) {
            tmp[i] = a[i] * a[i];
        }
        double[] uxx = filter(tmp, shape);
        for (int i = 0; i < n; i++) {
            tmp[i] = b[i] * b[i];
        }
        double[] uyy = filter(tmp, shape);
        for (int i = 0; i < n; i++) {
            tmp[i] = a[i] * b[i];
        }
        double[] uxy = filter(tmp, shape);
        double c1 = (K1 * dataRange) * (K1 * dataRange);
        double c2 = (K2 * dataRange) * (K2 * dataRange);
        // mean over the interior, i.e. S cropped by RADIUS on every side of every axis
        int rank = shape.length;
        int[] idx = new int[rank];
        double sum = 0;
        long count = 0;
        for (int i = 0; i < n; i++) {
            boolean inside = true;
            for (int d = 0; d < rank; d++) {
                inside &= idx[d] >= RADIUS && idx[d] < shape[d] - RADIUS;
            }
            if (inside) {
                double mx = ux[i];
                double my = uy[i];
                double vx = uxx[i] - mx * mx;
                double vy = uyy[i] - my * my;
                double vxy = uxy[i] - mx * my;
                double s = ((2 * mx * my + c1) * (2 * vxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                sum += s;
                count++;
            }
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return sum / count;
    }

    /** The Gaussian-filtered image (separable, scipy 'reflect' border), as scikit-image's local mean. */
    static double[] filter(double[] img, int[] shape) {
        double[] cur = img.clone();
        double[] line = new double[0];
        for (int axis = 0; axis < shape.length; axis++) {
            int len = shape[axis];
            int stride = 1;
            for (int d = axis + 1; d < shape.length; d++) {
                stride *= shape[d];
            }
            if (line.length < len) {
                line = new double[len];
            }
            double[] next = new double[cur.length];
            int outer = cur.length / (len * stride);
            for (int o = 0; o < outer; o++) {
                for (int in = 0; in < stride; in++) {
                    int base = o * len * stride + in;
                    for (int j = 0; j < len; j++) {
                        line[j] = cur[base + j * stride];
                    }
                    for (int j = 0; j < len; j++) {
                        double s = 0;
                        for (int t = -RADIUS; t <= RADIUS; t++) {
                            s += WEIGHTS[t + RADIUS] * line[symmetric(j + t, len)];
                        }
                        next[base + j * stride] = s;
                    }
                }
            }
            cur = next;
        }
        return cur;
    }

    /** scipy.ndimage's 'reflect' index (half-sample symmetric, period 2n). */
    static int symmetric(int i, int n) {
        int p = 2 * n;
        int m = ((i % p) + p) % p;
        return m < n ? m : p - 1 - m;
    }

    private static double[] gaussianWeights() {
        double[] w = new double[2 * RADIUS + 1];
        double sum = 0;
        for (int x = -RADIUS; x <= RADIUS; x++) {
            w[x + RADIUS] = Math.exp(-0.5 / (SIGMA * SIGMA) * x * x);
            sum += w[x + RADIUS];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        return w;
    }

    static long check(double[] a, double[] b, int[] shape) {
        if (shape.length < 2 || shape.length > 3) {
            throw new IllegalArgumentException("SSIM of a 2D or 3D image, got shape " + Arrays.toString(shape));
        }
        long n = 1;
        for (int s : shape) {
            if (s < 2 * RADIUS + 1) {
                throw new IllegalArgumentException("SSIM needs at least " + (2 * RADIUS + 1) + " pixels along every"
                        + " axis (the Gaussian window), got shape " + Arrays.toString(shape));
            }
            n *= s;
        }
        if (a.length != n || b.length != n) {
            throw new IllegalArgumentException("SSIM: images of " + a.length + " and " + b.length
                    + " values for shape " + Arrays.toString(shape));
        }
        return n;
    }
}
