package org.jcare.io.zarr;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Zarr store in a folder: key {@code a/b/c} is the file {@code root/a/b/c}. A value is written to a hidden
 * temporary file in the key's own folder and renamed onto the key, so a reader (another thread, another process, a
 * process started after this one was killed) sees a chunk whole or not at all.
 */
public final class FileStore implements ZarrStore {
    private final Path root;

    /** A store over folder {@code root} (created on the first write when missing). */
    public FileStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The folder. */
    public Path root() {
        return root;
    }

    /** The file of {@code key}. */
    public Path file(String key) {
        if (key.startsWith("/") || key.contains("..") || key.contains("\\")) {
            throw new IllegalArgumentException("zarr key '" + key + "' must be a relative path without '..'");
        }
        return key.isEmpty() ? root : root.resolve(key);
    }

    @Override
    public byte[] get(String key) throws IOException {
        try {
            return Files.readAllBytes(file(key));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void set(String key, byte[] value) throws IOException {
        Path target = file(key);
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
        try {
            Files.write(tmp, value);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(target + ": this file system cannot rename atomically; write to a local folder",
                        e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public boolean contains(String key) {
        return Files.isRegularFile(file(key));
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(file(key));
    }

    @Override
    public String describe(String key) {
        return file(key).toString();
    }

    @Override
    public String toString() {
        return "FileStore(" + root + ")";
    }
}
