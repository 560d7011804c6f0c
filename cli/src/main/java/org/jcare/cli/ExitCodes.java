package org.jcare.cli;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import org.jcare.io.FileFormatException;

/** Maps failures to exit codes and one-line messages. */
final class ExitCodes {
    private ExitCodes() {
    }

    /** 2 for bad input (invalid arguments, unreadable or malformed files), 1 for everything else. */
    static int of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadInputException || t instanceof IllegalArgumentException
                    || t instanceof NoSuchFileException || t instanceof FileNotFoundException
                    || t instanceof FileAlreadyExistsException || t instanceof FileFormatException) {
                return Jcare.EXIT_BAD_INPUT;
            }
        }
        return Jcare.EXIT_FAILURE;
    }

    /**
     * The message to print: the exception's own, unwrapped from wrappers that add nothing, on one line (detail lines,
     * such as every violation of a config or every device, are joined with "; ").
     */
    static String message(Throwable e) {
        Throwable t = e;
        while ((t instanceof UncheckedIOException || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return oneLine(m);
    }

    /**
     * {@code text} on one line: the first detail line follows the headline after ": " (or after the headline's own
     * colon), further ones after "; ".
     */
    static String oneLine(String text) {
        String[] lines = text.strip().split("\\s*\\R\\s*");
        StringBuilder sb = new StringBuilder(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            boolean colon = sb.charAt(sb.length() - 1) == ':';
            sb.append(colon ? " " : i == 1 ? ": " : "; ").append(lines[i]);
        }
        return sb.toString();
    }
}
