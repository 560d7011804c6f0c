package org.jcare.kernels.mixture;

import org.jcare.engine.tensor.Tensor;

/**
 * A view of M ensemble members of N pixels each in one device tensor, as the {@code mixture.cl} kernels read them:
 * member m's location of pixel i at {@code data[m * stride + i]} and, for probabilistic members, its Laplace scale at
 * {@code data[m * stride + scaleOffset + i]}; {@code factors[m]} multiplies member m's scales (recalibration).
 *
 * @param data          the members
 * @param factors       M scale factors (ones for none)
 * @param count         M
 * @param pixels        N
 * @param stride        S, the distance between two members
 * @param scaleOffset   O, the distance from a member's locations to its scales (unused for plain members)
 * @param probabilistic whether the members have scales (Laplace) or are plain point predictions
 */
public record MixtureMembers(Tensor data, Tensor factors, int count, long pixels, long stride, long scaleOffset,
                             boolean probabilistic) {
    /** Checks that the view stays inside its tensors. */
    public MixtureMembers {
        if (count < 1 || pixels < 0 || stride < pixels) {
            throw new IllegalArgumentException("mixture members: " + count + " members of " + pixels
                    + " pixels with stride " + stride + " do not make sense");
        }
        long last = (count - 1) * stride + (probabilistic ? scaleOffset : 0) + pixels;
        if (probabilistic && (scaleOffset < pixels || scaleOffset + pixels > stride)) {
            throw new IllegalArgumentException("mixture members: scales at offset " + scaleOffset
                    + " overlap the locations or the next member (" + pixels + " pixels, stride " + stride + ")");
        }
        if (data.numel() < last) {
            throw new IllegalArgumentException("mixture members: " + count + " members of " + pixels
                    + " pixels (stride " + stride + ") need " + last + " values, the tensor " + data.shape()
                    + " has " + data.numel());
        }
        if (factors.numel() < count) {
            throw new IllegalArgumentException("mixture members: " + count + " members need as many scale factors,"
                    + " got " + factors.numel());
        }
    }

    /**
     * Members stacked one after the other, each {@code [locations of N pixels, scales of N pixels]} for
     * probabilistic members (a probabilistic network's output [mean channels, scale channels]) or
     * {@code [locations]} for plain ones.
     */
    public static MixtureMembers stacked(Tensor data, Tensor factors, int count, long pixels, boolean probabilistic) {
        return new MixtureMembers(data, factors, count, pixels, probabilistic ? 2 * pixels : pixels, pixels,
                probabilistic);
    }

    /** Throws unless the members are probabilistic (readouts that need a distribution). */
    void requireScales(String readout) {
        if (!probabilistic) {
            throw new IllegalArgumentException(readout + " needs probabilistic members (a Laplace scale per pixel);"
                    + " plain members give the mean and the spread across members only");
        }
    }
}
