package org.jcare.io.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
}
