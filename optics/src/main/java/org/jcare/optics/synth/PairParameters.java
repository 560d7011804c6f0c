package org.jcare.optics.synth;

/**
 * Every value sampled for one synthetic pair (written to the sidecar JSON). The pair's seed regenerates it exactly,
 * including what is not listed (positions and paths): {@code SyntheticPairs.generatePair(seed, index)}.
 *
 * @param index              position in the dataset
 * @param seed               the pair's own seed (derived from the dataset seed and the index)
 * @param tubuleDensity      sampled mean tubules per 100 um^2 (0 when no tubules are drawn)
 * @param persistenceNm      sampled persistence length in nm (0 when no tubules)
 * @param tubuleLengthsNm    contour length of each tubule, nm
 * @param tubuleBrightness   brightness of each tubule
 * @param granuleDensity     sampled mean granules per 100 um^2 (0 when no granules)
 * @param granuleRadiiNm     radius of each granule, nm
 * @param granuleBrightness  brightness of each granule
 * @param backgroundStrength background amplitude relative to the brightest blurred structure
 * @param backgroundPeriodNm period of the first Perlin octave, nm
 * @param photons            photoelectrons at the brightest blurred structure
 * @param readNoise          read noise, electrons
 * @param peakSignal         brightest blurred structure in object units before scaling to photons
 * @param pmin               lower normalization percentile
 * @param pmax               upper normalization percentile
 * @param diffuseStrength    diffuse sample component relative to the brightest blurred structure (0: none)
 * @param diffusePeriodNm    period of the diffuse component's first Perlin octave, nm
 */
public record PairParameters(int index, long seed, double tubuleDensity, double persistenceNm, float[] tubuleLengthsNm,
                             float[] tubuleBrightness, double granuleDensity, float[] granuleRadiiNm,
                             float[] granuleBrightness, double backgroundStrength, double backgroundPeriodNm,
                             double photons, double readNoise, double peakSignal, double pmin, double pmax,
                             double diffuseStrength, double diffusePeriodNm) {
}
