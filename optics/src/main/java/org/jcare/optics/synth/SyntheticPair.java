package org.jcare.optics.synth;

/**
 * One synthetic training pair: the simulated widefield camera image and the structures rendered at the target
 * resolution, both C order (z, y, x) of the patch size, percentile-normalized unless the settings say otherwise.
 *
 * @param input      the camera image (blurred, background, noise)
 * @param target     the structures at the target resolution, background-free and noise-free
 * @param parameters what was sampled
 */
public record SyntheticPair(float[] input, float[] target, PairParameters parameters) {
}
