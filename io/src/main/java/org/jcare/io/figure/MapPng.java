package org.jcare.io.figure;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;
import org.jcare.io.FileFormatException;
import org.jcare.io.image.FloatImage;

/**
 * A PNG of a per-pixel map over an image (for example an ensemble's disagreement over its restoration): the image in
 * grey on the left, the same image with the map laid over it in colour on the right (a perceptually ordered
 * black-red-yellow-white scale, opaque where the map is high, transparent where it is at the low end), and a colour
 * bar with the map's range and unit. A fixed range makes maps of different images comparable.
 */
public final class MapPng {
    private static final int GAP = 8;
    private static final int BAR = 18;
    /** Anchors of the colour scale (an inferno-like ramp), from low to high. */
    private static final int[][] RAMP = {{0, 0, 4}, {87, 16, 110}, {188, 55, 84}, {249, 142, 9}, {252, 255, 164}};

    private MapPng() {
    }

    /**
     * How to draw the map.
     *
     * @param imageTitle the title over the grey image
     * @param mapTitle   the title over the overlay
     * @param unit       the map's unit, shown on the colour bar (for example "nats")
     * @param low        the map value drawn transparent
     * @param high       the map value drawn fully opaque (values above are clipped)
     */
    public record Style(String imageTitle, String mapTitle, String unit, double low, double high) {
        /** Checks the range. */
        public Style {
            if (!(high > low)) {
                throw new IllegalArgumentException("map range must have high > low, got " + low + " and " + high);
            }
        }
    }

    /** The colour of {@code t} in [0, 1] on the ramp. */
    static int[] colour(double t) {
        double x = Math.max(0, Math.min(1, t)) * (RAMP.length - 1);
        int i = Math.min(RAMP.length - 2, (int) x);
        double f = x - i;
        int[] c = new int[3];
        for (int k = 0; k < 3; k++) {
            c[k] = (int) Math.round(RAMP[i][k] + f * (RAMP[i + 1][k] - RAMP[i][k]));
        }
        return c;
    }

    /**
     * Renders image and map (2D, same shape).
     *
     * @throws IllegalArgumentException when they are not 2D images of one shape
     */
    public static BufferedImage render(FloatImage image, FloatImage map, Style style) {
        if (image.axes().size() != 2 || map.axes().size() != 2
                || !java.util.Arrays.equals(image.shape(), map.shape())) {
            throw new IllegalArgumentException("a map figure needs a 2D image and a 2D map of one shape, got " + image
                    + " and " + map + "; reduce them with PanelPng.toPlane first");
        }
        int h = (int) image.shape()[0];
        int w = (int) image.shape()[1];
        int scale = Math.max(1, PanelPng.MIN_HEIGHT / Math.max(1, h));
        int ph = h * scale;
        int pw = w * scale;
        BufferedImage grey = PanelPng.grey(image);
        BufferedImage overlay = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        float[] m = map.plane(0);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int g = grey.getRaster().getSample(x, y, 0);
                double t = (m[y * w + x] - style.low()) / (style.high() - style.low());
                double a = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
                int[] c = colour(a);
                int r = (int) Math.round(g * (1 - a) + c[0] * a);
                int gg = (int) Math.round(g * (1 - a) + c[1] * a);
                int b = (int) Math.round(g * (1 - a) + c[2] * a);
                overlay.setRGB(x, y, (r << 16) | (gg << 8) | b);
            }
        }
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(font);
        pg.dispose();
        String hi = String.format(Locale.ROOT, "%.3g", style.high());
        String lo = String.format(Locale.ROOT, "%.3g", style.low());
        int labelWidth = Math.max(fm.stringWidth(hi), Math.max(fm.stringWidth(lo), fm.stringWidth(style.unit())));
        int titleHeight = fm.getHeight() + 6;
        int width = GAP + pw + GAP + pw + GAP + BAR + 4 + labelWidth + GAP;
        BufferedImage fig = new BufferedImage(width, titleHeight + ph + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = fig.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, fig.getWidth(), fig.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            g.setColor(Color.BLACK);
            int x0 = GAP;
            int x1 = GAP + pw + GAP;
            g.drawString(style.imageTitle(), x0 + Math.max(0, (pw - fm.stringWidth(style.imageTitle())) / 2),
                    fm.getAscent() + 3);
            g.drawString(style.mapTitle(), x1 + Math.max(0, (pw - fm.stringWidth(style.mapTitle())) / 2),
                    fm.getAscent() + 3);
            g.drawImage(grey, x0, titleHeight, pw, ph, null);
            g.drawImage(overlay, x1, titleHeight, pw, ph, null);
            int xb = x1 + pw + GAP;
            for (int y = 0; y < ph; y++) {
                int[] c = colour(1 - (double) y / Math.max(1, ph - 1));
                g.setColor(new Color(c[0], c[1], c[2]));
                g.drawLine(xb, titleHeight + y, xb + BAR - 1, titleHeight + y);
            }
            g.setColor(Color.BLACK);
            g.drawRect(xb, titleHeight, BAR - 1, ph - 1);
            g.drawString(hi, xb + BAR + 4, titleHeight + fm.getAscent());
            g.drawString(lo, xb + BAR + 4, titleHeight + ph);
            g.drawString(style.unit(), xb + BAR + 4, titleHeight + ph / 2 + fm.getAscent() / 2);
        } finally {
            g.dispose();
        }
        return fig;
    }

    /**
     * Renders the figure and writes it as PNG through a temporary file.
     *
     * @throws FileFormatException naming the file when it exists (without overwrite) or cannot be written
     */
    public static void write(Path file, FloatImage image, FloatImage map, Style style, boolean overwrite)
            throws FileFormatException {
        PanelPng.writePng(file, render(image, map, style), overwrite);
    }
}
