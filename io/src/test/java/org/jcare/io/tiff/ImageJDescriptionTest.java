package org.jcare.io.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageJDescriptionTest {
    @TempDir
    Path dir;

    private TiffStructure sixPages(String description) throws Exception {
        Path f = TiffFixtures.raw(dir.resolve("d.tif"), 2, 2, 8, 1, Collections.nCopies(6, new byte[4]), description,
                ByteOrder.BIG_ENDIAN);
        return TiffStructure.read(f);
    }

    @Test
    void parsesLikeImageJIncludingEscapesAndTimeUnits() throws Exception {
        assertTrue(ImageJDescription.matches("ImageJ=1.54f\nimages=3\n"));
        assertFalse(ImageJDescription.matches("<?xml version"));
        String text = "ImageJ=1.54f\nimages=6\nchannels=2\nslices=3\nunit=\\u00B5m\nspacing=0.5\nfinterval=250\n"
                + "tunit=ms\n";
        TiffStructure s = sixPages(text);
        ImageJDescription d = ImageJDescription.parse(s.description);
        assertEquals(6, d.images());
        StackLayout l = d.layout(s, 6, 1);
        assertEquals(3, l.sizeZ());
        assertEquals(2, l.sizeC());
        assertEquals(1, l.sizeT());
        assertEquals(0.25, l.calibration().t(), 1e-12, "250 ms");
        assertEquals(0, l.calibration().x(), "no resolution tags: lateral size unknown");
    }

    @Test
    void dimensionsThatDoNotMultiplyToTheStackAreIgnoredAsImageJDoes() throws Exception {
        TiffStructure s = sixPages("ImageJ=1.54f\nimages=6\nchannels=4\nslices=3\n");
        StackLayout l = ImageJDescription.parse(s.description).layout(s, 6, 1);
        assertEquals(6, l.sizeZ());
        assertEquals(1, l.sizeC());
    }
}
