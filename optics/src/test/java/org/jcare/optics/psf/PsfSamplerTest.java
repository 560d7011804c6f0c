package org.jcare.optics.psf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PsfSamplerTest {
    @Test
    void widefieldLateralFwhmMatchesTheAiryFormula() {
        for (double[] c : new double[][] {{1.4, 520, 1.518}, {0.8, 600, 1.0}, {1.2, 450, 1.33}}) {
            Optics o = Optics.widefield(c[0], c[1], c[2]);
            Psf psf = PsfSampler.sample(new BornWolf(o), VoxelGrid.plane(121, 121, 5, 5), 1);
            double expected = OpticsFormulas.widefieldLateralFwhm(c[1], c[0]);
            assertEquals(expected, psf.fwhmNm('x'), 0.01 * expected, "NA " + c[0]);
            assertEquals(expected, psf.fwhmNm('y'), 0.01 * expected, "NA " + c[0]);
        }
        // the textbook rule of thumb
        assertEquals(0.51 * 520 / 1.4, OpticsFormulas.widefieldLateralFwhm(520, 1.4), 0.01 * 190);
    }

    @Test
    void widefieldAxialFwhmMatchesTheParaxialFormula() {
        Optics o = Optics.widefield(1.4, 520, 1.518);
        Psf psf = PsfSampler.sample(new BornWolf(o), new VoxelGrid(81, 41, 41, 10, 20, 20), 1);
        double expected = OpticsFormulas.widefieldAxialFwhmParaxial(520, 1.4, 1.518);
        assertEquals(expected, psf.fwhmNm('z'), 0.01 * expected);
        assertEquals(OpticsFormulas.widefieldLateralFwhm(520, 1.4), psf.fwhmNm('x'), 0.03 * 191);
        // symmetric about the focus
        assertEquals(psf.get(40 - 7, 20, 20), psf.get(40 + 7, 20, 20), 1e-9);
    }

    @Test
    void gaussianAndConfocalWidthsMatchTheirFormulas() {
        Optics o = new Optics(1.4, 520, 1.518, 488);
        VoxelGrid fine = new VoxelGrid(61, 81, 81, 20, 5, 5);
        Psf g = PsfSampler.sample(GaussianPsf.widefield(o), fine, 1);
        assertEquals(OpticsFormulas.gaussianFwhm(0.21 * 520 / 1.4), g.fwhmNm('x'), 1.0);
        assertEquals(OpticsFormulas.gaussianFwhm(0.66 * 520 * 1.518 / 1.96), g.fwhmNm('z'), 4.0);
        Psf c = PsfSampler.sample(ConfocalPsf.bornWolf(o), VoxelGrid.plane(81, 81, 5, 5), 1);
        double expected = OpticsFormulas.confocalLateralFwhm(488, 520, 1.4);
        assertEquals(expected, c.fwhmNm('x'), 0.01 * expected);
        // equal wavelengths: 0.3695 lambda / NA, the published value for an ideal confocal
        assertEquals(0.3695 * 500 / 1.4, OpticsFormulas.confocalLateralFwhm(500, 500, 1.4), 0.5);
    }

    @Test
    void samplesAreNormalizedAndPixelsIntegrate() {
        Optics o = Optics.widefield(1.4, 520, 1.518);
        Psf point = PsfSampler.sample(new BornWolf(o), VoxelGrid.plane(33, 33, 100, 100), 1);
        Psf integrated = PsfSampler.sample(new BornWolf(o), VoxelGrid.plane(33, 33, 100, 100), 5);
        double sum = 0;
        for (float v : integrated.voxels()) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-5);
        // a 100 nm pixel integrating over its area sees a wider, lower peak than a point sample
        assertTrue(integrated.get(0, 16, 16) < point.get(0, 16, 16));
        assertTrue(integrated.fwhmNm('x') > point.fwhmNm('x'));
        assertThrows(IllegalArgumentException.class, () -> PsfSampler.sample(new BornWolf(o),
                VoxelGrid.plane(5, 5, 100, 100), 0));
    }

    @Test
    void defaultGridHoldsTheRingsAndTheFocusIsCentred() {
        Psf psf = Psfs.widefield(Optics.widefield(1.4, 520, 1.518), 200, 100, 100);
        VoxelGrid g = psf.grid();
        assertEquals(1, g.nz() % 2);
        assertEquals(1, g.nx() % 2);
        assertTrue(g.nx() >= 2 * 4 * 226 / 100, "grid " + g);
        float max = 0;
        int at = -1;
        float[] v = psf.voxels();
        for (int i = 0; i < v.length; i++) {
            if (v[i] > max) {
                max = v[i];
                at = i;
            }
        }
        assertEquals(g.size() / 2, at, "the maximum is the centre voxel");
        Psf plane = psf.focalPlane();
        assertTrue(plane.is2d());
        assertEquals(g.nx(), plane.grid().nx());
    }
}
