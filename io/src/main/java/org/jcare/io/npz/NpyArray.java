package org.jcare.io.npz;

import java.util.Arrays;
import org.jcare.io.image.Axes;
import org.jcare.io.image.FloatImage;

/**
 * A numeric NumPy array held as float32 on the host: a shape and the values in C order, cut into chunks so that
 * arrays of more than 2^31 elements are representable. A chunk is one plane (the product of the last two dimensions)
 * for arrays of rank 2 or more, exactly like {@link FloatImage}, so an array converts to an image without copying;
 * arrays of rank 0 or 1 are one chunk.
 */
public final class NpyArray {
    private final long[] shape;
    private final float[][] chunks;

    /**
     * An array over existing chunks (not copied).
     *
     * @param shape  the shape
     * @param chunks the values in C order, one chunk per plane (see the class comment)
     * @throws IllegalArgumentException when the chunks do not fit the shape
     */
    public NpyArray(long[] shape, float[][] chunks) {
        long size = chunkSize(shape);
        long count = chunkCount(shape);
        if (chunks.length != count) {
            throw new IllegalArgumentException("array of shape " + Arrays.toString(shape) + " needs " + count
                    + " chunks, got " + chunks.length);
        }
        for (float[] c : chunks) {
            if (c.length != size) {
                throw new IllegalArgumentException("chunk of " + c.length + " values for shape " + Arrays.toString(shape)
                        + ", expected " + size);
            }
        }
        this.shape = shape.clone();
        this.chunks = chunks;
    }

    /** The values per chunk for {@code shape}: its last two dimensions, or all of it below rank 2. */
    static long chunkSize(long[] shape) {
        int r = shape.length;
        long n = r >= 2 ? shape[r - 2] * shape[r - 1] : r == 1 ? shape[0] : 1;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("array of shape " + Arrays.toString(shape) + ": one "
                    + (r >= 2 ? "plane" : "array") + " of " + n + " values does not fit a Java array");
        }
        return n;
    }

    static long chunkCount(long[] shape) {
        long n = 1;
        for (int i = 0; i < shape.length - 2; i++) {
            n = Math.multiplyExact(n, shape[i]);
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("array of shape " + Arrays.toString(shape) + " has too many planes");
        }
        return n;
    }

    /** An array sharing the planes of {@code image} (not copied). */
    public static NpyArray of(FloatImage image) {
        float[][] planes = new float[image.planeCount()][];
        for (int i = 0; i < planes.length; i++) {
            planes[i] = image.plane(i);
        }
        return new NpyArray(image.shape(), planes);
    }

    /** A copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long numel() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** Number of chunks. */
    public int chunkCount() {
        return chunks.length;
    }

    /** Chunk {@code i} (the stored array, not a copy). */
    public float[] chunk(int i) {
        return chunks[i];
    }

    /** The value at a flat C-order index. */
    public float getFlat(long flat) {
        int size = chunks[0].length;
        return size == 0 ? Float.NaN : chunks[(int) (flat / size)][(int) (flat % size)];
    }

    /**
     * This array as an image with {@code axes} (one letter per dimension, Y and X last as in CSBDeep data), sharing the
     * chunks.
     *
     * @throws IllegalArgumentException when the axes do not fit the shape or do not end in the plane axes
     */
    public FloatImage toImage(String axes) {
        Axes a = Axes.of(axes);
        a.requireFits(shape, "array");
        return new FloatImage(a, shape, chunks, null);
    }

    @Override
    public String toString() {
        return "NpyArray" + Arrays.toString(shape);
    }
}
