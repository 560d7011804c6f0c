package org.jcare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jcare.io.image.FloatImage;
import org.jcare.io.image.ImageHeader;
import org.jcare.io.tiff.TiffReader;
import org.jcare.io.tiff.TiffWriter;
import org.jcare.training.config.CareConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputCheckTest {
    private static final CareConfig GREY_2D = CareConfig.builder("YX").build();

    @Test
    void whatKeepsAnImageFromAModelIsSaidPlainly() {
        Path f = Path.of("a.tif");
        assertNull(InputCheck.fit(new ImageHeader(f, "ZYX", new long[] {3, 8, 8}), GREY_2D, 1));
        CareConfig threeD = CareConfig.builder("ZYX").build();
        assertTrue(InputCheck.fit(new ImageHeader(f, "YX", new long[] {8, 8}), threeD, 1).startsWith(
                "a 3D model needs a Z axis but the image has axes YX [8, 8]; give --axes with Z"));
        // issue 10, item 11: "give the channel axis as C" only when there is no C axis
        assertEquals("the image has 2 channels (axes CYX [2, 8, 8]) but the model takes 1: restore it with a model"
                + " trained on 2 channels, or split the channels", InputCheck.fit(new ImageHeader(f, "CYX",
                new long[] {2, 8, 8}), GREY_2D, 1));
        CareConfig twoChannels = CareConfig.builder("YX").nChannelIn(2).nChannelOut(2).build();
        assertEquals("the image has 1 channel (axes ZYX [2, 8, 8]) but the model takes 2: give the channel axis as C"
                + " with --axes", InputCheck.fit(new ImageHeader(f, "ZYX", new long[] {2, 8, 8}), twoChannels, 1));
        // memory: an image whose restoration cannot fit the heap
        long side = 1L << 16;
        String m = InputCheck.fit(new ImageHeader(f, "ZYX", new long[] {side, side, side}), GREY_2D, 1);
        assertTrue(m != null && m.contains("needs") && m.contains("set -Xmx"), m);
    }

    @Test
    void everyBadFileIsListedAndNothingIsDecoded(@TempDir Path dir) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Path f = dir.resolve("f" + i + ".tif");
            if (i == 0) {
                new TiffWriter().write(FloatImage.zeros("YX", 8, 8), f);
            } else {
                Files.writeString(f, "not a TIFF " + i);
            }
            files.add(f);
        }
        assertEquals(1, InputCheck.require(files.subList(0, 1), null, new TiffReader(), GREY_2D, 1).size());
        BadInputException e = assertThrows(BadInputException.class,
                () -> InputCheck.require(files, null, new TiffReader(), GREY_2D, 1));
        assertTrue(e.getMessage().startsWith("7 of 8 inputs cannot be restored, nothing was written: " + files.get(1)),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("; and 2 more"), "at most " + InputCheck.LISTED + " listed: "
                + e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
