package org.jcare.training.loop;

import java.time.Duration;

/**
 * How to train: the CSBDeep train_* fields plus jcare's seed, time budget and loss read-back interval.
 *
 * @param epochs            train_epochs
 * @param stepsPerEpoch     train_steps_per_epoch
 * @param batchSize         train_batch_size
 * @param learningRate      train_learning_rate (initial)
 * @param loss              train_loss
 * @param reduceLrFactor    train_reduce_lr.factor
 * @param reduceLrPatience  train_reduce_lr.patience
 * @param reduceLrMinDelta  train_reduce_lr.min_delta
 * @param seed              seeds batch order (and, in the caller, weight initialization)
 * @param timeBudget        stop after the epoch in which this much wall-clock time has passed; null = no limit
 * @param readbackInterval  read the running loss back every this many steps (non-blocking), for progress
 */
public record TrainingSettings(int epochs, int stepsPerEpoch, int batchSize, double learningRate, LossKind loss,
                               double reduceLrFactor, int reduceLrPatience, double reduceLrMinDelta, long seed,
                               Duration timeBudget, int readbackInterval) {
    /** Validates every field at once. */
    public TrainingSettings {
        StringBuilder problems = new StringBuilder();
        if (epochs < 1) {
            problems.append("train_epochs must be >= 1 (got ").append(epochs).append("); ");
        }
        if (stepsPerEpoch < 1) {
            problems.append("train_steps_per_epoch must be >= 1 (got ").append(stepsPerEpoch).append("); ");
        }
        if (batchSize < 1) {
            problems.append("train_batch_size must be >= 1 (got ").append(batchSize).append("); ");
        }
        if (!(learningRate > 0)) {
            problems.append("train_learning_rate must be > 0 (got ").append(learningRate).append("); ");
        }
        if (readbackInterval < 1) {
            problems.append("readback interval must be >= 1 (got ").append(readbackInterval).append("); ");
        }
        if (problems.length() > 0) {
            throw new IllegalArgumentException("invalid training settings: " + problems.substring(0, problems.length() - 2));
        }
    }

    /** CSBDeep's defaults (100 epochs of 400 steps, batch 16, 4e-4, reduce by 0.5 after 10 flat epochs). */
    public static TrainingSettings defaults(LossKind loss, long seed) {
        return new TrainingSettings(100, 400, 16, 4e-4, loss, 0.5, 10, 0, seed, null, 10);
    }

    /** A copy with another epoch count and steps per epoch. */
    public TrainingSettings withLength(int newEpochs, int newStepsPerEpoch) {
        return new TrainingSettings(newEpochs, newStepsPerEpoch, batchSize, learningRate, loss, reduceLrFactor,
                reduceLrPatience, reduceLrMinDelta, seed, timeBudget, readbackInterval);
    }

    /** A copy with another batch size. */
    public TrainingSettings withBatchSize(int newBatchSize) {
        return new TrainingSettings(epochs, stepsPerEpoch, newBatchSize, learningRate, loss, reduceLrFactor,
                reduceLrPatience, reduceLrMinDelta, seed, timeBudget, readbackInterval);
    }

    /** A copy with a time budget. */
    public TrainingSettings withTimeBudget(Duration budget) {
        return new TrainingSettings(epochs, stepsPerEpoch, batchSize, learningRate, loss, reduceLrFactor,
                reduceLrPatience, reduceLrMinDelta, seed, budget, readbackInterval);
    }

    /** A copy with another initial learning rate. */
    public TrainingSettings withLearningRate(double lr) {
        return new TrainingSettings(epochs, stepsPerEpoch, batchSize, lr, loss, reduceLrFactor,
                reduceLrPatience, reduceLrMinDelta, seed, timeBudget, readbackInterval);
    }
}
