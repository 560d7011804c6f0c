package org.jcare.training.loop;

/** Progress callbacks, so that the CLI can draw bars and an embedding application can listen. */
public interface TrainingListener {
    /** Called every few steps with the running mean loss of the epoch (NaN until the first read-back). */
    default void onStep(int epoch, int step, int stepsPerEpoch, double runningLoss) {
    }

    /** Called after each epoch with its results. */
    default void onEpoch(EpochResult result) {
    }

    /** A listener that ignores everything. */
    TrainingListener NONE = new TrainingListener() {
    };
}
