package org.jcare.io.figure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.jcare.io.FileFormatException;
import org.jcare.io.image.FloatImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapPngTest {
    @Test
    void overlayIsGreyWhereTheMapIsLowAndColouredWhereItIsHigh(@TempDir Path dir) throws Exception {
        int h = 64;
        int w = 80;
        float[] img = new float[h * w];
        float[] map = new float[h * w];
        for (int i = 0; i < img.length; i++) {
            img[i] = (i % w) / (float) w;
            map[i] = i / w < h / 2 ? 0f : 1f; // bottom half disagrees
        }
        FloatImage image = FloatImage.of("YX", new long[] {h, w}, img);
        FloatImage d = FloatImage.of("YX", new long[] {h, w}, map);
        Path png = dir.resolve("map.png");
        MapPng.write(png, image, d, new MapPng.Style("restoration", "disagreement", "nats", 0, 1), false);
        BufferedImage fig = PngChecks.decode(png, 0, 0);
        // the overlay panel starts after the grey panel; its top half is grey (r == g == b), its bottom half the top
        // of the colour ramp
        int scale = PanelPng.MIN_HEIGHT / h;
        int x = 8 + w * scale + 8 + 10;
        int titleTop = fig.getHeight() - 8 - h * scale;
        int top = fig.getRGB(x, titleTop + 10);
        int bottom = fig.getRGB(x, fig.getHeight() - 8 - 10);
        assertTrue(((top >> 16) & 255) == (top & 255) && ((top >> 8) & 255) == (top & 255), "grey where D is 0");
        int[] high = MapPng.colour(1);
        assertArrayEquals(high, new int[] {(bottom >> 16) & 255, (bottom >> 8) & 255, bottom & 255});
        assertThrows(FileFormatException.class, () -> MapPng.write(png, image, d,
                new MapPng.Style("a", "b", "c", 0, 1), false));
        assertThrows(IllegalArgumentException.class, () -> new MapPng.Style("a", "b", "c", 1, 1));
        assertThrows(IllegalArgumentException.class, () -> MapPng.render(image,
                FloatImage.of("YX", new long[] {1, 2}, new float[2]), new MapPng.Style("a", "b", "c", 0, 1)));
    }
}
