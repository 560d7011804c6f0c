package org.jcare.kernels.optim;

/**
 * What Adam needs to resume exactly: the number of steps taken and both moments, flat in the layout of the
 * parameter set (alignment gaps included). Store it with the weights in a checkpoint.
 *
 * @param steps steps taken (t of the bias correction)
 * @param m     first moments, {@code ParameterSet.flatLength()} floats
 * @param v     second moments, as many
 */
public record AdamState(long steps, float[] m, float[] v) {
    /** Checks that the moments agree in length and the step count is not negative. */
    public AdamState {
        if (steps < 0) {
            throw new IllegalArgumentException("Adam state with " + steps + " steps");
        }
        if (m.length != v.length) {
            throw new IllegalArgumentException("Adam state moments of " + m.length + " and " + v.length + " floats");
        }
    }
}
