package org.jcare.io.image;

import java.nio.file.Path;
import org.jcare.io.FileFormatException;

/**
 * An image file that cannot be read or written: missing, not an image of the expected format, truncated or corrupt,
 * of an unsupported sample format, or whose axes do not fit. The message starts with the file.
 */
public class ImageFileException extends FileFormatException {
    private static final long serialVersionUID = 1L;

    /**
     * An error about {@code file}.
     *
     * @param file    the image file
     * @param problem what is wrong and what to do
     */
    public ImageFileException(Path file, String problem) {
        super(file, problem);
    }

    /**
     * An error about {@code file} with its cause.
     *
     * @param file    the image file
     * @param problem what is wrong and what to do
     * @param cause   the underlying error
     */
    public ImageFileException(Path file, String problem, Throwable cause) {
        super(file, problem, cause);
    }
}
