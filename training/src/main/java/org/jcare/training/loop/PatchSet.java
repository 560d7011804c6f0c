package org.jcare.training.loop;

/**
 * Training or validation patches as the trainer reads them: pairs of source (x) and target (y) samples in the
 * engine layout [C, (D,) H, W], copied into batch arrays.
 */
public interface PatchSet {
    /** Number of patch pairs. */
    int count();

    /** Shape of one source sample: channels, then spatial sizes. */
    long[] sourceShape();

    /** Shape of one target sample: channels, then spatial sizes. */
    long[] targetShape();

    /** Copies source sample {@code index} into {@code dst} at {@code offset}. */
    void copySource(int index, float[] dst, int offset);

    /** Copies target sample {@code index} into {@code dst} at {@code offset}. */
    void copyTarget(int index, float[] dst, int offset);
}
