package org.jcare.training.predict;

/**
 * A restored image: the mean (what a standard CARE network predicts) and, for a probabilistic network, the
 * per-pixel Laplace scale. Both have the input's axes, with the channel axis sized to the network's output.
 *
 * @param mean  the restoration
 * @param scale the Laplace scale b (variance 2 b^2), or null for a standard network
 * @param tilesPerAxis tiles used per spatial axis
 */
public record Restoration(org.jcare.io.image.FloatImage mean, org.jcare.io.image.FloatImage scale, int[] tilesPerAxis) {
    /** True when the network was probabilistic. */
    public boolean isProbabilistic() {
        return scale != null;
    }
}
