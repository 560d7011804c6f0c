package org.jcare.io.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FloatImageTest {
    private static FloatImage ramp(String axes, long... shape) {
        FloatImage img = FloatImage.zeros(axes, shape);
        for (long i = 0; i < img.numel(); i++) {
            int ps = img.planeSize();
            img.plane((int) (i / ps))[(int) (i % ps)] = i;
        }
        return img;
    }

    @Test
    void permuteOfLeadingAxesMovesPlanesAndMatchesTheGeneralPath() {
        FloatImage img = ramp("TZCYX", 2, 3, 4, 2, 3);
        FloatImage p = img.permute("CTZYX");
        assertArrayEquals(new long[] {4, 2, 3, 2, 3}, p.shape());
        for (int t = 0; t < 2; t++) {
            for (int z = 0; z < 3; z++) {
                for (int c = 0; c < 4; c++) {
                    assertEquals(img.get(t, z, c, 1, 2), p.get(c, t, z, 1, 2));
                }
            }
        }
        assertNotSame(img.plane(0), p.plane(0), "permute copies");
        FloatImage q = img.permute("ZYXTC");
        assertEquals(img.get(1, 2, 3, 1, 0), q.get(2, 1, 0, 1, 3));
        assertSame(img, img.permute("TZCYX"));
    }

    @Test
    void withAxesSharesPlanesAndChecksThePlane() {
        FloatImage img = ramp("ZYX", 5, 2, 3);
        FloatImage v = img.withAxes("TZCYX", 1, 5, 1, 2, 3);
        assertSame(img.plane(4), v.plane(4));
        assertEquals(img.get(4, 1, 2), v.get(0, 4, 0, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> img.withAxes("ZYX", 5, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> img.withAxes("ZYX", 4, 2, 3));
    }

    @Test
    void basicAccessors() {
        FloatImage img = FloatImage.of("CYX", new long[] {2, 1, 2}, new float[] {1, 2, 3, 4});
        assertEquals(3f, img.get(1, 0, 0));
        assertEquals(1, img.size('Z'));
        assertArrayEquals(new float[] {1, 2, 3, 4}, img.toArray(), 0f);
        assertThrows(IndexOutOfBoundsException.class, () -> img.get(2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> FloatImage.of("YX", new long[] {2, 2}, new float[3]));
    }
}
