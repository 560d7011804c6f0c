package org.jcare.optics.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.jcare.io.image.FloatImage;
import org.jcare.optics.psf.Optics;
import org.jcare.optics.psf.Psf;
import org.jcare.optics.psf.Psfs;
import org.jcare.optics.resample.ScipyZoom;
import org.junit.jupiter.api.Test;

class SyntheticPairsTest {
    private static final Optics OPTICS = Optics.widefield(1.4, 520, 1.518);

    @Test
    void samePairForTheSameSeedAndDifferentPairsOtherwise() {
        SyntheticPairs gen = new SyntheticPairs(SynthSettings.defaults(Structure.BOTH, new int[] {1, 64, 64}),
                Psfs.widefield(OPTICS, 0, 100, 100));
        SyntheticPair a = gen.generate(7, 3);
        SyntheticPair b = gen.generate(7, 3);
        assertArrayEquals(a.input(), b.input());
        assertArrayEquals(a.target(), b.target());
        assertFalse(Arrays.equals(a.input(), gen.generate(7, 4).input()));
        assertFalse(Arrays.equals(a.input(), gen.generate(8, 3).input()));
        SyntheticPair again = gen.generatePair(a.parameters().seed(), 3);
        assertArrayEquals(a.input(), again.input());
        assertEquals(64 * 64, a.input().length);
        assertTrue(a.parameters().tubuleLengthsNm().length > 0 && a.parameters().granuleRadiiNm().length > 0);
    }

    @Test
    void inputIsTheTargetBlurredWithBackgroundAndNoise() {
        SynthSettings s = new SynthSettingsBuilder(SynthSettings.defaults(Structure.TUBULES, new int[] {1, 96, 96}))
                .normalize(false).backgroundStrength(Range.of(0)).photons(Range.of(1e7)).readNoise(Range.of(0))
                .offset(0).build();
        Psf psf = Psfs.widefield(OPTICS, 0, 100, 100);
        SyntheticPairs gen = new SyntheticPairs(s, psf);
        SyntheticPair p = gen.generate(1, 0);
        float[] target = p.target();
        // at a very high photon count the input is the target's structures blurred by the PSF: it correlates with the
        // target blurred by the PSF (an approximation, since the target has its own width) far better than with the
        // target itself, and its finest detail is gone
        double[] in = toDouble(p.input());
        double corrTarget = pearson(in, toDouble(target));
        double corrBlurred = pearson(in, blur(target, 96, 0.8));
        assertTrue(corrBlurred > 0.97, "input vs blurred target " + corrBlurred);
        assertTrue(corrBlurred > corrTarget + 0.03, corrBlurred + " vs " + corrTarget);
        assertTrue(p.parameters().peakSignal() > 0);
    }

    @Test
    void normalizedPairsSpanAboutZeroToOne() {
        SyntheticPairs gen = new SyntheticPairs(SynthSettings.defaults(Structure.TUBULES, new int[] {1, 128, 128}),
                Psfs.widefield(OPTICS, 0, 100, 100));
        SyntheticPair p = gen.generate(3, 0);
        float[] sorted = p.input().clone();
        Arrays.sort(sorted);
        assertEquals(0, Percentiles.ofSorted(sorted, p.parameters().pmin()), 1e-4);
        assertEquals(1, Percentiles.ofSorted(sorted, p.parameters().pmax()), 1e-4);
    }

