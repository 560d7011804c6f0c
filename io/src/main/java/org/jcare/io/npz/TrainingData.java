package org.jcare.io.npz;

import java.util.Arrays;
import org.jcare.io.image.FloatImage;

/**
 * CSBDeep training data: inputs {@code x} and targets {@code y} with the same axes, samples first and channel second
 * ({@code "SCYX"}, {@code "SCZYX"}), as {@code csbdeep.data.save_training_data} writes them.
 *
 * @param x inputs
 * @param y targets, same axes and number of samples as {@code x}
 */
public record TrainingData(FloatImage x, FloatImage y) {
    /**
     * Checks that x and y agree.
     *
     * @throws IllegalArgumentException naming both shapes otherwise
     */
    public TrainingData {
        if (!x.axes().equals(y.axes())) {
            throw new IllegalArgumentException("X has axes " + x.axes() + " but Y has " + y.axes());
        }
        if (x.axes().has('S') && x.size('S') != y.size('S')) {
            throw new IllegalArgumentException("X " + Arrays.toString(x.shape()) + " and Y " + Arrays.toString(y.shape())
                    + " differ in the number of samples (axis S)");
        }
    }

    /** The axes of X and Y. */
    public String axes() {
        return x.axes().letters();
    }
}
