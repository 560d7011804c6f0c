package org.jcare.optics.psf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jcare.optics.fft.LinearConvolution;
import org.junit.jupiter.api.Test;

/**
 * The isotropic training blur does what it is for: a lateral slice of a point, blurred along X, has the PSF's axial
 * FWHM along X and keeps its lateral FWHM along Y, for widefield (several objectives), confocal and Gaussian models;
 * the central XZ slice of the PSF, the alternative, blurs too much.
 */
class AxialBlurTest {
    private static final double DX = 20;

    @Test
    void aGaussianPsfGivesTheQuadratureDifference() {
        GaussianPsf g = new GaussianPsf(90, 300, "test");
        AxialBlur.Widths w = AxialBlur.of(g);
        assertEquals(OpticsFormulas.gaussianFwhm(90), w.lateralFwhmNm(), 1e-6);
        assertEquals(OpticsFormulas.gaussianFwhm(300), w.axialFwhmNm(), 1e-6);
        assertEquals(Math.sqrt(300 * 300 - 90 * 90), w.sigmaNm(), 0.003 * 286);
        assertTrue(w.describe().contains("sigma 286."), w.describe());
    }

    @Test
    void blurredLateralSliceHasTheAxialFwhmAlongXAndKeepsYForEveryModel() {
        Object[][] cases = {
            {Psfs.Model.BORN_WOLF, Psfs.Modality.WIDEFIELD, Optics.widefield(1.4, 520, 1.518)},
            {Psfs.Model.BORN_WOLF, Psfs.Modality.WIDEFIELD, Optics.widefield(1.2, 600, 1.33)},
            {Psfs.Model.BORN_WOLF, Psfs.Modality.WIDEFIELD, Optics.widefield(0.8, 520, 1.0)},
            {Psfs.Model.DEBYE, Psfs.Modality.WIDEFIELD, Optics.widefield(1.4, 520, 1.518)},
            {Psfs.Model.BORN_WOLF, Psfs.Modality.CONFOCAL, new Optics(1.4, 520, 1.518, 488)},
            {Psfs.Model.GAUSSIAN, Psfs.Modality.WIDEFIELD, Optics.widefield(1.4, 520, 1.518)}};
        for (Object[] c : cases) {
            PsfModel model = Psfs.model((Psfs.Model) c[0], (Psfs.Modality) c[1], (Optics) c[2]);
            AxialBlur.Widths w = AxialBlur.of(model);
            // the axial FWHM the blur aims at is the model's (paraxial Born-Wolf: the closed form)
            if (c[0] == Psfs.Model.BORN_WOLF && c[1] == Psfs.Modality.WIDEFIELD) {
                Optics o = (Optics) c[2];
                double formula = OpticsFormulas.widefieldAxialFwhmParaxial(o.emissionWavelengthNm(),
                        o.numericalAperture(), o.refractiveIndex());
                assertEquals(formula, w.axialFwhmNm(), 1e-3 * formula, model.describe());
            }
            // the image of a point in a lateral slice (the camera integrating each pixel), blurred along X
            Psf plane = Psfs.theoretical((Psfs.Model) c[0], (Psfs.Modality) c[1], (Optics) c[2], 0, DX, DX);
            Psf blurred = blurAlongX(plane, AxialBlur.kernel(w.sigmaNm(), DX));
            String what = model.describe();
            assertEquals(w.axialFwhmNm(), blurred.fwhmNm('x'), 0.02 * w.axialFwhmNm(), "X of " + what);
            // Y keeps the lateral width: exactly for a separable (Gaussian) PSF; an Airy pattern is not separable, and
            // blurring along X mixes in rows whose Y profile is narrower (3% at most here)
            double tolerance = c[0] == Psfs.Model.GAUSSIAN ? 1e-3 : 0.04;
            assertEquals(plane.fwhmNm('y'), blurred.fwhmNm('y'), tolerance * plane.fwhmNm('y'), "Y of " + what);
        }
    }