    @Test
    void threeDimensionalPairsUseAThreeDimensionalPsf() {
        SynthSettings s = SynthSettings.defaults(Structure.BOTH, new int[] {8, 32, 32});
        Psf psf3 = Psfs.widefield(OPTICS, 200, 100, 100);
        SyntheticPairs gen = new SyntheticPairs(s, psf3);
        SyntheticPair p = gen.generate(1, 0);
        assertEquals(8 * 32 * 32, p.input().length);
        assertThrows(IllegalArgumentException.class, () -> new SyntheticPairs(s, psf3.focalPlane()));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticPairs(
                SynthSettings.defaults(Structure.BOTH, new int[] {1, 32, 32}), Psfs.widefield(OPTICS, 0, 65, 65)));
    }

    /**
     * Noise-free, unnormalized tubule pairs (photons so high that Poisson noise is below 1e-3) with a fixed target
     * FWHM: their structures are deposited the same way whatever the upsampling, for exact comparisons.
     */
    private static SynthSettingsBuilder exact(int patch) {
        return new SynthSettingsBuilder(SynthSettings.defaults(Structure.TUBULES, new int[] {1, patch, patch}))
                .normalize(false).photons(Range.of(1e8)).readNoise(Range.of(0)).offset(0).targetFwhmNm(120);
    }

    @Test
    void upsampledPairsPutTheZoomedCameraImageOnTheTargetGrid() {
        Psf psf = Psfs.widefield(OPTICS, 0, 100, 100);
        SyntheticPair one = new SyntheticPairs(exact(40).build(), psf).generate(5, 1);
        SynthSettings s2 = exact(40).upsample(2).build();
        SyntheticPair two = new SyntheticPairs(s2, psf).generate(5, 1);
        assertArrayEquals(new int[] {1, 80, 80}, s2.targetPatch());
        assertEquals(50, s2.targetPixelNm());
        assertEquals(80 * 80, two.input().length);
        assertEquals(80 * 80, two.target().length);
        // the same structures and camera exposure, zoomed linearly as the upsampling predictor zooms
        assertArrayEquals(ScipyZoom.zoomLateral(FloatImage.of("YX", new long[] {40, 40}, one.input()), 2, 1).toArray(),
                two.input());
        // the target is the same density (per camera pixel) sampled where the zoom puts its samples: same mass and
        // centroid in camera pixel coordinates (weighted by a window that is 0 at the borders, where the grids cover
        // slightly different areas)
        double step = ScipyZoom.step(40, 80);
        double[] m1 = moments(one.target(), 40, 1, 39);
        double[] m2 = moments(two.target(), 80, step, 39);
        assertEquals(m1[0], m2[0] * step * step, 0.01 * m1[0]);
        // (a grid of spacing 1/2 instead of the zoom's 39/79 would put it 0.3 pixel off here, a sub-pixel grid 0.25)
        assertEquals(m1[1], m2[1], 0.05);
        assertEquals(m1[2], m2[2], 0.05);
    }

    /**
     * Total, centroid y and centroid x of an image whose samples are {@code step} camera pixels apart, weighted by
     * sin^2(pi c / extent) per axis (c in camera pixels).
     */
    private static double[] moments(float[] a, int n, double step, double extent) {
        double s = 0;
        double sy = 0;
        double sx = 0;
        for (int y = 0; y < n; y++) {
            double wy = Math.pow(Math.sin(Math.PI * y * step / extent), 2);
            for (int x = 0; x < n; x++) {
                double v = a[y * n + x] * wy * Math.pow(Math.sin(Math.PI * x * step / extent), 2);
                s += v;
                sy += v * y * step;
                sx += v * x * step;
            }
        }
        return new double[] {s, sy / s, sx / s};
    }

    @Test
    void theDiffuseComponentIsInBothImagesTheBackgroundOnlyInTheInput() {
        Psf psf = Psfs.widefield(OPTICS, 0, 100, 100);
        SyntheticPair plain = new SyntheticPairs(exact(64).build(), psf).generate(9, 2);
        SyntheticPair background = new SyntheticPairs(exact(64).backgroundStrength(Range.of(0.3)).build(), psf)
                .generate(9, 2);
        SyntheticPair diffuse = new SyntheticPairs(exact(64).diffuseStrength(Range.of(0.5)).build(), psf)
                .generate(9, 2);
        assertArrayEquals(plain.target(), background.target(), "the background is not part of the sample");
        assertFalse(Arrays.equals(plain.input(), background.input()));
        assertEquals(0.5, diffuse.parameters().diffuseStrength());
        assertEquals(0, plain.parameters().diffuseStrength());
        // the same smooth field, at 0.5 of the blurred structures' peak in the input (photons) and in the target
        // (object units; the peak is recorded), blurred by the PSF only in the input
        double photons = plain.parameters().photons();
        double peak = plain.parameters().peakSignal();
        double[] din = new double[plain.input().length];
        double[] dtarget = new double[din.length];
        for (int i = 0; i < din.length; i++) {
            din[i] = (diffuse.input()[i] - plain.input()[i]) / photons;
            dtarget[i] = (diffuse.target()[i] - plain.target()[i]) / peak;
        }
        assertTrue(pearson(din, dtarget) > 0.99, "input and target differences " + pearson(din, dtarget));
        double meanIn = Arrays.stream(din).average().orElseThrow();
        double meanTarget = Arrays.stream(dtarget).average().orElseThrow();
        assertTrue(meanTarget > 0.05 && meanTarget < 0.5, "diffuse mean " + meanTarget);
        assertEquals(meanTarget, meanIn, 0.03 * meanTarget);
        assertThrows(IllegalArgumentException.class, () -> exact(64).diffuseOctaves(0).build());
        assertThrows(IllegalArgumentException.class, () -> exact(64).upsample(9).build());
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** A separable Gaussian blur (sigma in pixels), clamped at the edges. */
    static double[] blur(float[] a, int n, double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        double[] tmp = new double[a.length];
        double[] out = new double[a.length];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double v = 0;
                for (int i = -r; i <= r; i++) {
                    v += k[i + r] / sum * a[y * n + Math.min(n - 1, Math.max(0, x + i))];
                }
                tmp[y * n + x] = v;
            }
        }
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double v = 0;
                for (int i = -r; i <= r; i++) {
                    v += k[i + r] / sum * tmp[Math.min(n - 1, Math.max(0, y + i)) * n + x];
                }
                out[y * n + x] = v;
            }
        }
        return out;
    }

    static double pearson(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
