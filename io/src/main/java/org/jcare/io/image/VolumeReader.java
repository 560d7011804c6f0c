package org.jcare.io.image;

import java.io.IOException;

/**
 * An image read box by box, never whole: an OME-Zarr array, a BigTIFF read plane by plane, or an image in memory.
 * Implementations are safe for reads from several threads at once.
 */
public interface VolumeReader extends AutoCloseable {
    /** The axes (letters of TCZYX; no S). */
    Axes axes();

    /** Size per axis. */
    long[] shape();

    /** Pixel sizes. */
    Calibration calibration();

    /**
     * The box {@code [start, start + size)} as float32 values in C order of this volume's axes.
     *
     * @throws IOException naming the file when it cannot be read
     */
    float[] read(long[] start, int[] size) throws IOException;

    /** The shape in which the data is stored (Zarr chunks, a TIFF plane): reads aligned to it waste nothing. */
    int[] blockShape();

    /** The file or location, for messages. */
    String describe();

    @Override
    default void close() throws IOException {
    }
}
