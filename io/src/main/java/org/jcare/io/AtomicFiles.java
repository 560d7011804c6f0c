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
        // A hidden temporary beside the target: same file system, so the final move is a rename.
        Path tmp = Files.createTempDirectory(dir, "." + absolute.getFileName() + ".");
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
                Path aside = Files.createTempDirectory(to.getParent(), "." + to.getFileName() + ".old.");
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
