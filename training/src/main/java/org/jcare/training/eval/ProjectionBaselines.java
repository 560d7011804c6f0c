package org.jcare.training.eval;

import org.jcare.io.image.FloatImage;

/**
 * The classical baselines of the projection task: the maximum intensity projection along Z, and that projection
 * smoothed with a Gaussian (scipy.ndimage.gaussian_filter semantics: separable, kernel truncated at 4 sigma,
 * boundary mode 'reflect', i.e. {@code d c b a | a b c d | d c b a}).
 */
public final class ProjectionBaselines {
    private ProjectionBaselines() {
    }

    /** The maximum along Z of a stack with axes ending in ZYX (other leading axes kept). */
    public static FloatImage maxProjection(FloatImage stack) {
        String a = stack.axes().letters();
        int z = a.indexOf('Z');
        if (z < 0 || !a.endsWith("YX")) {
            throw new IllegalArgumentException("maximum projection needs a stack with Z, Y, X axes, got " + stack);
        }
        long[] s = stack.shape();
        long[] os = new long[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i != z) {
                os[j++] = s[i];
            }
        }
        FloatImage out = FloatImage.zeros(a.replace("Z", ""), os).withCalibration(stack.calibration());
        long inner = 1;
        for (int i = z + 1; i < s.length - 2; i++) {
            inner *= s[i];
        }
        long depth = s[z];
        for (int p = 0; p < out.planeCount(); p++) {
            long outer = p / inner;
            long rest = p % inner;
            float[] dst = out.plane(p);
            java.util.Arrays.fill(dst, Float.NEGATIVE_INFINITY);
            for (long k = 0; k < depth; k++) {
                float[] src = stack.plane(Math.toIntExact((outer * depth + k) * inner + rest));
                for (int i = 0; i < dst.length; i++) {
                    dst[i] = Math.max(dst[i], src[i]);
                }
            }
        }
        return out;
    }

    /** Each YX plane of {@code img} filtered with a Gaussian of standard deviation {@code sigma} pixels. */
    public static FloatImage gaussian(FloatImage img, double sigma) {
        int r = (int) (4 * sigma + 0.5);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        long[] s = img.shape();
        int h = (int) s[s.length - 2];
        int w = (int) s[s.length - 1];
        FloatImage out = FloatImage.zeros(img.axes().letters(), s).withCalibration(img.calibration());
        double[] tmp = new double[h * w];
        for (int p = 0; p < img.planeCount(); p++) {
            float[] src = img.plane(p);
            float[] dst = out.plane(p);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = 0;
                    for (int t = -r; t <= r; t++) {
                        v += k[t + r] * src[y * w + reflect(x + t, w)];
                    }
                    tmp[y * w + x] = v;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = 0;
                    for (int t = -r; t <= r; t++) {
                        v += k[t + r] * tmp[reflect(y + t, h) * w + x];
                    }
                    dst[y * w + x] = (float) v;
                }
            }
        }
        return out;
    }

    /** scipy's 'reflect' (half-sample symmetric) index. */
    static int reflect(int i, int n) {
        int p = 2 * n;
        int m = ((i % p) + p) % p;
        return m < n ? m : p - 1 - m;
    }
}
