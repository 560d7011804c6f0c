package org.jcare.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jcare.io.image.FloatImage;
import org.jcare.training.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * CSBDeep's {@code anisotropic_distortions} without noise against the scipy re-implementation of
 * make_task_fixtures.py (PSF blur before the crop, _adjust_subsample, central crop, order-0 zoom down and order-1 back),
 * and the noise statistics.
 */
class AnisotropicDistortionTest {
    @Test
    void blurCropAndZoomMatchTheScipyReimplementation() {
        for (JsonNode c : Fixtures.json("task_modes.json").get("distortion")) {
            String axes = c.get("axes").textValue();
            FloatImage img = FloatImage.of(axes, Fixtures.longs(c.get("shape")), Fixtures.floats(c.get("input")));
            Psf psf = c.get("psf").isNull() ? null
                    : Psf.of(FloatImage.of("YX", Fixtures.longs(c.get("psf_shape")), Fixtures.floats(c.get("psf"))),
                            "gaussian");
            char axis = c.get("subsample_axis").textValue().charAt(0);
            AnisotropicDistortion d = new AnisotropicDistortion(new AnisotropicDistortion.Settings(
                    c.get("subsample").doubleValue(), psf, false, 0, axis, true, 0.2, 1));
            RawData.ImagePair out = d.apply(new RawData.ImagePair(img, img, "fixture"), 0);
            String what = axes + " " + java.util.Arrays.toString(img.shape()) + " subsample " + c.get("subsample")
                    + " along " + axis;
            assertArrayEquals(Fixtures.longs(c.get("output_shape")), out.source().shape(), what);
            assertArrayEquals(Fixtures.floats(c.get("target")), out.target().toArray(), what + ": target crop");
            float[] expected = Fixtures.floats(c.get("output"));
            float[] actual = out.source().toArray();
            for (int i = 0; i < expected.length; i++) {
                // scipy convolves float32 in single precision; without a PSF the zooms agree exactly
                assertEquals(expected[i], actual[i], psf == null ? 0 : 2e-4, what + " at " + i);
            }
        }
    }

    @Test
    void the510SampleCaseKeepsScipysZeroLastSample() {
        // 510 samples by 10.2: scipy's coordinate 509.00000000000006 is past the input, so CSBDeep's subsampled row 49 is 0
        float[] v = new float[510];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1 + i;
        }
        FloatImage img = FloatImage.of("YX", new long[] {1, 510}, v);
        FloatImage back = AnisotropicDistortion.scaleDownUp(img, 'X', 10.2);
        float[] r = back.toArray();
        assertEquals(0f, r[509]);
        assertTrue(r[498] > 400, "the samples before the last interpolate real values");
    }

    @Test
    void poissonNoiseHasTheRateAsMeanAndVarianceAndGaussNoiseIsClipped() {
        float[] v = new float[64 * 64];
        java.util.Arrays.fill(v, 20.7f);
        FloatImage img = FloatImage.of("YX", new long[] {64, 64}, v);
        RawData.ImagePair p = new AnisotropicDistortion(new AnisotropicDistortion.Settings(1, null, true, 0, 'X', true,
                0.2, 5)).apply(new RawData.ImagePair(img, img, "flat"), 0);
        double[] m = moments(p.source().toArray());
        assertEquals(20, m[0], 0.5, "Poisson rate is int(20.7) = 20, as CSBDeep truncates");
        assertEquals(20, m[1], 2.0, "variance = rate");
        for (float x : p.source().toArray()) {
            assertEquals(Math.rint(x), x, 0, "Poisson samples are integers");
        }
        java.util.Arrays.fill(v, 0.5f);
        RawData.ImagePair g = new AnisotropicDistortion(new AnisotropicDistortion.Settings(1, null, false, 3, 'X', true,
                0.2, 5)).apply(new RawData.ImagePair(FloatImage.of("YX", new long[] {64, 64}, v), img, "flat"), 0);
        int zeros = 0;
        for (float x : g.source().toArray()) {
            assertTrue(x >= 0);
            zeros += x == 0 ? 1 : 0;
        }
        assertTrue(zeros > 1500 && zeros < 2600, "about P(N(0.5, 3) < 0) = 43% clipped, got " + zeros);
    }

    @Test
    void theSameSeedGivesTheSameNoiseAndTargetsComeFromThePairWhenAsked() {
        FloatImage src = FloatImage.of("ZYX", new long[] {8, 4, 4}, ramp(128));
        FloatImage tgt = FloatImage.of("ZYX", new long[] {8, 4, 4}, ramp(128));
        AnisotropicDistortion d = new AnisotropicDistortion(AnisotropicDistortion.Settings.upsampling(2, null, true, 1,
                9));
        RawData raw = RawData.fromImages(List.of(src), List.of(tgt), "ZYX");
        try {
            RawData.ImagePair a = d.applyTo(raw).get(0);
            RawData.ImagePair b = d.applyTo(raw).get(0);
            assertArrayEquals(a.source().toArray(), b.source().toArray());
            assertEquals(8, a.source().size('Z'));
            assertArrayEquals(tgt.toArray(), a.target().toArray());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void badSettingsAreReportedTogether() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AnisotropicDistortion.Settings(0.5, null, false, -1, 'Q', true, 1.5, 0));
        assertTrue(e.getMessage().contains("subsample") && e.getMessage().contains("sigma")
                && e.getMessage().contains("axis") && e.getMessage().contains("crop"), e.getMessage());
    }

    private static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = 50 + 10 * (float) Math.sin(i);
        }
        return v;
    }

    private static double[] moments(float[] v) {
        double s = 0;
        double s2 = 0;
        for (float x : v) {
            s += x;
            s2 += x * x;
        }
        double m = s / v.length;
        return new double[] {m, s2 / v.length - m * m};
    }
}
