package org.jcare.optics.psf;

/**
 * A rotationally symmetric point spread function model: intensity as a function of the lateral distance {@code r}
 * from the optical axis and the axial distance {@code z} from the focal plane, both in nm, with intensity 1 at the
 * focus. {@link PsfSampler} turns a model into a sampled, normalized {@link Psf}.
 */
public interface PsfModel {
    /** The intensity at lateral distance {@code rNm} and defocus {@code zNm}, 1 at the focus. */
    double intensity(double rNm, double zNm);

    /**
     * The intensities at the lateral distances {@code rNm} in one plane {@code zNm} into {@code out}. Models whose
     * evaluation shares work across radii (integrals over the pupil) override this.
     */
    default void profile(double[] rNm, double zNm, double[] out) {
        for (int i = 0; i < rNm.length; i++) {
            out[i] = intensity(rNm[i], zNm);
        }
    }

    /**
     * The intensities at the lateral distances {@code rNm} in each plane {@code zNm}: [plane][radius]. Models that
     * can share work across planes (the Bessel factors of a pupil integral) override this.
     */
    default double[][] profiles(double[] rNm, double[] zNm) {
        double[][] out = new double[zNm.length][rNm.length];
        for (int p = 0; p < zNm.length; p++) {
            profile(rNm, zNm[p], out[p]);
        }
        return out;
    }

    /** A one-line description with the parameters, for logs and sidecar files. */
    String describe();
}