    @Test
    void theCentralXzSliceOfThePsfBlursTooMuch() {
        BornWolf model = new BornWolf(Optics.widefield(1.4, 520, 1.518));
        AxialBlur.Widths w = AxialBlur.of(model);
        Psf plane = Psfs.theoretical(Psfs.Model.BORN_WOLF, Psfs.Modality.WIDEFIELD, model.optics(), 0, DX, DX);
        // the XZ slice, Z along X and X along Y, as a 2D kernel
        int hz = 40;
        int hx = 25;
        float[] k = new float[(2 * hx + 1) * (2 * hz + 1)];
        for (int x = -hx; x <= hx; x++) {
            for (int z = -hz; z <= hz; z++) {
                k[(x + hx) * (2 * hz + 1) + z + hz] = (float) model.intensity(Math.abs(x) * DX, z * DX);
            }
        }
        int ny = plane.grid().ny() + 2 * hx;
        int nx = plane.grid().nx() + 2 * hz;
        float[] canvas = embed(plane, ny, nx);
        float[] out = new LinearConvolution(1, ny, nx, k, new int[] {1, 2 * hx + 1, 2 * hz + 1},
                new int[] {0, hx, hz}).convolve(canvas);
        Psf slice = new Psf(VoxelGrid.plane(ny, nx, DX, DX), clip(out), "XZ slice");
        // X: the lateral width adds to the axial one (a little, as the axial is 3.7 times wider); Y: the lateral
        // profile a second time (about sqrt 2)
        assertTrue(slice.fwhmNm('x') > 1.03 * w.axialFwhmNm(), "X: " + slice.fwhmNm('x') + " nm, axial " + w);
        assertTrue(slice.fwhmNm('y') > 1.3 * plane.fwhmNm('y'), "Y: " + slice.fwhmNm('y') + " nm");
    }

    @Test
    void aSampledPsfGivesTheBlurOfItsModel() {
        GaussianPsf g = new GaussianPsf(100, 250, "test");
        Psf sampled = PsfSampler.sample(g, new VoxelGrid(41, 101, 101, 25, 10, 10), 1);
        AxialBlur.Widths fromSamples = AxialBlur.of(sampled);
        assertEquals(AxialBlur.of(g).sigmaNm(), fromSamples.sigmaNm(), 0.01 * fromSamples.sigmaNm());
        assertThrows(IllegalArgumentException.class, () -> AxialBlur.of(sampled.focalPlane()));
        // no blur where the axial FWHM is not larger
        assertEquals(0, AxialBlur.of(new GaussianPsf(200, 150, "flat")).sigmaNm());
    }

    @Test
    void kernelTapsIntegrateTheGaussianOverEachPixel() {
        float[] k = AxialBlur.kernel(200, 100);
        assertEquals(17, k.length, "4 sigma each side");
        double sum = 0;
        double var = 0;
        for (int i = 0; i < k.length; i++) {
            sum += k[i];
            var += k[i] * (i - 8) * (i - 8);
            assertEquals(k[i], k[k.length - 1 - i], 1e-7);
        }
        assertEquals(1, sum, 1e-6);
        assertEquals(4 + 1.0 / 12, var, 0.01, "sigma^2 plus a pixel's width^2 / 12");
        assertEquals(1, AxialBlur.kernel(0, 100).length);
    }

    /** The plane (padded so the blur is not cut) convolved along X with {@code k}. */
    private static Psf blurAlongX(Psf plane, float[] k) {
        int half = k.length / 2;
        int ny = plane.grid().ny();
        int nx = plane.grid().nx() + 2 * half;
        float[] out = new LinearConvolution(1, ny, nx, k, new int[] {1, 1, k.length}, new int[] {0, 0, half})
                .convolve(embed(plane, ny, nx));
        return new Psf(VoxelGrid.plane(ny, nx, DX, DX), clip(out), "blurred");
    }

    private static float[] embed(Psf plane, int ny, int nx) {
        int py = plane.grid().ny();
        int px = plane.grid().nx();
        float[] c = new float[ny * nx];
        int oy = (ny - py) / 2;
        int ox = (nx - px) / 2;
        for (int y = 0; y < py; y++) {
            for (int x = 0; x < px; x++) {
                c[(y + oy) * nx + x + ox] = plane.get(0, y, x);
            }
        }
        return c;
    }

    private static float[] clip(float[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0, v[i]);
        }
        return v;
    }
}
