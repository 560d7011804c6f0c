package org.jcare.io.model.bmz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class CoverPngTest {
    @Test
    void twoToOneGreyPngWithBothPanels() throws Exception {
        float[] left = new float[30 * 40];
        float[] right = new float[30 * 40];
        for (int i = 0; i < left.length; i++) {
            left[i] = i % 40;
            right[i] = 39 - i % 40;
        }
        byte[] png = CoverPng.sideBySide(left, right, 30, 40);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(512, img.getWidth());
        assertEquals(256, img.getHeight());
        int l = img.getRaster().getSample(250, 128, 0);
        int r = img.getRaster().getSample(256 + 5, 128, 0);
        assertTrue(l > 200 && r > 200, "bright right end of the left panel and left end of the right: " + l + " " + r);
        assertTrue(png.length < 500_000);
    }
}
