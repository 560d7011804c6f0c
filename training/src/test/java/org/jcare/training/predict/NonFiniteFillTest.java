package org.jcare.training.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jcare.io.image.FloatImage;
import org.junit.jupiter.api.Test;

class NonFiniteFillTest {
    @Test
    void finitePercentilesFillWithTheLowOneAndNaNBackAtExactlyThosePixels() {
        SplittableRandom r = new SplittableRandom(1);
        float[] a = new float[2 * 30 * 20];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (r.nextDouble() * 100 + (i >= 600 ? 1000 : 0)); // channel 1 much brighter
        }
        FloatImage img = FloatImage.of("CYX", new long[] {2, 30, 20}, a.clone());
        int[] holes = {7, 250, 601, 1199};
        img.plane(0)[7] = Float.NaN;
        img.plane(0)[250] = Float.POSITIVE_INFINITY;
        img.plane(1)[1] = Float.NEGATIVE_INFINITY;
        img.plane(1)[599] = Float.NaN;
        List<FloatImage> seen = new ArrayList<>();
        // an "identity network": what it returns is what it was given, so the pipeline around it is visible
        Restoration out = NonFiniteFill.restore(img, PredictOptions.defaults(), (x, o) -> {
            assertFalse(o.normalize(), "normalized outside, with the finite percentiles");
            seen.add(x);
            return new Restoration(x, null, new int[] {1, 1});
        }, 2, 2);
        FloatImage given = seen.get(0);
        for (int c = 0; c < 2; c++) {
            float[] finite = new float[600 - 2];
            int k = 0;
            for (int i = 0; i < 600; i++) {
                int flat = c * 600 + i;
                boolean hole = flat == 7 || flat == 250 || flat == 601 || flat == 1199;
                if (!hole) {
                    finite[k++] = a[flat];
                }
            }
            double[] p = Percentiles.of(finite, 2, 99.8);
            float lo = (float) p[0];
            float hi = (float) p[1];
            for (int i = 0; i < 600; i++) {
                int flat = c * 600 + i;
                boolean hole = flat == 7 || flat == 250 || flat == 601 || flat == 1199;
                float expected = hole ? 0f : (a[flat] - lo) / (hi - lo + PercentileNormalizer.EPS);
                assertEquals(expected, given.plane(c)[i], 0f, "network input " + flat);
                float o = out.mean().plane(c)[i];
                if (hole) {
                    assertTrue(Float.isNaN(o), "NaN back at " + flat);
                } else {
                    assertEquals(a[flat], o, 1e-3f * (1 + Math.abs(a[flat])), "undone at " + flat);
                }
            }
        }
        assertEquals(4, holes.length);
    }

    @Test
    void aChannelWithoutAnyFinitePixelIsAnError() {
        FloatImage img = FloatImage.of("YX", new long[] {2, 2}, new float[] {Float.NaN, Float.NaN, Float.NaN,
            Float.NaN});
        assertThrows(IllegalArgumentException.class, () -> NonFiniteFill.restore(img, PredictOptions.defaults(),
                (x, o) -> new Restoration(x, null, new int[] {1, 1}), 1, 1));
    }

    @Test
    void fewerOutputChannelsGetNaNWhereAnyInputChannelWasNonFinite() {
        FloatImage in = FloatImage.zeros("CYX", 2, 2, 3);
        in.set(Float.NaN, 1, 1, 2);
        FloatImage out = FloatImage.zeros("YX", 2, 3);
        NonFiniteFill.markNonFinite(in, out);
        assertTrue(Float.isNaN(out.get(1, 2)));
        assertEquals(0f, out.get(0, 0));
    }
}
