package org.jcare.kernels.conv;

import java.nio.file.Files;
import java.nio.file.Path;

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

    /** Where the user's tuned file lives (it may not exist). */
    public static Path path() {
        String env = System.getenv(ENVIRONMENT_VARIABLE);
        if (env != null && !env.isBlank()) {
            return Path.of(env.trim());
        }
        return Path.of(System.getProperty("user.home", "."), ".cache", "jcare", "tuned", ConvTunedTable.RESOURCE);
    }

    /**
     * The user's table, or null when there is no file; a file that cannot be read is reported on stderr once and
     * ignored (the shipped table and built-in defaults still work).
     */
    public static ConvTunedTable read() {
        Path p = path();
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try {
            return ConvTunedTable.read(p);
        } catch (RuntimeException e) {
            System.err.println("warning: ignoring the tuned convolution file " + p + ": " + e.getMessage()
                    + "; run jcare tune again or delete it");
            return null;
        }
    }
}
