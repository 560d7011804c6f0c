package org.jcare.optics.resample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.jcare.io.image.FloatImage;
import org.jcare.optics.JsonFixtures;
import org.junit.jupiter.api.Test;

/** scipy.ndimage.zoom parity against the real scipy (fixtures from make_task_fixtures.py). */
class ScipyZoomTest {
    private static final JsonNode FIX = JsonFixtures.scipy();

    @Test
    void linesMatchScipyForOrdersZeroOneAndThree() {
        for (JsonNode c : FIX.get("zoom")) {
            float[] in = JsonFixtures.floats(c.get("input"));
            float[] expected = JsonFixtures.floats(c.get("output"));
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
            long[] shape = JsonFixtures.longs(c.get("shape"));
            FloatImage img = FloatImage.of("ZYX", shape, JsonFixtures.floats(c.get("input")));
            int order = c.get("order").intValue();
            FloatImage out = ScipyZoom.zoomAxis(img, 'Z', c.get("factor").doubleValue(), order);
            assertArrayEquals(JsonFixtures.longs(c.get("output_shape")), out.shape());
            float[] expected = JsonFixtures.floats(c.get("output"));
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
    void lateralZoomMapsEndSamplesOntoEachOther() {
        // scipy.ndimage.zoom([[0, 1, 2]], 2, order=1)[0] -> samples at 0, 0.4, ..., 2.0 (one row zoomed to two)
        FloatImage row = FloatImage.of("YX", new long[] {1, 3}, new float[] {0, 1, 2});
        FloatImage out = ScipyZoom.zoomLateral(row, 2, 1);
        assertArrayEquals(new long[] {2, 6}, out.shape());
        float[] expected = {0, 0.4f, 0.8f, 1.2f, 1.6f, 2};
        float[] a = out.toArray();
        for (int r = 0; r < 2; r++) {
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(a, 6 * r, 6 * r + 6), 1e-6f);
        }
        assertEquals(2.0 / 5, ScipyZoom.step(3, 6));
        assertEquals(1.0, ScipyZoom.step(1, 1));
    }

    @Test
    void lateralZoomIsBilinearInEveryPlane() {
        // jcare synth --upsample zooms its camera images with zoomLateral, and lateral upsampling models zoom their
        // input the same way at prediction: training and prediction see the same input
        int nz = 2;
        int ny = 5;
        int nx = 7;
        float[] a = new float[nz * ny * nx];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) Math.sin(i * 0.7) + i % 3;
        }
        FloatImage img = FloatImage.of("ZYX", new long[] {nz, ny, nx}, a);
        float[] out = ScipyZoom.zoomLateral(img, 3, 1).toArray();
        int my = 15;
        int mx = 21;
        assertEquals(nz * my * mx, out.length);
        double sy = ScipyZoom.step(ny, my);
        double sx = ScipyZoom.step(nx, mx);
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < my; y++) {
                for (int x = 0; x < mx; x++) {
                    double expected = bilinear(a, z, ny, nx, y * sy, x * sx);
                    assertEquals(expected, out[(z * my + y) * mx + x], 1e-5, z + "," + y + "," + x);
                }
            }
        }
        assertArrayEquals(a, ScipyZoom.zoomLateral(img, 1, 1).toArray());
        FloatImage yThenX = ScipyZoom.zoomAxis(ScipyZoom.zoomAxis(img, 'Y', 2, 1), 'X', 2, 1);
        assertArrayEquals(yThenX.toArray(), ScipyZoom.zoomLateral(img, 2, 1).toArray());
    }

    private static double bilinear(float[] a, int z, int ny, int nx, double y, double x) {
        int y0 = Math.min(ny - 2, (int) Math.floor(y));
        int x0 = Math.min(nx - 2, (int) Math.floor(x));
        double ty = y - y0;
        double tx = x - x0;
        int p = z * ny * nx;
        double top = a[p + y0 * nx + x0] * (1 - tx) + a[p + y0 * nx + x0 + 1] * tx;
        double bottom = a[p + (y0 + 1) * nx + x0] * (1 - tx) + a[p + (y0 + 1) * nx + x0 + 1] * tx;
        return top * (1 - ty) + bottom * ty;
    }
}
