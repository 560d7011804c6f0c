package org.jcare.io.image;

/**
 * Physical pixel sizes as read from or written to an image file. A size of 0 means unknown.
 *
 * @param x    pixel width
 * @param y    pixel height
 * @param z    voxel depth (slice spacing)
 * @param unit length unit, for example "micron" or "µm"; empty when unknown
 * @param t    frame interval in seconds, 0 when unknown
 */
public record Calibration(double x, double y, double z, String unit, double t) {
    /** No calibration known. */
    public static final Calibration NONE = new Calibration(0, 0, 0, "", 0);

    /** True when at least the lateral pixel size is known. */
    public boolean isKnown() {
        return x > 0 && y > 0;
    }
}
