package org.jcare.optics.psf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BornWolfTest {
    private static final Optics OIL14 = Optics.widefield(1.4, 520, 1.518);

    @Test
    void pupilIntegralInFocusIsTheAiryPattern() {
        BornWolf bw = new BornWolf(OIL14);
        double[] r = new double[60];
        for (int i = 0; i < r.length; i++) {
            r[i] = i * 20.0;
        }
        double[][] numeric = bw.profiles(r, new double[] {0});
        double k = 2 * Math.PI / 520 * 1.4;
        for (int i = 0; i < r.length; i++) {
            assertEquals(BornWolf.airy(k * r[i]), numeric[0][i], 2e-6, "r = " + r[i]);
        }
        // first zero of the Airy pattern at 0.61 lambda / NA
        assertEquals(0, bw.intensity(OpticsFormulas.rayleighRadius(520, 1.4), 0), 1e-9);
    }

    @Test
    void onTheAxisItIsSincSquaredOfTheDefocus() {
        BornWolf bw = new BornWolf(OIL14);
        double[] z = {50, 150, 300, 600, 1000, 2000};
        double[][] numeric = bw.profiles(new double[] {0}, z);
        for (int p = 0; p < z.length; p++) {
            double u = 2 * Math.PI / 520 * 1.4 * 1.4 / 1.518 * z[p];
            double s = Math.sin(u / 4) / (u / 4);
            assertEquals(s * s, numeric[p][0], 1e-6, "z = " + z[p]);
        }
    }

    @Test
    void everyPlaneCarriesTheSamePower() {
        // energy conservation: integral of I(r, z) 2 pi r dr is the same in and out of focus (paraxial, lossless pupil)
        BornWolf bw = new BornWolf(Optics.widefield(0.8, 500, 1.0));
        int n = 6000;
        double dr = 2.0;
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = (i + 0.5) * dr;
        }
        double[][] planes = bw.profiles(r, new double[] {0, 400, 900});
        double[] power = new double[3];
        for (int p = 0; p < 3; p++) {
            for (int i = 0; i < n; i++) {
                power[p] += planes[p][i] * 2 * Math.PI * r[i] * dr;
            }
        }
        // the Airy tail beyond 12 um holds about 0.1% of the power; out of focus the spread is wider still
        assertEquals(power[0], power[1], 0.01 * power[0]);
        assertEquals(power[0], power[2], 0.02 * power[0]);
        assertTrue(bw.describe().contains("NA 0.800"));
    }
}
