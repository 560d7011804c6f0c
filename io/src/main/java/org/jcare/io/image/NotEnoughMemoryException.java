package org.jcare.io.image;

import java.util.Locale;

/**
 * Work that would need more memory than the Java heap has left, found before anything is allocated: the message
 * says how much is needed, how much the heap has, and what to do, instead of an {@link OutOfMemoryError} after
 * seconds of allocation.
 */
public final class NotEnoughMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with its message. */
    public NotEnoughMemoryException(String message) {
        super(message);
    }

    /**
     * Fails when {@code bytes} more do not fit the Java heap (its maximum minus what is in use, after a collection
     * when the first look says no).
     *
     * @param what names the work, for example the file and its shape
     * @throws NotEnoughMemoryException "WHAT needs N GiB of memory; the Java heap has M GiB: ..."
     */
    public static void require(String what, long bytes) {
        if (bytes <= available()) {
            return;
        }
        System.gc();
        long free = available();
        if (bytes > free) {
            throw new NotEnoughMemoryException(String.format(Locale.ROOT, "%s needs %s of memory; the Java heap has %s"
                    + " free (of %s): set -Xmx (with ./jcare: JCARE_JAVA_OPTS=-Xmx...) or use smaller images or tiles",
                    what, gib(bytes), gib(free), gib(Runtime.getRuntime().maxMemory())));
        }
    }

    /** Bytes the heap can still give: its maximum minus what is in use. */
    public static long available() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /** A byte count in GiB (MiB below 1 GiB). */
    public static String gib(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / 1073741824.0)
                : String.format(Locale.ROOT, "%.0f MiB", Math.ceil(bytes / 1048576.0));
    }
}
