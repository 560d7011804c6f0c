package org.jcare.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Properties;

/**
 * A run's claim on its output: a lock file beside the output ({@code .NAME.jcare-lock} in the output's folder, because
 * a model folder is replaced whole after every epoch) holding the process id, its start time and the command, and an
 * operating-system lock on that file for as long as the run lasts. A second run on the same output refuses, naming the
 * holder. When the holder is gone (killed, crashed) the operating system has released its lock, and the next run takes
 * the lock over and says so; where file locks are not available, a recorded process that no longer runs (or a reused
 * process id with another start time) counts as gone.
 */
final class OutputLock implements AutoCloseable {
    private static final String SUFFIX = ".jcare-lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of {@code output}: {@code .NAME.jcare-lock} beside it. */
    static Path fileOf(Path output) {
        Path abs = output.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        String name = abs.getFileName() == null ? "root" : abs.getFileName().toString();
        return parent == null ? abs.resolve("." + name + SUFFIX) : parent.resolve("." + name + SUFFIX);
    }

    /** True for the name of a lock file of this class. */
    static boolean isLockName(String fileName) {
        return fileName.startsWith(".") && fileName.endsWith(SUFFIX);
    }

    /**
     * Takes the lock of {@code output} for {@code command} (for example "jcare train"); its folder must exist.
     *
     * @param option names the output in messages, for example "--out"
     * @param notes  where taking over a stale lock is reported
     * @throws BadInputException when another live run holds the lock, naming it
     * @throws IOException       when the lock file cannot be written
     */
    static OutputLock acquire(Path output, String option, String command, PrintWriter notes) throws IOException {
        Path file = fileOf(output);
        for (int attempt = 0; attempt < 5; attempt++) {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock fl;
            boolean osLocks = true;
            try {
                fl = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                fl = null; // another run in this very JVM holds it
            } catch (IOException e) {
                fl = null;
                osLocks = false; // a file system without locks: the recorded process decides
            }
            Holder previous = Holder.read(ch);
            if (fl == null && osLocks) {
                ch.close();
                throw busy(output, option, previous);
            }
            if (previous != null && previous.alive() && previous.pid != ProcessHandle.current().pid()) {
                release(fl, ch);
                throw busy(output, option, previous);
            }
            Holder self = Holder.current(command);
            self.write(ch);
            if (!self.equals(Holder.read(file))) {
                // the holder deleted this file while we waited for its lock: start again on the new one
                release(fl, ch);
                continue;
            }
            if (previous != null && notes != null) {
                notes.println("note: " + option + " " + output + " was locked by " + previous.describe()
                        + ", which no longer runs; taking the lock over");
                notes.flush();
            }
            return new OutputLock(file, ch, fl);
        }
        throw new IOException("cannot take the lock " + file + ": it keeps being replaced by other runs");
    }

    private static BadInputException busy(Path output, String option, Holder holder) {
        String who = holder == null ? "another jcare run" : holder.describe();
        return new BadInputException(option + " " + output + " is in use by " + who + "; wait for it to finish,"
                + " or choose another " + option);
    }

    private static void release(FileLock fl, FileChannel ch) throws IOException {
        if (fl != null) {
            fl.release();
        }
        ch.close();
    }

    /** Releases the lock and deletes the lock file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover lock file of a finished run is recognized as stale by the next one
        }
        try {
            if (lock != null) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            // closing releases the lock in any case
        }
    }

    /**
     * Who holds a lock: process id, its start time and the command, and a random token that makes each taking of the
     * lock unique.
     */
    private record Holder(long pid, String started, String command, String token) {
        static Holder current(String command) {
            ProcessHandle self = ProcessHandle.current();
            return new Holder(self.pid(), self.info().startInstant().map(OutputLock::second).orElse(""), command,
                    Long.toHexString(new java.security.SecureRandom().nextLong()));
        }

        static Holder read(FileChannel ch) throws IOException {
            long size = ch.size();
            if (size == 0 || size > 4096) {
                return null;
            }
            ByteBuffer b = ByteBuffer.allocate((int) size);
            ch.read(b, 0);
            return parse(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
        }

        /** The holder recorded in the file at {@code file} now, or null. */
        static Holder read(Path file) {
            try {
                if (!Files.isRegularFile(file) || Files.size(file) > 4096) {
                    return null;
                }
                return parse(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                return null;
            }
        }

        private static Holder parse(String text) throws IOException {
            Properties p = new Properties();
            try {
                p.load(new java.io.StringReader(text));
                return new Holder(Long.parseLong(p.getProperty("pid", "").trim()), p.getProperty("started", ""),
                        p.getProperty("command", "jcare"), p.getProperty("token", ""));
            } catch (IllegalArgumentException e) {
                return null; // not a lock this class wrote (NumberFormatException is one)
            }
        }

        void write(FileChannel ch) throws IOException {
            String text = "# jcare run lock: the run below writes this output; deleted when it ends\n"
                    + "pid=" + pid + "\nstarted=" + started + "\ncommand=" + command + "\ntoken=" + token + "\n";
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
        }

        /** True when the process runs and, where its start time is known, started when the lock says. */
        boolean alive() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(h -> started.isEmpty() || h.info().startInstant().map(OutputLock::second)
                            .map(started::equals).orElse(true))
                    .orElse(false);
        }

        String describe() {
            return command + " (process " + pid + (started.isEmpty() ? "" : ", started " + started) + ")";
        }
    }

    private static String second(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
