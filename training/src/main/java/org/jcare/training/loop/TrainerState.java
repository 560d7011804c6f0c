package org.jcare.training.loop;

import java.util.List;

/**
 * What a checkpoint must hold beyond the weights to resume a run exactly: epochs done, the learning rate and
 * plateau state, the optimizer's step count and moments, and the history so far.
 *
 * @param epochsDone     completed epochs
 * @param learningRate   learning rate for the next epoch
 * @param plateauBest    best validation loss seen by the schedule
 * @param plateauWait    epochs since the last improvement
 * @param adamSteps      optimizer steps taken
 * @param adamM          first moments (flat, same layout as the parameters)
 * @param adamV          second moments
 * @param history        epoch results so far
 */
public record TrainerState(int epochsDone, double learningRate, double plateauBest, int plateauWait, long adamSteps,
                           float[] adamM, float[] adamV, List<EpochResult> history) {
}
