package org.jcare.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

/** A separate process that takes the lock of an output and holds it until it is killed (for {@link OutputLockTest}). */
public final class OutputLockHolder {
    private OutputLockHolder() {
    }

    /** Takes the lock of {@code args[0]}, prints "locked", then sleeps. */
    public static void main(String[] args) throws Exception {
        OutputLock lock = OutputLock.acquire(Path.of(args[0]), "--out", "jcare train", new PrintWriter(System.err));
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
        lock.close();
    }
}
