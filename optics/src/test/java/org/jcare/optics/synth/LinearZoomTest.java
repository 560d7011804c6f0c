package org.jcare.optics.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LinearZoomTest {
    @Test
    void endSamplesMapOntoEachOther() {
        // scipy.ndimage.zoom([0, 1, 2], 2, order=1) -> samples at 0, 0.4, ..., 2.0
        float[] out = LinearZoom.zoomLateral(new float[] {0, 1, 2}, 1, 1, 3, 2);
        assertArrayEquals(new float[] {0, 0.4f, 0.8f, 1.2f, 1.6f, 2}, out, 1e-6f);
        assertEquals(2.0 / 5, LinearZoom.step(3, 6));
        assertEquals(4 * 0.4, LinearZoom.coordinate(4, 3, 6), 1e-15);
        assertEquals(1.0, LinearZoom.step(1, 1));
    }

    @Test
    void twoAxesAreZoomedSeparablyInEveryPlane() {
        int nz = 2;
        int ny = 5;
        int nx = 7;
        float[] a = new float[nz * ny * nx];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) Math.sin(i * 0.7) + i % 3;
        }
        float[] out = LinearZoom.zoomLateral(a, nz, ny, nx, 3);
        int my = 15;
        int mx = 21;
        assertEquals(nz * my * mx, out.length);
        double sy = LinearZoom.step(ny, my);
        double sx = LinearZoom.step(nx, mx);
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < my; y++) {
                for (int x = 0; x < mx; x++) {
                    double expected = bilinear(a, z, ny, nx, y * sy, x * sx);
                    assertEquals(expected, out[(z * my + y) * mx + x], 1e-5, z + "," + y + "," + x);
                }
            }
        }
        assertArrayEquals(a, LinearZoom.zoomLateral(a, nz, ny, nx, 1));
        assertThrows(IllegalArgumentException.class, () -> LinearZoom.zoomLateral(a, nz, ny, nx, 0));
        assertThrows(IllegalArgumentException.class, () -> LinearZoom.zoomLateral(a, nz, ny + 1, nx, 2));
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
