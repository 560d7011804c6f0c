package org.jcare.optics.psf;

/**
 * The PSF of an ideal confocal microscope with a point pinhole: the product of the excitation PSF (at the excitation
 * wavelength) and the detection PSF (at the emission wavelength) of the same objective. A finite pinhole lies between
 * this and the widefield PSF; it is not modelled.
 */
public final class ConfocalPsf implements PsfModel {
    private final PsfModel excitation;
    private final PsfModel emission;

    /** The product of two models. */
    public ConfocalPsf(PsfModel excitation, PsfModel emission) {
        this.excitation = excitation;
        this.emission = emission;
    }

    /**
     * The confocal PSF built from {@link BornWolf} PSFs.
     *
     * @throws IllegalArgumentException when {@code optics} has no excitation wavelength
     */
    public static ConfocalPsf bornWolf(Optics optics) {
        requireExcitation(optics);
        return new ConfocalPsf(new BornWolf(optics.atEmission(optics.excitationWavelengthNm())), new BornWolf(optics));
    }

    /**
     * The confocal PSF built from {@link Debye} (non-paraxial) PSFs.
     *
     * @throws IllegalArgumentException when {@code optics} has no excitation wavelength
     */
    public static ConfocalPsf debye(Optics optics) {
        requireExcitation(optics);
        return new ConfocalPsf(new Debye(optics.atEmission(optics.excitationWavelengthNm())), new Debye(optics));
    }

    /**
     * The confocal PSF built from the Gaussian approximations.
     *
     * @throws IllegalArgumentException when {@code optics} has no excitation wavelength
     */
    public static ConfocalPsf gaussian(Optics optics) {
        requireExcitation(optics);
        return new ConfocalPsf(GaussianPsf.widefield(optics.atEmission(optics.excitationWavelengthNm())),
                GaussianPsf.widefield(optics));
    }

    private static void requireExcitation(Optics optics) {
        if (optics.excitationWavelengthNm() <= 0) {
            throw new IllegalArgumentException("a confocal PSF needs the excitation wavelength; give it (for example"
                    + " 488 nm)");
        }
    }

    @Override
    public double intensity(double rNm, double zNm) {
        return excitation.intensity(rNm, zNm) * emission.intensity(rNm, zNm);
    }

    @Override
    public void profile(double[] rNm, double zNm, double[] out) {
        double[] ex = new double[rNm.length];
        excitation.profile(rNm, zNm, ex);
        emission.profile(rNm, zNm, out);
        for (int i = 0; i < out.length; i++) {
            out[i] *= ex[i];
        }
    }

    @Override
    public double[][] profiles(double[] rNm, double[] zNm) {
        double[][] ex = excitation.profiles(rNm, zNm);
        double[][] out = emission.profiles(rNm, zNm);
        for (int p = 0; p < out.length; p++) {
            for (int i = 0; i < out[p].length; i++) {
                out[p][i] *= ex[p][i];
            }
        }
        return out;
    }

    @Override
    public String describe() {
        return "confocal (point pinhole): excitation [" + excitation.describe() + "] x emission ["
                + emission.describe() + "]";
    }
}
