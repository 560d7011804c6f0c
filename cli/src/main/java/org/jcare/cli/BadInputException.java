package org.jcare.cli;

/** Bad usage or bad input that the CLI reports with exit code 2. */
public final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the problem and what to do. */
    public BadInputException(String message) {
        super(message);
    }
}
