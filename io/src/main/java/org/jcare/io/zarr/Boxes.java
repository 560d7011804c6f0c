package org.jcare.io.zarr;

import java.util.Arrays;

/**
 * Copies of N-dimensional boxes between C-order float arrays: the piece of a chunk that falls inside a region, the
 * core of a tile that falls inside a chunk. Coordinates are longs (volumes may exceed 2^31 voxels); each array itself
 * holds fewer than 2^31 values.
 */
public final class Boxes {
    private Boxes() {
    }

    /**
     * Copies the box of {@code size} at {@code srcStart} in {@code src} (of {@code srcShape}) to {@code dstStart} in
     * {@code dst} (of {@code dstShape}); all in C order, the last axis fastest.
     */
    public static void copy(float[] src, int[] srcShape, int[] srcStart, float[] dst, int[] dstShape, int[] dstStart,
                            int[] size) {
        int rank = size.length;
        for (int s : size) {
            if (s <= 0) {
                return;
            }
        }
        if (rank == 0) {
            dst[0] = src[0];
            return;
        }
        int[] srcStride = strides(srcShape);
        int[] dstStride = strides(dstShape);
        int row = size[rank - 1];
        int[] idx = new int[rank];
        while (true) {
            int s = 0;
            int d = 0;
            for (int i = 0; i < rank; i++) {
                s += (srcStart[i] + idx[i]) * srcStride[i];
                d += (dstStart[i] + idx[i]) * dstStride[i];
            }
            System.arraycopy(src, s, dst, d, row);
            int i = rank - 2;
            for (; i >= 0; i--) {
                if (++idx[i] < size[i]) {
                    break;
                }
                idx[i] = 0;
            }
            if (i < 0) {
                return;
            }
        }
    }

    /** C-order strides of {@code shape}, in elements. */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int st = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = st;
            st *= shape[i];
        }
        return s;
    }

    /** Product of {@code shape} as an int (fails beyond 2^31 - 1). */
    public static int count(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        return Math.toIntExact(n);
    }

    /** Product of {@code shape}. */
    public static long count(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    /** A C-order array of the elements of {@code fortran}, stored in Fortran order for {@code shape}. */
    static float[] fromFortran(float[] fortran, int[] shape) {
        int rank = shape.length;
        float[] out = new float[fortran.length];
        int[] fStride = new int[rank];
        int st = 1;
        for (int i = 0; i < rank; i++) {
            fStride[i] = st;
            st *= shape[i];
        }
        int[] idx = new int[rank];
        for (int c = 0; c < out.length; c++) {
            int f = 0;
            for (int i = 0; i < rank; i++) {
                f += idx[i] * fStride[i];
            }
            out[c] = fortran[f];
            for (int i = rank - 1; i >= 0; i--) {
                if (++idx[i] < shape[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return out;
    }

    /** The box {@code [start, start + size)} clipped to {@code [lo, hi)}, per axis, as {start, size}; null if empty. */
    public static long[][] intersect(long[] start, long[] size, long[] lo, long[] hi) {
        long[] s = new long[start.length];
        long[] z = new long[start.length];
        for (int i = 0; i < s.length; i++) {
            long a = Math.max(start[i], lo[i]);
            long b = Math.min(start[i] + size[i], hi[i]);
            if (b <= a) {
                return null;
            }
            s[i] = a;
            z[i] = b - a;
        }
        return new long[][] {s, z};
    }

    /** {@code a} as ints (each must fit). */
    public static int[] toInts(long[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.toIntExact(a[i]);
        }
        return out;
    }

    /** {@code a} as longs. */
    public static long[] toLongs(int[] a) {
        return Arrays.stream(a).asLongStream().toArray();
    }
}
