package org.jcare.io.image;

import java.nio.file.Path;

/**
 * Reads an image file into a {@link FloatImage}. The TIFF reader is one; others (for example a Bio-Formats bridge)
 * can be added behind this interface without touching callers.
 */
public interface ImageFileReader {
    /**
     * Reads {@code file}, with axes from its metadata.
     *
     * @param file the image file
     * @return the image, never null
     * @throws ImageFileException naming the file when it cannot be read
     */
    default FloatImage read(java.nio.file.Path file) throws ImageFileException {
        return read(file, null);
    }

    /**
     * Reads {@code file} and returns it with the axes {@code axes} (letters of {@link Axes}), or with the axes of its
     * metadata when {@code axes} is null or blank.
     *
     * @param file the image file
     * @param axes the axes wanted, or null
     * @return the image, never null
     * @throws ImageFileException naming the file, the axes and the shape when the axes do not fit
     */
    FloatImage read(Path file, String axes) throws ImageFileException;

    /**
     * What {@code file} will read as with the axes {@code axes}, from its header where the format allows (this default
     * reads the whole image): the checks of {@link #read(Path, String)} that need no pixels fail here already.
     *
     * @param file the image file
     * @param axes the axes wanted, or null
     * @return the axes and shape the file reads with
     * @throws ImageFileException naming the file when it cannot be read as asked
     */
    default ImageHeader inspect(Path file, String axes) throws ImageFileException {
        FloatImage img = read(file, axes);
        return new ImageHeader(file, img.axes().letters(), img.shape());
    }
}
