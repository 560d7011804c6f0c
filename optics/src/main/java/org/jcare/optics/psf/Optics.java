package org.jcare.optics.psf;

import java.util.ArrayList;
import java.util.List;

/**
 * The optics of a fluorescence microscope, as far as its point spread function depends on them.
 *
 * @param numericalAperture      objective NA (for example 1.4 for an oil objective)
 * @param emissionWavelengthNm   emission (detection) wavelength in nm, in vacuum
 * @param refractiveIndex        immersion medium refractive index (1.518 oil, 1.33 water, 1.0 air); the NA cannot exceed it
 * @param excitationWavelengthNm excitation wavelength in nm, used only by the confocal model (0 when not needed)
 */
public record Optics(double numericalAperture, double emissionWavelengthNm, double refractiveIndex,
                     double excitationWavelengthNm) {
    /** Oil immersion index of standard immersion oil. */
    public static final double OIL = 1.518;

    /**
     * Checks the values; every problem is named at once.
     *
     * @throws IllegalArgumentException naming each bad value and its valid range
     */
    public Optics {
        List<String> problems = new ArrayList<>();
        if (!(numericalAperture > 0 && numericalAperture < 2)) {
            problems.add("numerical aperture " + numericalAperture + " must be in (0, 2)");
        }
        if (!(refractiveIndex >= 1 && refractiveIndex < 3)) {
            problems.add("refractive index " + refractiveIndex + " must be in [1, 3)");
        }
        if (numericalAperture >= refractiveIndex) {
            problems.add("numerical aperture " + numericalAperture + " must be below the refractive index "
                    + refractiveIndex + " of the immersion medium");
        }
        if (!(emissionWavelengthNm >= 150 && emissionWavelengthNm <= 2000)) {
            problems.add("emission wavelength " + emissionWavelengthNm + " nm must be in [150, 2000] nm");
        }
        if (excitationWavelengthNm != 0 && !(excitationWavelengthNm >= 150 && excitationWavelengthNm <= 2000)) {
            problems.add("excitation wavelength " + excitationWavelengthNm + " nm must be 0 (unused) or in [150, 2000] nm");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("optics: " + String.join("; ", problems));
        }
    }

    /** Widefield optics (no excitation wavelength). */
    public static Optics widefield(double na, double emissionWavelengthNm, double refractiveIndex) {
        return new Optics(na, emissionWavelengthNm, refractiveIndex, 0);
    }

    /** The same optics at another emission wavelength (the confocal model's excitation PSF uses this). */
    public Optics atEmission(double wavelengthNm) {
        return new Optics(numericalAperture, wavelengthNm, refractiveIndex, excitationWavelengthNm);
    }
}
