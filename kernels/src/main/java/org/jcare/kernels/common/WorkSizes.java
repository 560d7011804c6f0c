package org.jcare.kernels.common;

/**
 * Local work sizes of the bandwidth-bound op families. Their NDRanges are (elements of one plane, planes, ...)
 * with the plane axis first: a 256-wide group along it, or 64 when a plane is small (the pooled bottom of a
 * U-Net, 2x4x4 test tensors), so that padding the NDRange to the group wastes at most a few work-items per
 * plane. Both sizes suit NVIDIA (whole warps) and PoCL (one work-group function per size, vectorised).
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

    /** Local sizes of a 2D range {@code (n0, *)}: a group along axis 0 only. */
    public static long[] local2d(long n0) {
        return new long[] {along(n0), 1};
    }

    /** Local sizes of a 3D range {@code (n0, *, *)}: a group along axis 0 only. */
    public static long[] local3d(long n0) {
        return new long[] {along(n0), 1, 1};
    }
}
