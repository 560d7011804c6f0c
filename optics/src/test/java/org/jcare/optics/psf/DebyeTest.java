package org.jcare.optics.psf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The non-paraxial PSF: the paraxial one at low NA, the non-paraxial axial width at high NA. */
class DebyeTest {
    static double fwhm(PsfModel m, boolean axial) {
        return 2 * AxialBlur.crossing(axial ? z -> m.intensity(0, z) : r -> m.intensity(r, 0), 5);
    }

    @Test
    void atLowNaItIsTheParaxialModel() {
        Optics o = Optics.widefield(0.25, 520, 1.0);
        Debye d = new Debye(o);
        BornWolf b = new BornWolf(o);
        assertEquals(1, d.intensity(0, 0), 1e-12);
        assertEquals(fwhm(b, false), fwhm(d, false), 0.005 * fwhm(b, false), "lateral");
        // the paraxial phase k z NA^2 rho^2 / (2 n) misses 1 - cos t by about NA^2 / 4 n^2 relative: 1.6% here
        assertEquals(fwhm(b, true), fwhm(d, true), 0.025 * fwhm(b, true), "axial");
        assertTrue(fwhm(d, true) < fwhm(b, true), "already narrower than the paraxial");
        assertEquals(b.intensity(300, 2000), d.intensity(300, 2000), 0.01, "a defocused ring");
    }

    @Test
    void atHighNaTheAxialWidthIsTheNonParaxialOne() {
        for (double[] c : new double[][] {{1.4, 520, 1.518}, {1.2, 600, 1.33}, {0.95, 520, 1.0}}) {
            Debye d = new Debye(Optics.widefield(c[0], c[1], c[2]));
            double axial = fwhm(d, true);
            double rule = OpticsFormulas.widefieldAxialFwhm(c[1], c[0], c[2]);
            double paraxial = OpticsFormulas.widefieldAxialFwhmParaxial(c[1], c[0], c[2]);
            assertEquals(rule, axial, 0.08 * rule, "axial FWHM at NA " + c[0] + " (paraxial " + paraxial + ")");
            assertTrue(axial < 0.85 * paraxial, "narrower than the paraxial " + paraxial + ": " + axial);
            double airy = OpticsFormulas.widefieldLateralFwhm(c[1], c[0]);
            assertEquals(airy, fwhm(d, false), 0.05 * airy, "lateral FWHM at NA " + c[0]);
            assertEquals(d.intensity(0, 300), d.intensity(0, -300), 1e-9, "symmetric about the focus");
        }
    }

    @Test
    void itIsAModelOfTheCommandLine() {
        assertEquals(Psfs.Model.DEBYE, Psfs.Model.parse("Debye"));
        Optics o = new Optics(1.4, 520, 1.518, 488);
        assertTrue(Psfs.model(Psfs.Model.DEBYE, Psfs.Modality.WIDEFIELD, o) instanceof Debye);
        PsfModel confocal = Psfs.model(Psfs.Model.DEBYE, Psfs.Modality.CONFOCAL, o);
        assertTrue(fwhm(confocal, true) < fwhm(new Debye(o), true), "confocal sections thinner");
    }
}
