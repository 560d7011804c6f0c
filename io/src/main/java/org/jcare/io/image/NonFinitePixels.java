package org.jcare.io.image;

/**
 * The non-finite values (NaN, +infinity, -infinity) of an image: how many, and where the first one is. One such pixel
 * would turn a whole restoration into NaN (percentile normalization and every convolution spread it), so inputs are
 * checked before any work.
 *
 * @param count the number of non-finite voxels
 * @param first the multi-index of the first one in C order (one entry per axis), or null when there is none
 * @param axes  the image's axes, to name the position
 */
public record NonFinitePixels(long count, long[] first, Axes axes) {
    /** Counts the non-finite voxels of {@code img}. */
    public static NonFinitePixels of(FloatImage img) {
        long count = 0;
        long firstFlat = -1;
        int ps = img.planeSize();
        for (int p = 0; p < img.planeCount(); p++) {
            float[] a = img.plane(p);
            for (int i = 0; i < a.length; i++) {
                if (!Float.isFinite(a[i])) {
                    if (firstFlat < 0) {
                        firstFlat = (long) p * ps + i;
                    }
                    count++;
                }
            }
        }
        return new NonFinitePixels(count, firstFlat < 0 ? null : unflatten(firstFlat, img.shape()), img.axes());
    }

    /** Counts the non-finite values of a flat array (for example one training patch or image). */
    public static long count(float[] values) {
        long n = 0;
        for (float v : values) {
            if (!Float.isFinite(v)) {
                n++;
            }
        }
        return n;
    }

    /** True when every voxel is finite. */
    public boolean none() {
        return count == 0;
    }

    /**
     * The count and the first position in words, for example {@code "3 non-finite pixels (NaN or infinity), the
     * first at Z=2, Y=10, X=7"}.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(count).append(count == 1 ? " non-finite pixel" : " non-finite pixels").append(" (NaN or infinity)");
        if (first != null) {
            sb.append(count == 1 ? " at " : ", the first at ");
            String letters = axes.letters();
            for (int i = 0; i < first.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(letters.charAt(i)).append('=').append(first[i]);
            }
        }
        return sb.toString();
    }

    private static long[] unflatten(long flat, long[] shape) {
        long[] idx = new long[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = flat % shape[i];
            flat /= shape[i];
        }
        return idx;
    }
}
