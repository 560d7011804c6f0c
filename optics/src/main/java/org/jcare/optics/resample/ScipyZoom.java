package org.jcare.optics.resample;

import java.util.stream.IntStream;
import org.jcare.io.image.FloatImage;

/**
 * {@code scipy.ndimage.zoom} along one axis, as CSBDeep calls it (default {@code mode='constant'},
 * {@code grid_mode=False}, float32 in and out), for spline orders 0 (nearest), 1 (linear) and 3 (cubic B-spline with
 * its prefilter, scipy's default order):
 * <ul>
 * <li>output size {@code round(n * factor)}, Python's round (half to even);
 * <li>output index {@code k} samples input coordinate {@code c = k (n - 1) / (m - 1)} (1 when m == 1), computed in
 * double: the end points map to each other, so the step is not {@code 1 / factor};
 * <li>order 0 takes {@code x[floor(c + 0.5)]}; order 1 {@code (1 - t) x[i] + t x[i + 1]} with {@code i = floor(c)},
 * {@code t = c - i} (the second tap has weight 0 at the last sample); order 3 the cubic B-spline of the coefficients
 * that the recursive prefilter computes with mirror boundaries (scipy's {@code spline_filter}, float64), taps outside
 * the input mirrored (inside the input, mode 'constant' interpolates as 'mirror');
 * <li>values are accumulated in double and rounded to float32 once;
 * <li>a coordinate above {@code n - 1}, which the double product {@code k (n - 1) / (m - 1)} reaches by one ulp for
 * some sizes (510 samples zoomed by 1 / 10.2: 509.00000000000006), gives the constant 0, as scipy's mode 'constant'
 * does: CSBDeep's subsampled training stacks then have a zero last sample, and so do these.
 * </ul>
 * Used by the isotropic and upsampling tasks (data generation, prediction) and as their classical baseline (the
 * optics module owns the classical baselines, DESIGN.md). Parity with the real scipy: {@code ScipyZoomTest} against
 * fixtures written by {@code training/src/test/python/make_task_fixtures.py}.
 */
public final class ScipyZoom {
    /** The pole of the cubic B-spline prefilter: sqrt(3) - 2. */
    private static final double POLE = Math.sqrt(3) - 2;

    private ScipyZoom() {
    }

    /** Output size of an axis of {@code n} samples zoomed by {@code factor}: Python's {@code int(round(n * f))}. */
    public static int outputSize(long n, double factor) {
        double v = Math.rint(n * factor);
        if (!(factor > 0) || v < 1 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("zoom of an axis of " + n + " by " + factor + " gives " + v
                    + " samples; need a factor > 0 giving at least one sample");
        }
        return (int) v;
    }

    /**
     * True when output sample {@code k} of a zoom from {@code nIn} to {@code nOut} samples falls outside the input by
     * rounding, so scipy (mode 'constant') gives 0 there.
     */
    public static boolean outside(int k, int nIn, int nOut) {
        return k * step(nIn, nOut) > nIn - 1;
    }

    /** The input coordinate step {@code (n - 1) / (m - 1)} between output samples (1 when {@code m == 1}). */
    public static double step(int nIn, int nOut) {
        return nOut == 1 ? 1.0 : (double) (nIn - 1) / (nOut - 1);
    }

