package org.jcare.optics.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TubulesTest {
    /** Estimates Lp from the tangent correlation of many chains: &lt;cos&gt;(s) = exp(-s / (k Lp)). */
    private static double persistence(boolean threeD, double lpNm, double k) {
        SynthSettings s = new SynthSettingsBuilder(SynthSettings.defaults(Structure.TUBULES,
                new int[] {threeD ? 8 : 1, 32, 32})).tubuleWidthNm(0).build();
        Canvas c = new Canvas(threeD ? 8 : 1, 32, 32, 0, 0, 0);
        float[] density = new float[c.size()];
        SplittableRandom rng = new SplittableRandom(11);
        double ds = Tubules.STEP_PX * s.pixelNm();
        int lag = (int) Math.round(lpNm / 2 / ds); // compare tangents s = Lp / 2 apart
        double sum = 0;
        int count = 0;
        for (int chain = 0; chain < 400; chain++) {
            List<double[]> pts = new ArrayList<>();
            Tubules.walk(c, density, new float[c.patchSize()], s, lpNm, 4 * lpNm, 1, new double[] {0, 0, 0}, 0,
                    threeD ? Tubules.randomUnit(rng) : null, rng, (z, y, x) -> pts.add(new double[] {z, y, x}));
            for (int i = 0; i + lag + 1 < pts.size(); i += lag) {
                double[] t0 = tangent(pts, i);
                double[] t1 = tangent(pts, i + lag);
                sum += t0[0] * t1[0] + t0[1] * t1[1] + t0[2] * t1[2];
                count++;
            }
        }
        double mean = sum / count;
        return -(lag * ds) / (k * Math.log(mean));
    }

    private static double[] tangent(List<double[]> pts, int i) {
        double[] a = pts.get(i);
        double[] b = pts.get(i + 1);
        double[] t = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
        double n = Math.sqrt(t[0] * t[0] + t[1] * t[1] + t[2] * t[2]);
        return new double[] {t[0] / n, t[1] / n, t[2] / n};
    }

    @Test
    void persistenceLengthIsThePlanarWormLikeChainsIn2d() {
        assertEquals(5000, persistence(false, 5000, 2), 400);
        assertEquals(20000, persistence(false, 20000, 2), 1600);
    }

    @Test
    void persistenceLengthIsTheWormLikeChainsIn3d() {
        assertEquals(5000, persistence(true, 5000, 1), 400);
    }

    @Test
    void tubuleWidthAddsToTheTargetResolutionInQuadrature() {
        for (double width : new double[] {0, 150, 300}) {
            SynthSettings s = new SynthSettingsBuilder(SynthSettings.defaults(Structure.TUBULES, new int[] {1, 64, 64}))
                    .tubuleWidthNm(width).targetFwhmNm(120).build();
            Canvas c = new Canvas(1, 64, 64, 0, 10, 10);
            float[] density = new float[c.size()];
            float[] target = new float[c.patchSize()];
            double yNm = (c.oy + 32.3) * 100; // off the pixel grid on purpose
            Tubules.walk(c, density, target, s, 1e12, c.nx * 100.0, 1, new double[] {0, yNm, 0}, 0, null,
                    new SplittableRandom(1), null);
            // a pixel of length carries brightness 1: the profile across the line integrates to 1
            double mass = 0;
            for (int y = 0; y < 64; y++) {
                mass += target[y * 64 + 20];
            }
            assertEquals(1, mass, 0.01);
            // profile across the line (along y) at a few columns, FWHM by interpolation around the sub-pixel peak
            double expected = Math.sqrt(width * width + 120 * 120);
            for (int x : new int[] {10, 31, 50}) {
                double[] prof = new double[64];
                for (int y = 0; y < 64; y++) {
                    prof[y] = target[y * 64 + x];
                }
                assertEquals(expected, fwhmNm(prof, 100), 0.04 * expected, "width " + width + ", column " + x);
            }
        }
    }

    /** FWHM of a single-peaked profile sampled at {@code step} nm: a Gaussian fit through the log of the top. */
    static double fwhmNm(double[] p, double step) {
        int m = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[m]) {
                m = i;
            }
        }
        // second moment about the centroid, over the region above 1% of the peak (exact for Gaussians)
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < p.length; i++) {
            if (Math.abs(i - m) <= 8 && p[i] > 0.01 * p[m]) {
                s0 += p[i];
                s1 += p[i] * i;
                s2 += p[i] * i * i;
            }
        }
        double mean = s1 / s0;
        double var = s2 / s0 - mean * mean;
        return 2 * Math.sqrt(2 * Math.log(2)) * Math.sqrt(var) * step;
    }
}
