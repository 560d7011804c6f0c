package org.jcare.training.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jcare.io.image.FloatImage;
import org.jcare.training.predict.PercentileNormalizer;
import org.jcare.training.predict.Percentiles;

/**
 * Image-quality metrics following the CARE paper's protocol (Weigert et al. 2018; as written out in the
 * ZeroCostDL4Mic CARE notebook, "adapted from Martin Weigert"):
 * <ol>
 * <li>the ground truth is normalized with its 0.1 and 99.9 percentiles, {@code (v - lo) / (hi - lo + 1e-20)} in
 * float32, no clipping (CSBDeep's {@code normalize(gt, 0.1, 99.9)});
 * <li>the prediction is fitted to it by least squares, {@code alpha x + beta} with {@code alpha = cov(x, t) /
 * (var(x) + 1e-10)} (sample covariance and variance, as {@code np.cov}) and {@code beta = mean(t) - alpha mean(x)}
 * (CSBDeep's {@code normalize_minmse}), in double;
 * <li>NRMSE = sqrt(mean squared error), PSNR = 10 log10(1 / MSE) (data range 1), SSIM as {@link Ssim} with data
 * range 1 (Gaussian window, population covariance, K1 0.01, K2 0.03).
 * </ol>
 * The notebook (and Martin Weigert's evaluation scripts it adapts) fit differently: both images are mean-subtracted
 * and the prediction is only scaled, by {@code np.cov(x, t)[0, 1] / np.var(x)} (sample covariance over population
 * variance), and SSIM is then computed on the mean-subtracted pair, which changes SSIM's luminance term (NRMSE and
 * PSNR agree to about 1e-5). That variant is {@link Protocol#MEAN_SUBTRACTED}; the default is
 * {@link Protocol#AFFINE_FIT}, the fit above. The notebook also computes its NRMSE as
 * {@code sqrt(mean(sqrt(square(diff))))}, the root of the mean absolute error, a slip not reproduced here: NRMSE is
 * always the root of the MSE.
 *
 * <p>Images are single-channel, 2D or 3D; axes of size 1 are dropped (a "ZYX" image with one slice is 2D).
 */
public final class Metrics {
    /** Low ground-truth percentile. */
    public static final double GT_PMIN = 0.1;
    /** High ground-truth percentile. */
    public static final double GT_PMAX = 99.9;

    private Metrics() {
    }

    /** How the prediction is brought to the normalized ground truth before the metrics. */
    public enum Protocol {
        /** CSBDeep's {@code normalize_minmse}: {@code alpha x + beta} fitted by least squares (the default). */
        AFFINE_FIT,
        /**
         * Weigert's / ZeroCostDL4Mic's {@code norm_minmse}: both images mean-subtracted, the prediction scaled by
         * sample covariance over population variance; metrics on the mean-subtracted pair.
         */
        MEAN_SUBTRACTED
    }

    /**
     * Metrics of one image.
     *
     * @param nrmse root mean squared error after normalization and fit (lower is better)
     * @param psnr  peak signal-to-noise ratio in dB for data range 1 (higher is better)
     * @param ssim  mean structural similarity (1 is identical)
     */
    public record ImageMetrics(double nrmse, double psnr, double ssim) {
    }

