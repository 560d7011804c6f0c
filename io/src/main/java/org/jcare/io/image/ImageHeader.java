package org.jcare.io.image;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * What an image file will read as, known from its header alone: its axes and shape. Checked before any pixel is
 * decoded, so that a batch of files fails fast on a bad one.
 *
 * @param file  the file
 * @param axes  the axes the file reads with (letters of {@link Axes})
 * @param shape the size per axis
 */
public record ImageHeader(Path file, String axes, long[] shape) {
    /** Copies the shape. */
    public ImageHeader {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Size along {@code axis}, 1 when the axis is absent. */
    public long size(char axis) {
        int i = axes.indexOf(axis);
        return i < 0 ? 1 : shape[i];
    }

    /** Voxels of the image. */
    public long voxels() {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    /** Bytes the image takes as float32. */
    public long floatBytes() {
        return Math.multiplyExact(voxels(), 4L);
    }

    @Override
    public String toString() {
        return file + " (" + axes + " " + Arrays.toString(shape) + ")";
    }
}
