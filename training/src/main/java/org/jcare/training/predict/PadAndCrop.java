package org.jcare.training.predict;

import java.util.Arrays;
import org.jcare.io.image.Axes;
import org.jcare.io.image.FloatImage;

/**
 * CSBDeep's {@code PadAndCropResizer(mode='reflect')}: before prediction every spatial axis (X, Y, Z, T) is padded
 * up to a multiple of the network's divisor (2^depth) by reflection without repeating the edge (numpy's
 * {@code 'reflect'}: {@code d c b | a b c d | c b a}), the deficit split floor before, ceil after; after prediction
 * the same amounts are cropped away. Other axes (C, S) are left alone, so the output may have another channel count.
 */
public final class PadAndCrop {
    private final Axes axes;
    private final long[] shape;
    private final int[] before;
    private final int[] after;
    private final int[] divisor;

    private PadAndCrop(Axes axes, long[] shape, int[] before, int[] after, int[] divisor) {
        this.axes = axes;
        this.divisor = divisor.clone();
        this.shape = shape.clone();
        this.before = before;
        this.after = after;
    }

    /** The padding that makes every X, Y, Z, T axis of an image with {@code axes} and {@code shape} divisible. */
    public static PadAndCrop plan(String axes, long[] shape, int divisor) {
        if (divisor < 1) {
            throw new IllegalArgumentException("divisor must be >= 1, got " + divisor);
        }
        Axes a = Axes.of(axes);
        a.requireFits(shape, "pad");
        int[] div = new int[shape.length];
        for (int i = 0; i < div.length; i++) {
            div[i] = "XYZT".indexOf(a.letters().charAt(i)) >= 0 ? divisor : 1;
        }
        return plan(a, shape, div);
    }

    /** The padding of {@code img} for {@code divisor} (2^depth). */
    public static PadAndCrop plan(FloatImage img, int divisor) {
        return plan(img.axes().letters(), img.shape(), divisor);
    }

    /** The padding with an explicit divisor per axis (1 leaves an axis alone). */
    public static PadAndCrop plan(Axes axes, long[] shape, int[] divisorPerAxis) {
        axes.requireFits(shape, "pad");
        if (divisorPerAxis.length != shape.length) {
            throw new IllegalArgumentException("one divisor per axis: " + divisorPerAxis.length + " for axes " + axes);
        }
        int[] b = new int[shape.length];
        int[] e = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            int d = divisorPerAxis[i];
            if (d < 1) {
                throw new IllegalArgumentException("divisor of axis " + axes.letters().charAt(i) + " must be >= 1, got "
                        + d);
            }
            int deficit = (int) ((d - shape[i] % d) % d);
            b[i] = deficit / 2;
            e[i] = deficit - b[i];
        }
        return new PadAndCrop(axes, shape, b, e, divisorPerAxis);
    }

    /** Pixels added before the start of axis {@code i}. */
    public int padBefore(int i) {
        return before[i];
    }

    /** Pixels added after the end of axis {@code i}. */
    public int padAfter(int i) {
        return after[i];
    }

    /** The shape after padding. */
    public long[] paddedShape() {
        long[] s = shape.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] += before[i] + after[i];
        }
        return s;
    }

    /** The shape before padding. */
    public long[] originalShape() {
        return shape.clone();
    }

    /** True when no axis needs padding. */
    public boolean isIdentity() {
        for (int i = 0; i < before.length; i++) {
            if (before[i] != 0 || after[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code img} (of the planned axes and shape) padded by reflection; {@code img} itself when nothing to do. */
    public FloatImage pad(FloatImage img) {
        if (!img.axes().equals(axes) || !Arrays.equals(img.shape(), shape)) {
            throw new IllegalArgumentException("pad: planned for " + axes + " " + Arrays.toString(shape) + " but got "
                    + img);
        }
        if (isIdentity()) {
            return img;
        }
        long[] out = paddedShape();
        int[][] maps = new int[out.length][];
        for (int i = 0; i < out.length; i++) {
            maps[i] = new int[(int) out[i]];
            for (int j = 0; j < out[i]; j++) {
                maps[i][j] = reflect(j - (long) before[i], shape[i]);
            }
        }
        return gather(img, out, maps);
    }

    /**
     * {@code out} (a prediction of the padded image: same axes, padded sizes on X/Y/Z/T, any size on other axes)
     * cropped back to the original spatial size; {@code out} itself when nothing was padded.
     */
    public FloatImage crop(FloatImage out) {
        long[] padded = paddedShape();
        long[] s = out.shape();
        if (!out.axes().equals(axes)) {
            throw new IllegalArgumentException("crop: axes " + out.axes() + " differ from the padded image's " + axes);
        }
        long[] cropped = s.clone();
        int[][] maps = new int[s.length][];
        for (int i = 0; i < s.length; i++) {
            // axes planned with a divisor are the spatial ones: their size must be the padded one
            boolean spatial = divisor[i] > 1;
            if (spatial) {
                if (s[i] != padded[i]) {
                    throw new IllegalArgumentException("crop: axis " + axes.letters().charAt(i) + " of " + out
                            + " has size " + s[i] + ", the padded image " + padded[i]);
                }
                cropped[i] = shape[i];
            }
            maps[i] = new int[(int) cropped[i]];
            for (int j = 0; j < cropped[i]; j++) {
                maps[i][j] = j + (spatial ? before[i] : 0);
            }
        }
        return isIdentity() ? out : gather(out, cropped, maps);
    }

    /**
     * numpy's {@code 'reflect'} index: position {@code i} (possibly outside [0, n)) mirrored about the first and
     * last element without repeating them, periodic with period 2(n - 1); always 0 when n == 1.
     */
    public static int reflect(long i, long n) {
        if (n == 1) {
            return 0;
        }
        long p = 2 * (n - 1);
        long m = ((i % p) + p) % p;
        return (int) (m < n ? m : p - m);
    }

    /** A new image of {@code outShape} with {@code out[idx] = src[maps[0][idx0], maps[1][idx1], ...]}. */
    static FloatImage gather(FloatImage src, long[] outShape, int[][] maps) {
        long[] ss = src.shape();
        int rank = ss.length;
        int srcW = (int) ss[rank - 1];
        int outH = (int) outShape[rank - 2];
        int outW = (int) outShape[rank - 1];
        long nPlanes = 1;
        for (int i = 0; i < rank - 2; i++) {
            nPlanes *= outShape[i];
        }
        float[][] planes = new float[Math.toIntExact(nPlanes)][outH * outW];
        long[] idx = new long[Math.max(rank - 2, 0)];
        int[] rowMap = maps[rank - 2];
        int[] colMap = maps[rank - 1];
        for (int p = 0; p < planes.length; p++) {
            long srcPlane = 0;
            for (int i = 0; i < rank - 2; i++) {
                srcPlane = srcPlane * ss[i] + maps[i][(int) idx[i]];
            }
            float[] from = src.plane((int) srcPlane);
            float[] to = planes[p];
            for (int r = 0; r < outH; r++) {
                int srcRow = rowMap[r] * srcW;
                int dst = r * outW;
                for (int c = 0; c < outW; c++) {
                    to[dst + c] = from[srcRow + colMap[c]];
                }
            }
            for (int i = rank - 3; i >= 0; i--) {
                if (++idx[i] < outShape[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return new FloatImage(src.axes(), outShape, planes, src.calibration());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PadAndCrop{");
        for (int i = 0; i < before.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(axes.letters().charAt(i)).append(": ").append(shape[i]).append(" + (")
                    .append(before[i]).append(", ").append(after[i]).append(")");
        }
        return sb.append("}").toString();
    }
}
