package org.jcare.cli;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import org.jcare.io.FileFormatException;
import org.jcare.io.image.NotEnoughMemoryException;

/** Maps failures to exit codes and one-line messages. */
final class ExitCodes {
    /** Messages longer than this are cut (a corrupt file can make a library list kilobytes of values). */
    static final int MAX_MESSAGE = 600;

    private ExitCodes() {
    }

    /**
     * 2 for bad input (invalid arguments, unreadable or malformed files, output paths that cannot be written), 1 for
     * everything else (out of memory included).
     */
    static int of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError || t instanceof NotEnoughMemoryException) {
                return Jcare.EXIT_FAILURE;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadInputException || t instanceof IllegalArgumentException
                    || t instanceof NoSuchFileException || t instanceof FileNotFoundException
                    || t instanceof FileAlreadyExistsException || t instanceof FileFormatException
                    || t instanceof AccessDeniedException || t instanceof NotDirectoryException
                    || t instanceof DirectoryNotEmptyException || readOnly(t)) {
                return Jcare.EXIT_BAD_INPUT;
            }
        }
        return Jcare.EXIT_FAILURE;
    }

    private static boolean readOnly(Throwable t) {
        return t instanceof FileSystemException f && f.getReason() != null
                && f.getReason().toLowerCase(Locale.ROOT).contains("read-only");
    }

    /**
     * The message to print: the exception's own, unwrapped from wrappers that add nothing, on one line (detail lines,
     * such as every violation of a config or every device, are joined with "; "). File-system errors say why (permission
     * denied, not a folder, ...), out-of-memory errors what to do.
     */
    static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return outOfMemory();
            }
        }
        Throwable t = e;
        while ((t instanceof UncheckedIOException || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof FileSystemException f && !(t instanceof FileFormatException)) {
            return oneLine(fileSystem(f));
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return oneLine(m.replace("(set overwrite to replace it)", "(add --overwrite to replace it)"));
    }

    /** A file-system failure in words: the path and why. */
    static String fileSystem(FileSystemException f) {
        String path = f.getFile() == null ? "" : f.getFile();
        String other = f.getOtherFile() == null ? "" : " -> " + f.getOtherFile();
        String why;
        if (f instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (f instanceof NoSuchFileException) {
            why = "no such file or folder";
        } else if (f instanceof NotDirectoryException) {
            why = "is not a folder";
        } else if (f instanceof FileAlreadyExistsException) {
            why = "already exists";
        } else if (f instanceof DirectoryNotEmptyException) {
            why = "is a folder that is not empty";
        } else {
            why = f.getReason() == null ? f.getClass().getSimpleName() : f.getReason();
        }
        return path + other + ": " + why;
    }

    /** What an {@link OutOfMemoryError} means to a user, in one line. */
    static String outOfMemory() {
        return "out of memory: the Java heap (" + NotEnoughMemoryException.gib(Runtime.getRuntime().maxMemory())
                + ") is too small for this work; set -Xmx (with ./jcare: JCARE_JAVA_OPTS=-Xmx...), or use smaller"
                + " images, fewer patches or tiles";
    }

    /**
     * {@code text} on one line: the first detail line follows the headline after ": " (or after the headline's own
     * colon), further ones after "; "; at most {@link #MAX_MESSAGE} characters.
     */
    static String oneLine(String text) {
        String[] lines = text.strip().split("\\s*\\R\\s*");
        StringBuilder sb = new StringBuilder(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            boolean colon = sb.length() > 0 && sb.charAt(sb.length() - 1) == ':';
            sb.append(colon ? " " : i == 1 ? ": " : "; ").append(lines[i]);
        }
        if (sb.length() > MAX_MESSAGE) {
            sb.setLength(MAX_MESSAGE - 4);
            sb.append(" ...");
        }
        return sb.toString();
    }
}
