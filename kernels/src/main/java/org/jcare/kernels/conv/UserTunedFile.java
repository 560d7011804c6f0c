package org.jcare.kernels.conv;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The user's own tuned convolution file, written by {@code jcare tune}: {@code ~/.cache/jcare/tuned/tuned.json}, or
 * {@value #ENVIRONMENT_VARIABLE}. Its device entries take precedence over the table shipped in the jar (unless
 * {@link ConvTunedTable#ENVIRONMENT_VARIABLE} names a file, which then is the only table).
 */
public final class UserTunedFile {
    /** Environment variable that moves the user's tuned file. */
    public static final String ENVIRONMENT_VARIABLE = "JCARE_TUNED_CACHE";

    private UserTunedFile() {
    }

    /** Where the user's tuned file lives (it may not exist), from this process's environment and home folder. */
    public static Path path() {
        return path(System.getenv(), System.getProperty("user.home", "."));
    }

    /**
     * Where the user's tuned file lives given an environment and a home folder: {@value #ENVIRONMENT_VARIABLE} when
     * set, else {@code HOME/.cache/jcare/tuned/tuned.json}.
     */
    public static Path path(Map<String, String> environment, String home) {
        String env = environment.get(ENVIRONMENT_VARIABLE);
        if (env != null && !env.isBlank()) {
            return Path.of(env.trim());
        }
        return Path.of(home, ".cache", "jcare", "tuned", ConvTunedTable.RESOURCE);
    }

    /** The table of {@link #path()}, or null; see {@link #read(Path, PrintStream)}. */
    public static ConvTunedTable read() {
        return read(path(), System.err);
    }

    /**
     * The table in {@code file}, or null when there is no such file; a file that cannot be read is reported on
     * {@code warnings} in one line and ignored (the shipped table and built-in defaults still work, so a damaged cache
     * never stops a restoration).
     */
    public static ConvTunedTable read(Path file, PrintStream warnings) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return ConvTunedTable.read(file);
        } catch (RuntimeException e) {
            // one line: the parser's message repeats the file name and adds a source-location line
            String why = String.valueOf(e.getMessage()).replace(file + ": ", "").lines().findFirst().orElse("").strip();
            warnings.println("warning: ignoring the tuned convolution file " + file + " (" + why
                    + "); run jcare tune again or delete it");
            return null;
        }
    }
}
