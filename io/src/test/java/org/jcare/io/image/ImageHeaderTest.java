package org.jcare.io.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ImageHeaderTest {
    @Test
    void sizesVoxelsAndBytesWithoutOverflow() {
        long[] shape = {3, 2, 40, 50};
        ImageHeader h = new ImageHeader(Path.of("a.tif"), "ZCYX", shape);
        shape[0] = 99;
        assertArrayEquals(new long[] {3, 2, 40, 50}, h.shape(), "the shape is copied");
        h.shape()[0] = 7;
        assertEquals(3, h.size('Z'));
        assertEquals(2, h.size('C'));
        assertEquals(1, h.size('T'), "an absent axis has size 1");
        assertEquals(12000, h.voxels());
        assertEquals(48000, h.floatBytes());
        assertEquals("a.tif (ZCYX [3, 2, 40, 50])", h.toString());
        ImageHeader huge = new ImageHeader(Path.of("b.tif"), "ZYX", new long[] {1L << 30, 1L << 20, 1L << 20});
        assertThrows(ArithmeticException.class, huge::voxels);
    }
}
