package org.jcare.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes files and folders so that a reader never sees a half-written one: the content goes to a temporary name in the
 * target's own folder (same file system, so the rename is atomic) and is renamed onto the target only when complete.
 * A failed write removes its temporary and leaves any existing target untouched.
 */
public final class AtomicFiles {
    private static final java.util.regex.Pattern TEMPORARY =
            java.util.regex.Pattern.compile("\\.(.+)\\.jcare-(\\d{1,18})-\\d+");
    private static final java.util.regex.Pattern LEGACY_TEMPORARY =
            java.util.regex.Pattern.compile("\\..+?(?:\\.old)?\\.\\d+");

    private AtomicFiles() {
    }

    /** Writes the content of a temporary path. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the content to {@code temporary}, which does not exist yet (create it as a file or folder).
         *
         * @param temporary where to write
         * @throws IOException when writing fails
         */
        void write(Path temporary) throws IOException;
    }

    /**
     * Writes {@code target} through {@code writer} and a temporary name, refusing to replace an existing target unless
     * {@code overwrite} is set.
     *
     * @param target    the file or folder to create
     * @param overwrite whether an existing target may be replaced
     * @param writer    writes the content to the temporary path it is given
     * @throws FileFormatException when the target exists and {@code overwrite} is false, or its folder is missing
     * @throws IOException         when the writer fails
     */
    public static void write(Path target, boolean overwrite, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        checkWritable(absolute, overwrite);
        Path dir = absolute.getParent();
        String name = absolute.getFileName().toString();
        removeStaleTemporaries(dir, name);
        // A hidden temporary beside the target: same file system, so the final move is a rename. Its name carries this
        // process's id, so that a later run can tell the leftovers of a killed process from a live one's work.
        Path tmp = Files.createTempDirectory(dir, temporaryPrefix(name, false));
        Path content = tmp.resolve(absolute.getFileName());
        try {
            writer.write(content);
            if (!Files.exists(content)) {
                throw new FileFormatException(target, "the writer produced nothing");
            }
            move(content, absolute, overwrite, target);
        } finally {
            // Holds the content only when something failed; empty after a successful rename.
            deleteRecursively(tmp);
        }
    }

    /**
     * Checks that {@code target} may be written: its folder exists and it does not exist unless {@code overwrite}.
     *
     * @param target    the file or folder to create
     * @param overwrite whether an existing target may be replaced
     * @throws FileFormatException naming the target otherwise
     */
    public static void checkWritable(Path target, boolean overwrite) throws FileFormatException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new FileFormatException(target, "its folder " + dir + " does not exist; create it first");
        }
        if (Files.exists(target) && !overwrite) {
            throw new FileFormatException(target, "already exists; refusing to overwrite it (set overwrite to replace it)");
        }
    }

    private static void move(Path from, Path to, boolean overwrite, Path target) throws IOException {
        try {
            if (overwrite && Files.isDirectory(to)) {
                // A folder cannot be replaced by rename while it has content: move it aside first, then drop it.
                Path aside = Files.createTempDirectory(to.getParent(), temporaryPrefix(to.getFileName().toString(), true));
                Files.delete(aside);
                Files.move(to, aside, StandardCopyOption.ATOMIC_MOVE);
                try {
                    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    Files.move(aside, to, StandardCopyOption.ATOMIC_MOVE);
                    throw e;
                }
                deleteRecursively(aside);
            } else if (overwrite) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            throw new FileFormatException(target, "appeared while it was being written; refusing to overwrite it", e);
        } catch (AtomicMoveNotSupportedException e) {
            throw new FileFormatException(target, "this file system cannot rename atomically; write to a local folder", e);
        }
    }

    /** {@code .NAME.jcare-PID-} (or {@code .NAME.old.jcare-PID-} for a replaced folder set aside). */
    private static String temporaryPrefix(String name, boolean aside) {
        return "." + name + (aside ? ".old" : "") + ".jcare-" + ProcessHandle.current().pid() + "-";
    }

    /**
     * True when {@code fileName} is a hidden temporary of this class: {@code .NAME.jcare-PID-N} or
     * {@code .NAME.old.jcare-PID-N}, or the {@code .NAME.N} / {@code .NAME.old.N} of earlier jcare versions.
     */
    public static boolean isTemporaryName(String fileName) {
        return TEMPORARY.matcher(fileName).matches() || LEGACY_TEMPORARY.matcher(fileName).matches();
    }

    /**
     * Deletes the hidden temporaries of {@code name} in {@code dir} that belong to processes which no longer run (a
     * run killed while writing leaves its temporary behind). Temporaries of live processes, of this process, and of
     * earlier jcare versions (whose names carry no process id) are left alone. Best effort: what cannot be deleted
     * stays.
     *
     * @param dir  the folder of the target
     * @param name the target's file name
     * @return how many temporaries were removed
     */
    public static int removeStaleTemporaries(Path dir, String name) {
        int removed = 0;
        String start = "." + name + ".";
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (!n.startsWith(start)) {
                    continue;
                }
                java.util.regex.Matcher m = TEMPORARY.matcher(n);
                if (!m.matches() || !(m.group(1).equals(name) || m.group(1).equals(name + ".old"))) {
                    continue;
                }
                long pid = Long.parseLong(m.group(2));
                if (pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                        .orElse(false)) {
                    continue;
                }
                try {
                    deleteRecursively(p);
                    removed++;
                } catch (IOException e) {
                    // left for a later run; writing the target does not depend on it
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unlistable folder: the write itself reports what is wrong
        }
        return removed;
    }

    /**
     * Deletes a file or a folder with its content; a missing path is fine.
     *
     * @param path what to delete
     * @throws IOException when something cannot be deleted
     */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
