package org.jcare.training.data;

import java.io.IOException;
import java.nio.file.Path;
import org.jcare.io.image.FloatImage;

/**
 * Reads one image file (for example io's TIFF reader). {@link RawData} relabels the result with the user's axes,
 * so the reader's own axis guess matters only for the number of dimensions.
 */
@FunctionalInterface
public interface ImageReader {
    /**
     * Reads {@code file}.
     *
     * @throws IOException naming the file when it cannot be read
     */
    FloatImage read(Path file) throws IOException;
}
