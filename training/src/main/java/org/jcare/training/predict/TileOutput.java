package org.jcare.training.predict;

/**
 * One image a {@link TileProgram} produces: its name, its channel count (consecutive output channels) and how the
 * input's percentile normalization is undone on it. Undoing applies, as in CSBDeep, only when the image has as many
 * channels as the input.
 *
 * @param name     a name for the image, for example "mean", "scale", "std", "disagreement"
 * @param channels how many output channels it takes
 * @param undo     how normalization is undone on it
 */
public record TileOutput(String name, int channels, Undo undo) {
    /** Checks the channel count. */
    public TileOutput {
        if (channels < 1) {
            throw new IllegalArgumentException("tile output " + name + " needs at least one channel, got " + channels);
        }
    }

    /** How an output maps back from normalized units ({@code v -> (v - lo) / (hi - lo)} on the input). */
    public enum Undo {
        /** An intensity (a mean, a quantile, a sample): {@code v (hi - lo) + lo}. */
        LOCATION,
        /** A spread (a scale, a standard deviation): {@code v (hi - lo)}. */
        SCALE,
        /** A variance: {@code v (hi - lo)^2}. */
        VARIANCE,
        /** Unitless (a probability, a divergence): unchanged. */
        NONE
    }
}
