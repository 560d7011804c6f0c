package org.jcare.engine.cl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Compiled program binaries on disk, one file per (platform, device, driver, source, options), so that a
 * second run on the same device does not recompile. Failures to read or write the cache never fail a build:
 * the cache is an optimization, the source is the truth.
 */
public final class BinaryCache {
    /** Environment variable that moves the cache; "off" disables it. */
    public static final String ENVIRONMENT_VARIABLE = "JCARE_KERNEL_CACHE";

    private final Path directory;

    private BinaryCache(Path directory) {
        this.directory = directory;
    }

    /** A cache in {@code directory}; null disables caching. */
    public static BinaryCache at(Path directory) {
        return new BinaryCache(directory);
    }

    /** The cache from {@code JCARE_KERNEL_CACHE}, else {@code ~/.cache/jcare/kernels}. */
    public static BinaryCache fromEnvironment() {
        String env = System.getenv(ENVIRONMENT_VARIABLE);
        if ("off".equalsIgnoreCase(env)) {
            return new BinaryCache(null);
        }
        if (env != null && !env.isBlank()) {
            return new BinaryCache(Path.of(env));
        }
        String home = System.getProperty("user.home");
        return new BinaryCache(home == null ? null : Path.of(home, ".cache", "jcare", "kernels"));
    }

    /** True when the cache has a directory. */
    public boolean enabled() {
        return directory != null;
    }

    /** The key of a program on a device: a SHA-256 over everything that changes the binary. */
    public static String key(DeviceInfo device, String source, String options) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {device.platformName(), device.name(), device.version(),
                    device.driverVersion(), options, source}) {
                md.update(part.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** The stored binary for {@code key}, if any. */
    public Optional<byte[]> load(String key) {
        if (directory == null) {
            return Optional.empty();
        }
        Path file = directory.resolve(key + ".bin");
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Stores a binary, written to a temporary name and renamed so that readers never see half a file. */
    public void store(String key, byte[] binary) {
        if (directory == null || binary.length == 0) {
            return;
        }
        try {
            Files.createDirectories(directory);
            Path tmp = Files.createTempFile(directory, key, ".tmp");
            Files.write(tmp, binary);
            Files.move(tmp, directory.resolve(key + ".bin"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            // A read-only home or a full disk costs compile time, never correctness.
        }
    }

    /** Deletes a stored binary that the driver rejected. */
    public void evict(String key) {
        if (directory != null) {
            try {
                Files.deleteIfExists(directory.resolve(key + ".bin"));
            } catch (IOException e) {
                // ignored for the same reason as in store
            }
        }
    }
}
