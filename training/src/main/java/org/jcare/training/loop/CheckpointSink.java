package org.jcare.training.loop;

import org.jcare.engine.autograd.ParameterSet;

/**
 * Where the trainer writes checkpoints: {@code weights_last} after every epoch (with the state needed to
 * resume) and {@code weights_best} whenever the validation loss improves. Implementations write to a
 * temporary name and rename, so a run that dies keeps its last complete checkpoint.
 */
public interface CheckpointSink {
    /** Saves the weights under {@code tag} ("weights_best" or "weights_last") with the trainer state. */
    void save(String tag, ParameterSet parameters, TrainerState state);

    /** A sink that keeps nothing (tests, benchmarks). */
    CheckpointSink NONE = (tag, parameters, state) -> {
    };
}
