package org.jcare.training.data;

/**
 * Random flips and 90-degree rotations applied to training patches as they are batched, the same transform to a
 * source patch and its target. CSBDeep has none built in (only a user callback); CAREamics flips X/Y and rotates by
 * default. Off by default here ({@link #NONE}).
 *
 * <p>Per patch, every enabled flip happens with probability 1/2 and the rotation turns the YX plane by
 * {@code k * 90} degrees, {@code k} uniform in 0..3. Rotation is only in the YX plane (never through Z) and only for
 * square YX patches: {@link BatchSequence} refuses it otherwise.
 *
 * @param flipX flip along X
 * @param flipY flip along Y
 * @param flipZ flip along Z (or T); off in {@link #flipsAndRotations()} because axial and lateral resolution differ
 *              in most stacks, though a Z flip keeps that difference
 * @param rot90 rotate the YX plane by multiples of 90 degrees
 */
public record Augmentation(boolean flipX, boolean flipY, boolean flipZ, boolean rot90) {
    /** No augmentation. */
    public static final Augmentation NONE = new Augmentation(false, false, false, false);

    /** X and Y flips and YX rotations: the 8 symmetries of the square. */
    public static Augmentation flipsAndRotations() {
        return new Augmentation(true, true, false, true);
    }

    /** True when nothing is enabled. */
    public boolean isNone() {
        return !flipX && !flipY && !flipZ && !rot90;
    }
}
