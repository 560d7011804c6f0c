package org.jcare.training.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jcare.io.FileFormatException;
import org.jcare.io.image.FloatImage;
import org.junit.jupiter.api.Test;

class TestImagesTest {
    @Test
    void anIsotropicModelsTestStackGivesItsMiddleLateralPlanePerChannel() {
        float[] v = new float[2 * 5 * 3 * 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        FloatImage stack = FloatImage.of("ZCYX", new long[] {5, 2, 3, 4}, v);
        FloatImage plane = TestImages.lateralPlane(stack);
        assertEquals("CYX", plane.axes().letters());
        assertArrayEquals(new long[] {2, 3, 4}, plane.shape());
        assertEquals(v[(2 * 2 + 1) * 12 + 5], plane.get(1, 1, 1), "z = 2, channel 1, y = 1, x = 1");
        FloatImage flat = FloatImage.of("YX", new long[] {3, 4}, new float[12]);
        assertTrue(TestImages.lateralPlane(flat) == flat);
        assertEquals(null, TestImages.lateralPlane(null));
    }

    @Test
    void testImagesAreCutToValidSizesAroundTheCentre() throws Exception {
        float[] v = new float[300 * 50];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        FloatImage img = FloatImage.of("YX", new long[] {300, 50}, v);
        FloatImage t = TestImages.prepare(img, "YX", 1, new int[] {12, 12}, new int[] {4, 4});
        assertEquals("CYX", t.axes().letters());
        assertArrayEquals(new long[] {1, 256, 48}, t.shape());
        assertEquals(v[22 * 50 + 1], t.get(0, 0, 0), "centre cut: rows from 22, columns from 1");
        FileFormatException e = assertThrows(FileFormatException.class,
                () -> TestImages.prepare(img, "YX", 1, new int[] {12, 64}, new int[] {4, 4}));
        assertTrue(e.getMessage().contains("at least 64"), e.getMessage());
        assertThrows(FileFormatException.class, () -> TestImages.prepare(img, "ZYX", 1, new int[] {4, 4, 4},
                new int[] {4, 4, 4}));
    }

    @Test
    void syntheticImagesAreDeterministicAndValid() throws Exception {
        FloatImage a = TestImages.prepare(null, "ZYX", 2, new int[] {24, 48, 48}, new int[] {4, 4, 4});
        FloatImage b = TestImages.prepare(null, "ZYX", 2, new int[] {24, 48, 48}, new int[] {4, 4, 4});
        assertArrayEquals(new long[] {2, 24, 64, 64}, a.shape());
        assertArrayEquals(a.toArray(), b.toArray());
    }
}
