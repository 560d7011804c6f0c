package org.jcare.kernels.mixture;

/**
 * Where the N = C x tz x ty x tx pixels handed to {@code mixture_sample} sit in the whole image, so that each pixel's
 * random draws are keyed by its place in the image and not by the tile it was computed in: pixel
 * {@code ((c tz + z) ty + y) tx + x} is voxel {@code (originZ + z, originY + y, originX + x)} of channel c of time
 * point (or other restored-one-after-the-other index) {@code timePoint}; its key is the flat index
 * {@code (((timePoint C + c) Z + z') Y + y') X + x'}. Coordinates outside the image (tile padding, cropped later)
 * are clamped. A 2D image has {@code tileZ = imageZ = 1}.
 *
 * @param channels  C
 * @param tileZ     tz
 * @param tileY     ty
 * @param tileX     tx
 * @param originZ   the tile's first voxel in the image (may be negative: padding)
 * @param originY   see originZ
 * @param originX   see originZ
 * @param imageZ    the image's size Z
 * @param imageY    the image's size Y
 * @param imageX    the image's size X
 * @param timePoint the index of the image among those restored one after the other
 */
public record SampleKeys(int channels, int tileZ, int tileY, int tileX, long originZ, long originY, long originX,
                         long imageZ, long imageY, long imageX, long timePoint) {
    /** Checks the sizes. */
    public SampleKeys {
        if (channels < 1 || tileZ < 1 || tileY < 1 || tileX < 1 || imageZ < 1 || imageY < 1 || imageX < 1
                || timePoint < 0) {
            throw new IllegalArgumentException("sample keys need positive sizes and a time point >= 0: " + this);
        }
    }

    /** Keys of a whole image of {@code channels} x Z x Y x X as one tile. */
    public static SampleKeys whole(int channels, long z, long y, long x, long timePoint) {
        return new SampleKeys(channels, Math.toIntExact(z), Math.toIntExact(y), Math.toIntExact(x), 0, 0, 0, z, y, x,
                timePoint);
    }

    /** The pixel count C x tz x ty x tx. */
    public long pixels() {
        return (long) channels * tileZ * tileY * tileX;
    }

    /** The key of tile pixel {@code i} (the reference of the kernel's computation). */
    public long key(long i) {
        long x = i % tileX;
        long y = i / tileX % tileY;
        long z = i / tileX / tileY % tileZ;
        long c = i / tileX / tileY / tileZ;
        long gz = Math.min(Math.max(originZ + z, 0), imageZ - 1);
        long gy = Math.min(Math.max(originY + y, 0), imageY - 1);
        long gx = Math.min(Math.max(originX + x, 0), imageX - 1);
        return (((timePoint * channels + c) * imageZ + gz) * imageY + gy) * imageX + gx;
    }
}
