package org.jcare.kernels.common;

/**
 * Local work sizes of the bandwidth-bound op families. Their NDRanges put a contiguous axis first (the elements
 * of a plane, or the width of an image row) with the work-group along it only: a 256-wide group, or a smaller
 * one when the axis is short (the pooled bottom of a U-Net, 2x4x4 test tensors), so that padding the NDRange to
 * the group wastes few work-items. These sizes suit NVIDIA (whole or half warps) and PoCL (one work-group
 * function per size, vectorised across work-items).
 */
public final class WorkSizes {
    /** The default work-group size along the contiguous axis. */
    public static final long LOCAL = 256;
    /** The work-group size for small planes. */
    public static final long SMALL_LOCAL = 64;

    private WorkSizes() {
    }

    /** The group size along an axis of {@code n} work-items. */
    public static long along(long n) {
        return n >= LOCAL ? LOCAL : SMALL_LOCAL;
    }

    /**
     * The group size along an image row of {@code n} work-items: the power of two from 16 to 256 that covers it
     * (rows of 11 pad to 16, of 64 to 64).
     */
    public static long alongRow(long n) {
        long g = 16;
        while (g < n && g < LOCAL) {
            g <<= 1;
        }
        return g;
    }

    /**
     * Local sizes of a 2D range {@code (row width, rows)}: {@link #alongRow} along the row and as many rows as make
     * {@link #LOCAL} work-items. Whole groups matter on PoCL, which pays a fixed cost per work-group: 64-wide
     * groups over 64-wide rows ran 6x slower there than 64 x 4 groups.
     */
    public static long[] row2d(long width) {
        long w = alongRow(width);
        return new long[] {w, LOCAL / w};
    }

    /**
     * Local sizes of a 3D range {@code (width, height, slices)}: {@link #alongRow} along the row, then as many rows
     * as make {@link #LOCAL} work-items without padding past the height by more than a factor of 2.
     */
    public static long[] slice3d(long width, long height) {
        long w = alongRow(width);
        long h = 1;
        while (h < height && w * h * 2 <= LOCAL) {
            h <<= 1;
        }
        return new long[] {w, h, 1};
    }

    /** Local sizes of a 2D range {@code (n0, *)}: a group along axis 0 only. */
    public static long[] local2d(long n0) {
        return new long[] {along(n0), 1};
    }

    /** Local sizes of a 3D range {@code (n0, *, *)}: a group along axis 0 only. */
    public static long[] local3d(long n0) {
        return new long[] {along(n0), 1, 1};
    }
}
