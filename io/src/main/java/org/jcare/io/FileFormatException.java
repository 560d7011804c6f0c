package org.jcare.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that cannot be read or written as asked: missing, of the wrong format, truncated, or holding something this
 * module does not support. The message always starts with the file and says what is wrong and what to do.
 */
public class FileFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    /**
     * An error about {@code file}.
     *
     * @param file    the file concerned
     * @param problem what is wrong with it (and, where possible, what to do)
     */
    public FileFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    /**
     * An error about {@code file} with its cause.
     *
     * @param file    the file concerned
     * @param problem what is wrong with it
     * @param cause   the underlying error
     */
    public FileFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem + (cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"),
                cause);
        this.file = file;
        this.problem = problem;
    }

    /** The file concerned. */
    public Path file() {
        return file;
    }

    /** What is wrong with the file, without the file name. */
    public String problem() {
        return problem;
    }
}