    /**
     * Zooms one line: {@code in} holds {@code nIn} samples ({@code in[off + i * stride]}), {@code out} receives
     * {@code nOut} samples ({@code out[outOff + k * outStride]}).
     */
    public static void line(float[] in, int off, int stride, int nIn, float[] out, int outOff, int outStride, int nOut,
                            int order) {
        double z = step(nIn, nOut);
        switch (order) {
            case 0 -> {
                for (int k = 0; k < nOut; k++) {
                    double c = k * z;
                    int i = (int) Math.floor(c + 0.5);
                    out[outOff + k * outStride] = c > nIn - 1 ? 0f : in[off + Math.min(i, nIn - 1) * stride];
                }
            }
            case 1 -> {
                for (int k = 0; k < nOut; k++) {
                    double c = k * z;
                    if (c > nIn - 1) {
                        out[outOff + k * outStride] = 0f;
                        continue;
                    }
                    int i = (int) Math.floor(c);
                    double t = c - i;
                    double a = in[off + mirror(i, nIn) * stride];
                    double b = in[off + mirror(i + 1, nIn) * stride];
                    out[outOff + k * outStride] = (float) ((1 - t) * a + t * b);
                }
            }
            case 3 -> {
                double[] coef = new double[nIn];
                for (int i = 0; i < nIn; i++) {
                    coef[i] = in[off + i * stride];
                }
                prefilter(coef);
                for (int k = 0; k < nOut; k++) {
                    double c = k * z;
                    out[outOff + k * outStride] = c > nIn - 1 ? 0f : (float) cubic(coef, c);
                }
            }
            default -> throw new IllegalArgumentException("zoom: spline order " + order + " not supported (0, 1, 3)");
        }
    }

    /**
     * The cubic B-spline coefficients of {@code c} in place (scipy's {@code spline_filter1d(order=3, mode='mirror')}):
     * gain 6, causal and anti-causal recursions with the pole sqrt(3) - 2, mirror-symmetric initial values.
     */
    public static void prefilter(double[] c) {
        int n = c.length;
        if (n == 1) {
            return;
        }
        double z = POLE;
        double gain = (1 - z) * (1 - 1 / z);
        for (int i = 0; i < n; i++) {
            c[i] *= gain;
        }
        double zn1 = Math.pow(z, n - 1);
        double c0 = c[0] + zn1 * c[n - 1];
        double zi = z;
        for (int i = 1; i < n - 1; i++) {
            c0 += zi * (c[i] + zn1 * c[n - 1 - i]);
            zi *= z;
        }
        c[0] = c0 / (1 - zn1 * zn1);
        for (int i = 1; i < n; i++) {
            c[i] += z * c[i - 1];
        }
        c[n - 1] = (z / (z * z - 1)) * (z * c[n - 2] + c[n - 1]);
        for (int i = n - 2; i >= 0; i--) {
            c[i] = z * (c[i + 1] - c[i]);
        }
    }

    /** The cubic B-spline with coefficients {@code coef} at coordinate {@code x}, taps mirrored at the borders. */
    public static double cubic(double[] coef, double x) {
        int n = coef.length;
        if (n == 1) {
            return coef[0];
        }
        int start = (int) Math.floor(x) - 1;
        double t = x - Math.floor(x);
        double t2 = t * t;
        double t3 = t2 * t;
        double w0 = (1 - t) * (1 - t) * (1 - t) / 6;
        double w1 = (3 * t3 - 6 * t2 + 4) / 6;
        double w2 = (-3 * t3 + 3 * t2 + 3 * t + 1) / 6;
        double w3 = t3 / 6;
        return w0 * coef[mirror(start, n)] + w1 * coef[mirror(start + 1, n)] + w2 * coef[mirror(start + 2, n)]
                + w3 * coef[mirror(start + 3, n)];
    }

    /** Whole-sample mirror of index {@code i} into [0, n): {@code ... 2 1 | 0 1 2 ... n-1 | n-2 ...}. */
    static int mirror(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int p = 2 * (n - 1);
        int m = ((i % p) + p) % p;
        return m < n ? m : p - m;
    }

