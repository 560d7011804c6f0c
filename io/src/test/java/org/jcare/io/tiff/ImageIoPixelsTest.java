package org.jcare.io.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jcare.io.image.FloatImage;
import org.jcare.io.image.ImageFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageIoPixelsTest {
    @TempDir
    Path dir;

    @Test
    void decodesBigTiffFloatsAndFailsClearlyOnCorruptData() throws Exception {
        FloatImage img = FloatImage.of("ZYX", new long[] {2, 2, 2}, new float[] {1, -2, 3.5f, 4, 5, 6, 7, Float.NaN});
        Path f = dir.resolve("big.tif");
        new TiffWriter().bigTiffThreshold(0).write(img, f);
        float[][] planes = ImageIoPixels.decode(TiffStructure.read(f));
        assertArrayEquals(new float[] {1, -2, 3.5f, 4}, planes[0], 0f);
        assertArrayEquals(new float[] {5, 6, 7, Float.NaN}, planes[1], 0f);
        byte[] b = Files.readAllBytes(f);
        Path cut = Files.write(dir.resolve("cut.tif"), Arrays.copyOf(b, b.length - 8));
        assertThrows(ImageFileException.class, () -> new TiffReader().read(cut));
    }

    @Test
    void theDecodersWordsAreKeptOnlyWhenTheyTellAUserSomething() {
        // issue 10, item 11: the fuzz test met "class [I cannot be cast to class java.lang.Number ..." and "Index 3 out
        // of bounds for length 3" in one-line messages; those name Java internals, not what is wrong with the file
        assertEquals("Unknown TIFF Compression value: 7",
                ImageIoPixels.readableDetail(new javax.imageio.IIOException("Unknown TIFF Compression value: 7")));
        assertNull(ImageIoPixels.readableDetail(new ClassCastException("class [I cannot be cast to class"
                + " java.lang.Number ([I and java.lang.Number are in module java.base of loader 'bootstrap')")));
        assertNull(ImageIoPixels.readableDetail(new ArrayIndexOutOfBoundsException("Index 3 out of bounds for length 3")));
        assertNull(ImageIoPixels.readableDetail(new javax.imageio.IIOException("Unsupported StripOffsets type:"
                + " UNDEFINED (class [B)")));
        assertNull(ImageIoPixels.readableDetail(new java.io.IOException((String) null)));
    }
}
