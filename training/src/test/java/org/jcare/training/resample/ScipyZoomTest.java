package org.jcare.training.resample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.jcare.io.image.FloatImage;
import org.jcare.training.Fixtures;
import org.junit.jupiter.api.Test;

/** scipy.ndimage.zoom parity against the real scipy (fixtures from make_task_fixtures.py). */
class ScipyZoomTest {
    private static final JsonNode FIX = Fixtures.json("task_modes.json");

    @Test
    void linesMatchScipyForOrdersZeroOneAndThree() {
        for (JsonNode c : FIX.get("zoom")) {
            float[] in = Fixtures.floats(c.get("input"));
            float[] expected = Fixtures.floats(c.get("output"));
            int order = c.get("order").intValue();
            double f = c.get("factor").doubleValue();
            int m = ScipyZoom.outputSize(in.length, f);
            assertEquals(expected.length, m, "size of " + in.length + " x " + f);
            float[] out = new float[m];
            ScipyZoom.line(in, 0, 1, in.length, out, 0, 1, m, order);
            String what = "zoom " + in.length + " by " + f + " order " + order;
            if (order < 3) {
                assertArrayEquals(expected, out, what); // the same double arithmetic, one rounding: exact
            } else {
                for (int i = 0; i < m; i++) {
                    assertEquals(expected[i], out[i], 2e-5 * 100, what + " at " + i);
                }
            }
        }
    }

    @Test
    void stacksZoomAlongTheirFirstAxisAsScipy() {
        for (JsonNode c : FIX.get("zoom_axis0")) {
            long[] shape = Fixtures.longs(c.get("shape"));
            FloatImage img = FloatImage.of("ZYX", shape, Fixtures.floats(c.get("input")));
            int order = c.get("order").intValue();
            FloatImage out = ScipyZoom.zoomAxis(img, 'Z', c.get("factor").doubleValue(), order);
            assertArrayEquals(Fixtures.longs(c.get("output_shape")), out.shape());
            float[] expected = Fixtures.floats(c.get("output"));
            float[] actual = out.toArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], order < 3 ? 0 : 2e-3, "order " + order + " at " + i);
            }
        }
    }

    @Test
    void zoomingAlongXEqualsZoomingTheTransposedStackAlongZ() {
        FloatImage img = FloatImage.of("ZYX", new long[] {3, 2, 7}, ramp(42));
        for (int order : new int[] {0, 1, 3}) {
            FloatImage alongX = ScipyZoom.zoomAxis(img, 'X', 2.4, order);
            FloatImage viaZ = ScipyZoom.zoomAxis(img.permute("XYZ"), 'X', 2.4, order).permute("ZYX");
            assertArrayEquals(viaZ.toArray(), alongX.toArray(), "order " + order);
            FloatImage alongY = ScipyZoom.zoomAxis(img, 'Y', 3, order);
            assertArrayEquals(ScipyZoom.zoomAxis(img.permute("YZX"), 'Y', 3, order).permute("ZYX").toArray(),
                    alongY.toArray(), "order " + order);
        }
    }

    @Test
    void outputSizesRoundHalfToEvenAsPython() {
        assertEquals(12, ScipyZoom.outputSize(5, 2.5));   // round(12.5) == 12 in Python 3
        assertEquals(102, ScipyZoom.outputSize(10, 10.2));
        assertEquals(50, ScipyZoom.outputSize(510, 1 / 10.2));
        assertEquals(2, ScipyZoom.outputSize(5, 0.5));    // round(2.5) == 2
        assertThrows(IllegalArgumentException.class, () -> ScipyZoom.outputSize(3, 0.1));
    }

    @Test
    void endPointsMapToEndPoints() {
        float[] in = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] out = new float[102];
        ScipyZoom.line(in, 0, 1, 10, out, 0, 1, 102, 1);
        assertEquals(0f, out[0]);
        assertEquals(9f, out[101]);
        assertEquals((float) (9.0 / 101), out[1]);
    }

    private static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.sin(i * 0.7) * 10 + i;
        }
        return v;
    }

    @Test
    void theSyntheticGeneratorsLateralZoomIsThisZoomAlongYThenX() {
        // jcare synth --upsample zooms its camera images with optics' LinearZoom; upsampling models zoom with this
        // class at prediction: training and prediction must see the same input
        int ny = 23;
        int nx = 31;
        float[] a = new float[2 * ny * nx];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (100 * rng.nextDouble());
        }
        FloatImage img = FloatImage.of("ZYX", new long[] {2, ny, nx}, a);
        for (int f : new int[] {2, 3}) {
            FloatImage z = ScipyZoom.zoomAxis(ScipyZoom.zoomAxis(img, 'Y', f, 1), 'X', f, 1);
            assertArrayEquals(z.toArray(), org.jcare.optics.synth.LinearZoom.zoomLateral(a, 2, ny, nx, f), "factor " + f);
        }
    }
}