    /**
     * {@code img} zoomed by {@code factor} along {@code axis} (any axis letter of the image, for example Z or X) with
     * spline {@code order}; the other axes and the calibration are kept.
     */
    public static FloatImage zoomAxis(FloatImage img, char axis, double factor, int order) {
        String a = img.axes().letters();
        int ax = a.indexOf(axis);
        if (ax < 0) {
            throw new IllegalArgumentException("zoom along " + axis + ": image " + img + " has no such axis");
        }
        long[] shape = img.shape();
        int nIn = Math.toIntExact(shape[ax]);
        int nOut = outputSize(nIn, factor);
        long[] outShape = shape.clone();
        outShape[ax] = nOut;
        FloatImage out = FloatImage.zeros(a, outShape).withCalibration(img.calibration());
        int rank = shape.length;
        int h = (int) shape[rank - 2];
        int w = (int) shape[rank - 1];
        if (ax >= rank - 2) {
            boolean alongX = ax == rank - 1;
            int oh = (int) outShape[rank - 2];
            int ow = (int) outShape[rank - 1];
            IntStream.range(0, img.planeCount()).parallel().forEach(p -> {
                float[] src = img.plane(p);
                float[] dst = out.plane(p);
                if (alongX) {
                    for (int y = 0; y < h; y++) {
                        line(src, y * w, 1, w, dst, y * ow, 1, ow, order);
                    }
                } else {
                    for (int x = 0; x < w; x++) {
                        line(src, x, w, h, dst, x, ow, oh, order);
                    }
                }
            });
            return out;
        }
        // a leading axis: lines run across planes; outer = planes before the axis, inner = planes after it
        long inner = 1;
        for (int i = ax + 1; i < rank - 2; i++) {
            inner *= shape[i];
        }
        long outer = img.planeCount() / (inner * nIn);
        int plane = h * w;
        long in = inner;
        IntStream.range(0, Math.toIntExact(outer * inner)).parallel().forEach(oi -> {
            long o = oi / in;
            long i = oi % in;
            float[][] src = new float[nIn][];
            for (int k = 0; k < nIn; k++) {
                src[k] = img.plane(Math.toIntExact((o * nIn + k) * in + i));
            }
            float[][] dst = new float[nOut][];
            for (int k = 0; k < nOut; k++) {
                dst[k] = out.plane(Math.toIntExact((o * nOut + k) * in + i));
            }
            alongPlanes(src, dst, plane, order);
        });
        return out;
    }

    /**
     * {@code img} zoomed along Y, then X by {@code factor} with spline {@code order}: the lateral zoom of CSBDeep's
     * upsampling task, of jcare's lateral upsampling models at prediction and of {@code jcare synth --upsample}'s
     * camera images (each pass rounded to float32, as scipy's two calls are).
     */
    public static FloatImage zoomLateral(FloatImage img, double factor, int order) {
        return zoomAxis(zoomAxis(img, 'Y', factor, order), 'X', factor, order);
    }

    /** Zooms across planes: {@code dst[k][p]} from {@code src[.][p]}, for every pixel p. */
    private static void alongPlanes(float[][] src, float[][] dst, int plane, int order) {
        int nIn = src.length;
        int nOut = dst.length;
        double z = step(nIn, nOut);
        if (order == 3) {
            float[] lineIn = new float[nIn];
            float[] lineOut = new float[nOut];
            for (int p = 0; p < plane; p++) {
                for (int k = 0; k < nIn; k++) {
                    lineIn[k] = src[k][p];
                }
                line(lineIn, 0, 1, nIn, lineOut, 0, 1, nOut, 3);
                for (int k = 0; k < nOut; k++) {
                    dst[k][p] = lineOut[k];
                }
            }
            return;
        }
        for (int k = 0; k < nOut; k++) {
            double c = k * z;
            float[] d = dst[k];
            if (c > nIn - 1) {
                java.util.Arrays.fill(d, 0f); // scipy's mode 'constant' outside the input (see the class comment)
            } else if (order == 0) {
                System.arraycopy(src[Math.min((int) Math.floor(c + 0.5), nIn - 1)], 0, d, 0, plane);
            } else if (order == 1) {
                int i = (int) Math.floor(c);
                double t = c - i;
                float[] a = src[mirror(i, nIn)];
                float[] b = src[mirror(i + 1, nIn)];
                for (int p = 0; p < plane; p++) {
                    d[p] = (float) ((1 - t) * a[p] + t * b[p]);
                }
            } else {
                throw new IllegalArgumentException("zoom: spline order " + order + " not supported (0, 1, 3)");
            }
        }
    }
}
