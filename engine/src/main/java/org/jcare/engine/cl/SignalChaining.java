package org.jcare.engine.cl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * PoCL compiles kernels with LLVM inside the JVM's process, and LLVM installs its own SIGSEGV and SIGBUS handlers
 * (PoCL its own SIGFPE handler) over the JVM's. HotSpot needs SIGSEGV for itself (safepoint polls, implicit null
 * checks): once LLVM's handler is in place, the next armed safepoint poll kills the JVM without a message (measured
 * here: {@code -Xcheck:jni} reports "SIGSEGV handler modified ... libLLVM-15.so.1", and a restore with parallel host
 * work died in 2 of 3 runs). The cure is the JDK's signal-chaining library, preloaded:
 * {@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so} keeps the JVM's handlers and calls LLVM's for the signals that are not
 * the JVM's. {@code ./jcare} and the Maven build preload it; anything else that opens a PoCL device without it gets
 * one warning that says how.
 */
public final class SignalChaining {
    /** The library's file name under {@code $JAVA_HOME/lib} on Linux. */
    public static final String LIBRARY = "libjsig.so";
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private SignalChaining() {
    }

    /**
     * True when this process has the JVM's signal-chaining library loaded (Linux; false elsewhere). A preload cannot
     * change while the process runs, so the process map is read once.
     */
    public static boolean chained() {
        return Loaded.CHAINED;
    }

    /** Holder of the one read of the process map (on first use, not when the class loads). */
    private static final class Loaded {
        static final boolean CHAINED = readMaps();

        private static boolean readMaps() {
            try {
                return Files.readString(Path.of("/proc/self/maps")).contains("/" + LIBRARY);
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
    }

    /** True when {@code device} runs on PoCL on Linux, where LLVM shares the process and takes the signals. */
    static boolean atRisk(DeviceInfo device) {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && device.platformName().toLowerCase(Locale.ROOT).contains("portable computing language");
    }

    /** Prints, once per process, how to start Java when {@code device} is at risk and the library is not loaded. */
    static void warnIfUnprotected(DeviceInfo device) {
        if (atRisk(device) && !chained() && WARNED.compareAndSet(false, true)) {
            System.err.println("jcare: warning: PoCL's LLVM replaces the JVM's SIGSEGV handler, which can end this JVM "
                    + "without a message; start java with LD_PRELOAD=" + Path.of(System.getProperty("java.home"), "lib",
                    LIBRARY) + " (./jcare and the Maven build do)");
        }
    }
}
