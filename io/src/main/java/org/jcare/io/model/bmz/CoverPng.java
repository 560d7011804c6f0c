package org.jcare.io.model.bmz;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.jcare.io.figure.DisplayRange;

/**
 * The Model Zoo cover: input and restoration side by side, each a 256 x 256 grey image (2:1 overall, as the spec asks
 * for covers), each scaled to its own display range ({@link DisplayRange}: 0.5 to 99.8 percent).
 */
public final class CoverPng {
    private static final int SIDE = 256;

    private CoverPng() {
    }

    /**
     * PNG bytes of two planes side by side.
     *
     * @param left   row-major values of the left plane
     * @param right  row-major values of the right plane (same size as left)
     * @param height rows of both planes
     * @param width  columns of both planes
     */
    public static byte[] sideBySide(float[] left, float[] right, int height, int width) {
        BufferedImage img = new BufferedImage(2 * SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
        draw(img, left, height, width, 0);
        draw(img, right, height, width, SIDE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding to memory failed", e);
        }
        return out.toByteArray();
    }

    private static void draw(BufferedImage img, float[] v, int h, int w, int x0) {
        DisplayRange r = DisplayRange.of(v);
        // the largest centred square of the plane, scaled to SIDE x SIDE by nearest neighbour
        int s = Math.min(h, w);
        int oy = (h - s) / 2;
        int ox = (w - s) / 2;
        for (int y = 0; y < SIDE; y++) {
            int sy = oy + (int) ((long) y * s / SIDE);
            for (int x = 0; x < SIDE; x++) {
                int sx = ox + (int) ((long) x * s / SIDE);
                int g = r.grey(v[sy * w + sx]);
                img.getRaster().setSample(x0 + x, y, 0, g);
            }
        }
    }
}
