package org.jcare.optics.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the synthetic pair generator samples from, in physical units (nm, photoelectrons). Ranges are sampled
 * per pair (persistence length, background, camera, normalization) or per object (lengths, radii, brightness). The
 * {@linkplain #defaults defaults} describe a 1.4 NA oil widefield microscope at 520 nm emission imaged at 100 nm
 * pixels; the optics themselves (the PSF) are given to {@link SyntheticPairs} separately.
 *
 * @param structure           tubules, granules or both
 * @param patch               patch size (z, y, x); z = 1 for 2D
 * @param pixelNm             lateral pixel size in nm
 * @param zStepNm             axial voxel size in nm (3D only)
 * @param tubuleDensity       mean number of tubules per 100 um^2 of field (Poisson count; the mean is sampled per pair)
 * @param persistenceNm       persistence length in nm, per pair (worm-like chain; 2D convention
 *                            &lt;cos theta(s)&gt; = exp(-s / (2 Lp)) in 2D, exp(-s / Lp) in 3D)
 * @param tubuleLengthNm      contour length of each tubule in nm
 * @param tubuleWidthNm       FWHM of a tubule's Gaussian cross-section in nm (25: the microtubule's outer diameter;
 *                            about 50 with primary and secondary antibodies)
 * @param tubuleBrightness    fluorophores per pixel length, relative, per tubule
 * @param granuleDensity      mean number of granules per 100 um^2 of field, per pair
 * @param granuleRadiusNm     granule radius in nm, log-uniform per granule (filled balls)
 * @param granuleBrightness   fluorophore density, relative, per granule
 * @param targetFwhmNm        lateral FWHM of the target's Gaussian rendering in nm (the resolution the network learns
 *                            to produce); 0 = 1.2 pixels
 * @param targetFwhmZNm       axial FWHM of the 3D target's rendering in nm; 0 = 1.2 z steps
 * @param backgroundOctaves   octaves of the Perlin background (each half the period and amplitude of the last)
 * @param backgroundStrength  background amplitude relative to the brightest blurred structure, per pair
 * @param backgroundPeriodNm  period of the first Perlin octave in nm, per pair
 * @param photons             photoelectrons at the brightest blurred structure, log-uniform per pair
 * @param readNoise           camera read noise in electrons (Gaussian standard deviation), per pair
 * @param offset              camera offset in ADU
 * @param gain                camera gain in ADU per electron
 * @param pmin                lower normalization percentile, per pair (CSBDeep's create_patches)
 * @param pmax                upper normalization percentile, per pair
 * @param normalize           whether inputs and targets are percentile-normalized (else raw ADU and object units)
 * @param upsample            lateral factor F (1-8) of the target grid: targets are rendered at {@code pixelNm / F}
 *                            (on the sample positions of a linear zoom by F, {@link org.jcare.optics.resample.ScipyZoom#zoomLateral}), and the camera images
 *                            at {@code pixelNm} are zoomed to that grid the same way, as CSBDeep's upsampling task and
 *                            jcare's lateral upsampling models do at prediction; 1 = targets on the camera grid
 * @param diffuseStrength     amplitude of the diffuse sample component relative to the brightest blurred structure,
 *                            per pair: a smooth fluorophore density of the sample (cytoplasmic, unpolymerized protein)
 *                            that is in the target as well as in the input, unlike the Perlin background; 0 = none
 * @param diffusePeriodNm     period of the diffuse component's first Perlin octave in nm, per pair
 * @param diffuseOctaves      Perlin octaves of the diffuse component (each half the period and amplitude of the last)
 */
public record SynthSettings(Structure structure, int[] patch, double pixelNm, double zStepNm,
                            Range tubuleDensity, Range persistenceNm, Range tubuleLengthNm, double tubuleWidthNm,
                            Range tubuleBrightness, Range granuleDensity, Range granuleRadiusNm,
                            Range granuleBrightness, double targetFwhmNm, double targetFwhmZNm, int backgroundOctaves,
                            Range backgroundStrength, Range backgroundPeriodNm, Range photons, Range readNoise,
                            double offset, double gain, Range pmin, Range pmax, boolean normalize, int upsample,
                            Range diffuseStrength, Range diffusePeriodNm, int diffuseOctaves) {
    /**
     * Checks every value; all problems are reported at once.
     *
     * @throws IllegalArgumentException listing each bad value and its valid range
     */
    public SynthSettings {
        patch = patch.clone();
        List<String> p = new ArrayList<>();
        if (patch.length != 3 || patch[0] < 1 || patch[1] < 8 || patch[2] < 8 || patch[1] > 4096 || patch[2] > 4096
                || patch[0] > 512) {
            p.add("patch size " + Arrays.toString(patch) + " must be (z, y, x) with y and x in [8, 4096], z in [1, 512]");
        }
        if (!(pixelNm >= 1 && pixelNm <= 10000)) {
            p.add("pixel size " + pixelNm + " nm must be in [1, 10000]");
        }
        if (patch.length == 3 && patch[0] > 1 && !(zStepNm >= 1 && zStepNm <= 100000)) {
            p.add("z step " + zStepNm + " nm must be in [1, 100000] for 3D patches");
        }
        check(p, tubuleDensity, 0, 1e4, "tubule density (per 100 um^2)");
        check(p, persistenceNm, 10, 1e9, "persistence length (nm)");
        check(p, tubuleLengthNm, 1, 1e7, "tubule length (nm)");
        if (!(tubuleWidthNm >= 0 && tubuleWidthNm <= 1000)) {
            p.add("tubule width " + tubuleWidthNm + " nm must be in [0, 1000]");
        }
        check(p, tubuleBrightness, 0, 1e6, "tubule brightness");
        check(p, granuleDensity, 0, 1e5, "granule density (per 100 um^2)");
        check(p, granuleRadiusNm, 1, 1e5, "granule radius (nm)");
        check(p, granuleBrightness, 0, 1e6, "granule brightness");
        if (!(targetFwhmNm >= 0) || !(targetFwhmZNm >= 0)) {
            p.add("target FWHM " + targetFwhmNm + " / " + targetFwhmZNm + " nm must be >= 0 (0 = automatic)");
        }
        if (backgroundOctaves < 0 || backgroundOctaves > 8) {
            p.add("background octaves " + backgroundOctaves + " must be in [0, 8]");
        }
        check(p, backgroundStrength, 0, 100, "background strength");
        check(p, backgroundPeriodNm, 10, 1e8, "background period (nm)");
        check(p, photons, 1e-3, 1e9, "photons");
        check(p, readNoise, 0, 1e4, "read noise (e-)");
        if (!Double.isFinite(offset) || !(gain > 0 && gain < 1e4)) {
            p.add("camera offset " + offset + " must be finite and gain " + gain + " in (0, 10000)");
        }
        check(p, pmin, 0, 100, "pmin");
        check(p, pmax, 0, 100, "pmax");
        if (upsample < 1 || upsample > 8) {
            p.add("upsampling factor " + upsample + " must be in [1, 8]");
        } else if (patch.length == 3 && (patch[1] * (long) upsample > 4096 || patch[2] * (long) upsample > 4096)) {
            p.add("patch size " + Arrays.toString(patch) + " upsampled by " + upsample + " exceeds 4096 pixels");
        }
        check(p, diffuseStrength, 0, 100, "diffuse strength");
        check(p, diffusePeriodNm, 10, 1e8, "diffuse period (nm)");
        if (diffuseOctaves < 1 || diffuseOctaves > 8) {
            p.add("diffuse octaves " + diffuseOctaves + " must be in [1, 8]");
        }
        if (pmin.max() >= pmax.min()) {
            p.add("pmin " + pmin + " must lie below pmax " + pmax);
        }
        if (!p.isEmpty()) {
            throw new IllegalArgumentException("synthetic data settings: " + String.join("; ", p));
        }
    }

    private static void check(List<String> problems, Range r, double lo, double hi, String what) {
        if (r.min() < lo || r.max() > hi) {
            problems.add(what + " " + r + " must lie within [" + lo + ", " + hi + "]");
        }
    }

    /**
     * The defaults for a 1.4 NA oil widefield at 100 nm pixels: 128 x 128 patches (or {@code z} planes of 200 nm),
     * tubules 5-25 and granules 10-80 per 128 x 128 field, persistence length 2-20 um, tubules 5-40 um long and 25 nm
     * wide, granule radius 60-200 nm, target FWHM 1.2 pixels, 3 background octaves of 3-12 um with strength 0-0.3,
     * 20-1000 photons at the brightest structure, read noise 1-5 e-, offset 100 ADU, gain 1, percentiles 1-3 and
     * 99.5-99.9; targets on the camera grid (no upsampling) and no diffuse component (when switched on: 2 octaves of
     * 1-4 um).
     */
    public static SynthSettings defaults(Structure structure, int[] patchZyx) {
        return new SynthSettings(structure, patchZyx, 100, 200, new Range(3, 15), new Range(2000, 20000),
                new Range(5000, 40000), 25, new Range(0.5, 1.5), new Range(6, 50), new Range(60, 200),
                new Range(0.5, 1.5), 0, 0, 3, new Range(0, 0.3), new Range(3000, 12000), new Range(20, 1000),
                new Range(1, 5), 100, 1, new Range(1, 3), new Range(99.5, 99.9), true, 1, Range.of(0),
                new Range(1000, 4000), 2);
    }

    /** True for 3D patches. */
    public boolean is3d() {
        return patch[0] > 1;
    }

    /** A copy of the patch size (z, y, x). */
    @Override
    public int[] patch() {
        return patch.clone();
    }

    /** The lateral target FWHM in nm, resolving 0 to 1.2 target pixels ({@code 1.2 pixelNm / upsample}). */
    public double effectiveTargetFwhmNm() {
        return targetFwhmNm > 0 ? targetFwhmNm : 1.2 * targetPixelNm();
    }

    /** The nominal pixel size of the targets in nm: {@code pixelNm / upsample}. */
    public double targetPixelNm() {
        return pixelNm / upsample;
    }

    /** The size (z, y, x) of the targets, and of the inputs zoomed to their grid: the patch with Y and X times F. */
    public int[] targetPatch() {
        return new int[] {patch[0], patch[1] * upsample, patch[2] * upsample};
    }

    /** True when a pair has a diffuse component (a positive diffuse strength is possible). */
    public boolean hasDiffuse() {
        return diffuseStrength.max() > 0;
    }

    /** The axial target FWHM in nm, resolving 0 to 1.2 z steps. */
    public double effectiveTargetFwhmZNm() {
        return targetFwhmZNm > 0 ? targetFwhmZNm : 1.2 * zStepNm;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SynthSettings s && s.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "SynthSettings[" + structure + " " + Arrays.toString(patch) + " px " + pixelNm + " dz " + zStepNm
                + " tubules " + tubuleDensity + " Lp " + persistenceNm + " L " + tubuleLengthNm + " w " + tubuleWidthNm
                + " b " + tubuleBrightness + " granules " + granuleDensity + " r " + granuleRadiusNm + " b "
                + granuleBrightness + " target " + targetFwhmNm + "/" + targetFwhmZNm + " bg " + backgroundOctaves
                + " " + backgroundStrength + " " + backgroundPeriodNm + " photons " + photons + " read " + readNoise
                + " offset " + offset + " gain " + gain + " p " + pmin + " " + pmax + " norm " + normalize + " upsample "
                + upsample + " diffuse " + diffuseStrength + " " + diffusePeriodNm + " " + diffuseOctaves + "]";
    }
}
