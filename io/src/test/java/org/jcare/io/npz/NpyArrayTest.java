package org.jcare.io.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jcare.io.image.FloatImage;
import org.junit.jupiter.api.Test;

class NpyArrayTest {
    @Test
    void chunksArePlanesAndConvertToImagesWithoutCopy() {
        FloatImage img = FloatImage.of("SCYX", new long[] {2, 1, 2, 3}, new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        NpyArray a = NpyArray.of(img);
        assertEquals(2, a.chunkCount());
        assertEquals(12, a.numel());
        assertEquals(7f, a.getFlat(7));
        FloatImage back = a.toImage("SCYX");
        assertSame(img.plane(1), back.plane(1));
        assertArrayEquals(img.shape(), back.shape());
    }

    @Test
    void rejectsChunksThatDoNotFitAndArraysTooLargeForOnePlane() {
        assertThrows(IllegalArgumentException.class, () -> new NpyArray(new long[] {2, 3}, new float[][] {new float[5]}));
        assertThrows(IllegalArgumentException.class, () -> NpyArray.chunkSize(new long[] {1L << 20, 1L << 20}));
        assertEquals(1, NpyArray.chunkSize(new long[0]));
        assertThrows(IllegalArgumentException.class, () -> NpyArray.of(FloatImage.zeros("YX", 2, 2)).toImage("ZYX"));
    }
}
