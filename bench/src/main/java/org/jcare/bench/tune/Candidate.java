package org.jcare.bench.tune;

import org.jcare.kernels.conv.ConvTunables;

/**
 * One set of tunables to try. The search is separable: the forward group (the tiles of the forward kernel,
 * which backward-data runs too) and the weights group (the split-K weight-gradient kernel) are varied one at a
 * time with the other left at the default, and the two winners are combined (and validated again) at the end.
 *
 * @param group    which kernels' tunables differ from the default
 * @param label    the varied values in words, for logs
 * @param tunables the complete tunables to build the kernels with
 */
public record Candidate(Group group, String label, ConvTunables tunables) {
    /** What a candidate varies. */
    public enum Group {
        /** Nothing: the current defaults (always tried first; the baseline). */
        DEFAULT,
        /** The forward kernel's tile (also used by backward data). */
        FORWARD,
        /** The weight-gradient kernel's tile and split. */
        WEIGHTS,
        /** The forward winner with the weights winner. */
        COMBINED
    }

    /** True when this candidate's forward tunables are timed (forward and backward data). */
    public boolean timesForward() {
        return group != Group.WEIGHTS;
    }

    /** True when this candidate's weight-gradient tunables are timed. */
    public boolean timesWeights() {
        return group != Group.FORWARD;
    }
}
