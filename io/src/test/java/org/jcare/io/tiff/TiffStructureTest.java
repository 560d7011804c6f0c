package org.jcare.io.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jcare.io.image.FloatImage;
import org.jcare.io.image.ImageFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TiffStructureTest {
    @TempDir
    Path dir;

    @Test
    void readsPagesOfClassicAndBigTiffAndChoosesTheDecoder() throws Exception {
        Path classic = TiffFixtures.raw(dir.resolve("c.tif"), 3, 2, 16, 1, List.of(new byte[12], new byte[12]), "hi",
                ByteOrder.LITTLE_ENDIAN);
        TiffStructure s = TiffStructure.read(classic);
        assertFalse(s.bigTiff);
        assertEquals(2, s.pages.size());
        assertEquals(3, s.pages.get(0).width());
        assertEquals(16, s.pages.get(0).bitsPerSample());
        assertEquals("hi", s.description);
        assertTrue(s.imageJCanDecode());
        Path big = dir.resolve("b.tif");
        new TiffWriter().bigTiffThreshold(0).write(FloatImage.zeros("ZYX", 2, 3, 4), big);
        TiffStructure b = TiffStructure.read(big);
        assertTrue(b.bigTiff);
        assertFalse(b.imageJCanDecode());
        assertEquals(TiffStructure.FLOAT, b.pages.get(1).sampleFormat());
    }

    @Test
    void rejectsWhatIsNotATiff() throws Exception {
        Path gif = Files.write(dir.resolve("g.tif"), "GIF89a....".getBytes());
        ImageFileException e = assertThrows(ImageFileException.class, () -> TiffStructure.read(gif));
        assertTrue(e.getMessage().contains("bytes 47 49 46 38"), e.getMessage());
        assertThrows(ImageFileException.class, () -> TiffStructure.read(dir));
    }
}
