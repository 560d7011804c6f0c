package org.jcare.io.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ImageJPixelsTest {
    @Test
    void agreesWithTheTwelveMonkeysDecoderOnRealFiles() throws Exception {
        for (String name : new String[] {"spots3d_neubias.tif", "nucleus3d_cells3d_crop.tif"}) {
            TiffStructure s = TiffStructure.read(TiffReaderTest.resource(name));
            float[][] ij = ImageJPixels.decode(s);
            float[][] tm = ImageIoPixels.decode(s);
            assertEquals(tm.length, ij.length, name);
            for (int p = 0; p < ij.length; p++) {
                assertArrayEquals(tm[p], ij[p], 0f, name + " plane " + p);
            }
        }
    }

    @Test
    void readsImageJContiguousStacksAsAllTheirImages() throws Exception {
        Path f = TiffReaderTest.resource("nucleus_conf_wf_crop.tif");
        assertEquals(24, ImageJPixels.decode(TiffStructure.read(f)).length);
    }
}