    /**
     * Mean and spread of one metric over a set of images.
     *
     * @param mean the arithmetic mean
     * @param std  the sample standard deviation (divisor n - 1), NaN for a single image
     * @param n    number of images
     */
    public record Stat(double mean, double std, int n) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%.4f +- %.4f (n=%d)", mean, std, n);
        }
    }

    /**
     * Metrics summarized over a set of images.
     *
     * @param nrmse NRMSE statistics
     * @param psnr  PSNR statistics
     * @param ssim  SSIM statistics
     */
    public record Summary(Stat nrmse, Stat psnr, Stat ssim) {
    }

    /**
     * The protocol on one pair of images of the same {@code shape} (2 or 3 axes, C order).
     *
     * @param groundTruth raw ground truth (any intensity scale)
     * @param prediction  raw prediction (any intensity scale)
     */
    public static ImageMetrics evaluate(float[] groundTruth, float[] prediction, int[] shape) {
        return evaluate(groundTruth, prediction, shape, Protocol.AFFINE_FIT);
    }

    /** The protocol on one pair of images of the same {@code shape}, with the fit of {@code protocol}. */
    public static ImageMetrics evaluate(float[] groundTruth, float[] prediction, int[] shape, Protocol protocol) {
        int[] s = squeeze(shape);
        long n = 1;
        for (int d : s) {
            n *= d;
        }
        if (groundTruth.length != n || prediction.length != n) {
            throw new IllegalArgumentException("metrics: ground truth of " + groundTruth.length + " values and "
                    + "prediction of " + prediction.length + " values for shape " + Arrays.toString(shape));
        }
        float[] gtN = normalizeGroundTruth(groundTruth);
        double[] t = new double[gtN.length];
        double[] p = new double[gtN.length];
        if (protocol == Protocol.AFFINE_FIT) {
            double[] fit = fitLeastSquares(prediction, gtN);
            for (int i = 0; i < t.length; i++) {
                t[i] = gtN[i];
                p[i] = fit[0] * prediction[i] + fit[1];
            }
        } else {
            meanSubtracted(prediction, gtN, p, t);
        }
        double mse = mse(t, p);
        return new ImageMetrics(Math.sqrt(mse), psnr(mse), Ssim.ssim(t, p, s, 1.0));
    }

    /**
     * The protocol on two single-channel images of the same shape (axes of size 1 dropped).
     *
     * @throws IllegalArgumentException for multi-channel images, differing shapes or images over 2^31 voxels
     */
    public static ImageMetrics evaluate(FloatImage groundTruth, FloatImage prediction) {
        return evaluate(groundTruth, prediction, Protocol.AFFINE_FIT);
    }

    /** The protocol on two single-channel images with the fit of {@code protocol}. */
    public static ImageMetrics evaluate(FloatImage groundTruth, FloatImage prediction, Protocol protocol) {
        if (!Arrays.equals(groundTruth.shape(), prediction.shape())) {
            throw new IllegalArgumentException("metrics: ground truth " + groundTruth + " and prediction "
                    + prediction + " differ in shape");
        }
        if (groundTruth.size('C') > 1) {
            throw new IllegalArgumentException("metrics: " + groundTruth + " has " + groundTruth.size('C')
                    + " channels; evaluate one channel at a time");
        }
        long[] shape = groundTruth.shape();
        int[] s = new int[shape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.toIntExact(shape[i]);
        }
        return evaluate(groundTruth.toArray(), prediction.toArray(), s, protocol);
    }

    /** Mean and sample standard deviation of each metric over {@code perImage}. */
    public static Summary summarize(List<ImageMetrics> perImage) {
        if (perImage.isEmpty()) {
            throw new IllegalArgumentException("metrics summary of no images");
        }
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        List<Double> c = new ArrayList<>();
        for (ImageMetrics m : perImage) {
            a.add(m.nrmse());
            b.add(m.psnr());
            c.add(m.ssim());
        }
        return new Summary(stat(a), stat(b), stat(c));
    }

    /** The ground truth normalized with its 0.1 / 99.9 percentiles in float32, unclipped. */
    public static float[] normalizeGroundTruth(float[] gt) {
        double[] p = Percentiles.of(gt, GT_PMIN, GT_PMAX);
        PercentileNormalizer norm = PercentileNormalizer.of(new float[] {(float) p[0]}, new float[] {(float) p[1]});
        float[] out = new float[gt.length];
        for (int i = 0; i < gt.length; i++) {
            out[i] = norm.normalize(0, gt[i]);
        }
        return out;
    }

    /**
     * CSBDeep's {@code normalize_minmse}: the {@code {alpha, beta}} minimizing the squared error of
     * {@code alpha x + beta} to {@code target}, with {@code alpha = cov(x, t) / (var(x) + 1e-10)} (sample statistics).
     */
    public static double[] fitLeastSquares(float[] x, float[] target) {
        if (x.length != target.length || x.length < 2) {
            throw new IllegalArgumentException("least-squares fit needs two arrays of equal length >= 2, got "
                    + x.length + " and " + target.length);
        }
        int n = x.length;
        double mx = 0;
        double mt = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            mt += target[i];
        }
        mx /= n;
        mt /= n;
        double sxx = 0;
        double sxt = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            sxx += dx * dx;
            sxt += dx * (target[i] - mt);
        }
        double alpha = (sxt / (n - 1)) / (sxx / (n - 1) + 1e-10);
        return new double[] {alpha, mt - alpha * mx};
    }

    /**
     * Weigert's {@code norm_minmse} in double: {@code t = gt - mean(gt)}, {@code x' = x - mean(x)},
     * {@code p = (cov(x', t) / var(x')) x'} with the sample covariance and the population variance.
     */
    static void meanSubtracted(float[] x, float[] gt, double[] p, double[] t) {
        int n = x.length;
        double mx = 0;
        double mt = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            mt += gt[i];
        }
        mx /= n;
        mt /= n;
        double sxx = 0;
        double sxt = 0;
        for (int i = 0; i < n; i++) {
            p[i] = x[i] - mx;
            t[i] = gt[i] - mt;
            sxx += p[i] * p[i];
            sxt += p[i] * t[i];
        }
        double scale = (sxt / (n - 1)) / (sxx / n);
        for (int i = 0; i < n; i++) {
            p[i] *= scale;
        }
    }

    /** Mean squared error. */
    public static double mse(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s / a.length;
    }

    /** PSNR in dB for data range 1 from a mean squared error (infinite for identical images). */
    public static double psnr(double mse) {
        return 10 * Math.log10(1.0 / mse);
    }

    private static Stat stat(List<Double> v) {
        int n = v.size();
        double mean = 0;
        for (double d : v) {
            mean += d;
        }
        mean /= n;
        double ss = 0;
        for (double d : v) {
            ss += (d - mean) * (d - mean);
        }
        return new Stat(mean, n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN, n);
    }

    private static int[] squeeze(int[] shape) {
        int[] s = Arrays.stream(shape).filter(d -> d != 1).toArray();
        if (s.length < 2 || s.length > 3) {
            throw new IllegalArgumentException("metrics need a 2D or 3D single-channel image, got shape "
                    + Arrays.toString(shape));
        }
        return s;
    }
}
