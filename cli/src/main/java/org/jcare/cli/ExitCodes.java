package org.jcare.cli;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/** Maps failures to exit codes and one-line messages. */
final class ExitCodes {
    private ExitCodes() {
    }

    /** 2 for bad input (invalid arguments, unreadable or malformed files), 1 for everything else. */
    static int of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadInputException || t instanceof IllegalArgumentException
                    || t instanceof NoSuchFileException || t instanceof FileNotFoundException
                    || t instanceof FileAlreadyExistsException || isBadInputByName(t)) {
                return Jcare.EXIT_BAD_INPUT;
            }
        }
        return Jcare.EXIT_FAILURE;
    }

    // io's file errors are bad input; matched by name so that this class needs no io dependency cycle
    private static boolean isBadInputByName(Throwable t) {
        String n = t.getClass().getSimpleName();
        return n.equals("ImageFileException") || n.equals("ModelFormatException") || n.equals("ConfigException");
    }

    /** The message to print: the exception's own, unwrapped from wrappers that add nothing. */
    static String message(Throwable e) {
        Throwable t = e;
        while ((t instanceof UncheckedIOException || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
