package org.jcare.io.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Decodes a PNG and checks its size and that it shows something. */
final class PngChecks {
    private PngChecks() {
    }

    static BufferedImage decode(Path png, int width, int height) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img != null, png + " does not decode as an image");
        if (width > 0) {
            assertEquals(width, img.getWidth());
        }
        if (height > 0) {
            assertEquals(height, img.getHeight());
        }
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 10, png + " looks blank: " + colours.size() + " colours");
        return img;
    }
}
