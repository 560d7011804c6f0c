package org.jcare.io.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NonFinitePixelsTest {
    @Test
    void countsAndLocatesTheFirstInCOrder() {
        FloatImage img = FloatImage.zeros("ZYX", 3, 4, 5);
        img.set(Float.POSITIVE_INFINITY, 2, 0, 1);
        img.set(Float.NaN, 1, 3, 4);
        img.set(Float.NEGATIVE_INFINITY, 2, 3, 3);
        NonFinitePixels n = NonFinitePixels.of(img);
        assertEquals(3, n.count());
        assertArrayEquals(new long[] {1, 3, 4}, n.first());
        assertEquals("3 non-finite pixels (NaN or infinity), the first at Z=1, Y=3, X=4", n.describe());
        assertTrue(NonFinitePixels.of(FloatImage.zeros("YX", 2, 2)).none());
        assertEquals(2, NonFinitePixels.count(new float[] {1, Float.NaN, 0, Float.NEGATIVE_INFINITY}));
    }
}
