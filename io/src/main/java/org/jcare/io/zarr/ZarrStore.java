package org.jcare.io.zarr;

import java.io.IOException;

/**
 * Where a Zarr hierarchy keeps its keys ({@code .zarray}, {@code zarr.json}, chunk keys such as {@code 0/0.0.1} or
 * {@code c/0/0/1}): a file-system folder ({@link FileStore}), or anything else that maps keys to bytes. Every method may
 * be called from several threads at once.
 */
public interface ZarrStore {
    /** The value of {@code key}, or null when there is none. */
    byte[] get(String key) throws IOException;

    /** Sets {@code key} to {@code value} atomically: a reader sees the old value, the new one or none, never a part. */
    void set(String key, byte[] value) throws IOException;

    /** Whether {@code key} has a value. */
    boolean contains(String key) throws IOException;

    /** Removes {@code key} (nothing when it has no value). */
    void delete(String key) throws IOException;

    /** A human-readable location of {@code key} for messages (a file path for a folder store). */
    String describe(String key);
}
