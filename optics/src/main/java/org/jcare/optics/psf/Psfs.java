package org.jcare.optics.psf;

import java.util.Locale;

/**
 * Entry points for theoretical PSFs: a model by name and modality, sampled on a grid that covers it. This is what the
 * command-line options {@code --psf-na --psf-wavelength --psf-refractive-index} (and {@code --psf-model}) map to.
 */
public final class Psfs {
    /** The model families. */
    public enum Model {
        /** {@link BornWolf}: the scalar paraxial diffraction integral (Airy pattern in focus). */
        BORN_WOLF,
        /** {@link Debye}: the scalar non-paraxial (aplanatic) diffraction integral, realistic axially at high NA. */
        DEBYE,
        /** {@link GaussianPsf}: Zhang et al.'s Gaussian approximation. */
        GAUSSIAN;

        /**
         * Parses "born-wolf", "debye" or "gaussian" (case and '-'/'_' insensitive).
         *
         * @throws IllegalArgumentException naming the choices
         */
        public static Model parse(String s) {
            String t = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            return switch (t) {
                case "born-wolf", "bornwolf", "airy" -> BORN_WOLF;
                case "gaussian", "gauss" -> GAUSSIAN;
                case "debye", "non-paraxial" -> DEBYE;
                default -> throw new IllegalArgumentException("PSF model '" + s + "': use born-wolf, debye or gaussian");
            };
        }
    }

    /** The imaging modalities. */
    public enum Modality {
        /** Widefield: the detection PSF alone. */
        WIDEFIELD,
        /** Confocal with a point pinhole: excitation PSF times detection PSF. */
        CONFOCAL;

        /**
         * Parses "widefield" or "confocal".
         *
         * @throws IllegalArgumentException naming the choices
         */
        public static Modality parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "widefield", "wide-field", "wf" -> WIDEFIELD;
                case "confocal" -> CONFOCAL;
                default -> throw new IllegalArgumentException("PSF modality '" + s + "': use widefield or confocal");
            };
        }
    }

    private Psfs() {
    }

    /** The model of {@code kind} and {@code modality} for {@code optics}. */
    public static PsfModel model(Model kind, Modality modality, Optics optics) {
        if (modality == Modality.CONFOCAL) {
            return switch (kind) {
                case BORN_WOLF -> ConfocalPsf.bornWolf(optics);
                case DEBYE -> ConfocalPsf.debye(optics);
                case GAUSSIAN -> ConfocalPsf.gaussian(optics);
            };
        }
        return switch (kind) {
            case BORN_WOLF -> new BornWolf(optics);
            case DEBYE -> new Debye(optics);
            case GAUSSIAN -> GaussianPsf.widefield(optics);
        };
    }

    /**
     * A grid that holds the widefield PSF of {@code optics}: laterally 4 Rayleigh radii (past the fourth Airy ring,
     * over 97% of the energy in focus), axially 3 paraxial axial FWHMs on each side; 2D when {@code dzNm <= 0}. Sizes
     * are odd, at least 5 pixels, at most 129 laterally and 65 axially.
     */
    public static VoxelGrid grid(Optics optics, double dzNm, double dyNm, double dxNm) {
        double radius = 4 * OpticsFormulas.rayleighRadius(optics.emissionWavelengthNm(), optics.numericalAperture());
        double halfDepth = 3 * OpticsFormulas.widefieldAxialFwhmParaxial(optics.emissionWavelengthNm(),
                optics.numericalAperture(), optics.refractiveIndex());
        int ry = Math.max(2, Math.min(64, (int) Math.ceil(radius / dyNm)));
        int rx = Math.max(2, Math.min(64, (int) Math.ceil(radius / dxNm)));
        int rz = dzNm > 0 ? Math.max(2, Math.min(32, (int) Math.ceil(halfDepth / dzNm))) : 0;
        return new VoxelGrid(2 * rz + 1, 2 * ry + 1, 2 * rx + 1, rz == 0 ? 0 : dzNm, dyNm, dxNm);
    }

    /**
     * The widefield Born-Wolf PSF of {@code optics} at voxel size (z, y, x) nm, on {@link #grid}; 2D (in focus) when
     * {@code dzNm <= 0}. Pixels integrate {@link PsfSampler#DEFAULT_OVERSAMPLING}^2 points.
     */
    public static Psf widefield(Optics optics, double dzNm, double dyNm, double dxNm) {
        return PsfSampler.sample(new BornWolf(optics), grid(optics, dzNm, dyNm, dxNm));
    }

    /** As {@link #widefield} for any model and modality. */
    public static Psf theoretical(Model kind, Modality modality, Optics optics, double dzNm, double dyNm, double dxNm) {
        return PsfSampler.sample(model(kind, modality, optics), grid(optics, dzNm, dyNm, dxNm));
    }
}
