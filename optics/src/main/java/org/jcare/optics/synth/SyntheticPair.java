package org.jcare.optics.synth;

/**
 * One synthetic training pair: the simulated widefield camera image and the structures rendered at the target
 * resolution, both C order (z, y, x) of {@link SynthSettings#targetPatch()} (the patch size, with Y and X times the
 * upsampling factor), percentile-normalized unless the settings say otherwise.
 *
 * @param input      the camera image (blurred, background, noise), zoomed linearly to the target grid when the
 *                   settings upsample
 * @param target     the structures (and the diffuse component, if any) at the target resolution, background-free and
 *                   noise-free
 * @param parameters what was sampled
 */
public record SyntheticPair(float[] input, float[] target, PairParameters parameters) {
}
