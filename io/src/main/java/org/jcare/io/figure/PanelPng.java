package org.jcare.io.figure;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jcare.io.AtomicFiles;
import org.jcare.io.FileFormatException;
import org.jcare.io.image.FloatImage;

/**
 * A PNG of 2D images side by side (for example input | restoration | ground truth), each with its title above it and
 * each shown with its own display range ({@link DisplayRange}: 0.5th to 99.8th percentile, grey, clipped), so that
 * images of different intensity scales are all visible. Panels of different heights are scaled (nearest neighbour) to
 * the tallest, at least {@value #MIN_HEIGHT} pixels, keeping their aspect ratio. Drawn with Java2D, headless, and
 * written by {@link ImageIO} to a temporary file that is renamed when complete.
 */
public final class PanelPng {
    /** Panels are shown at least this tall. */
    public static final int MIN_HEIGHT = 128;
    private static final int GAP = 8;

    private PanelPng() {
    }

    /**
     * One panel.
     *
     * @param title the label above it
     * @param image a 2D image (axes YX); reduce others first with {@link #toPlane}
     */
    public record Panel(String title, FloatImage image) {
    }

    /** How {@link #toPlane} reduces the axes before Y and X. */
    public enum Reduction {
        /** The middle index of every axis but Y and X (size / 2: slice 5 of 11, channel 1 of 2). */
        MIDDLE,
        /** The maximum over every axis but Y and X (a maximum-intensity projection). */
        MAX_PROJECTION
    }

    /**
     * The 2D (YX) image to show for an image with Z, T or C axes.
     *
     * @param image     an image whose last two axes are Y and X
     * @param reduction how to reduce the other axes
     * @return a new YX image (or {@code image} itself when it is already 2D)
     * @throws IllegalArgumentException when the last two axes are not YX
     */
    public static FloatImage toPlane(FloatImage image, Reduction reduction) {
        String axes = image.axes().letters();
        if (!axes.endsWith("YX")) {
            throw new IllegalArgumentException("image of axes " + axes + ": the last two axes must be YX; permute first");
        }
        long[] shape = image.shape();
        long h = shape[shape.length - 2];
        long w = shape[shape.length - 1];
        if (shape.length == 2) {
            return image;
        }
        float[] out;
        if (reduction == Reduction.MIDDLE) {
            long plane = 0;
            for (int i = 0; i < shape.length - 2; i++) {
                plane = plane * shape[i] + shape[i] / 2;
            }
            out = image.plane((int) plane).clone();
        } else {
            out = image.plane(0).clone();
            for (int p = 1; p < image.planeCount(); p++) {
                float[] pl = image.plane(p);
                for (int i = 0; i < out.length; i++) {
                    // NaN-ignoring maximum: a NaN voxel must not blank the projection.
                    if (pl[i] > out[i] || Float.isNaN(out[i])) {
                        out[i] = pl[i];
                    }
                }
            }
        }
        return FloatImage.of("YX", new long[] {h, w}, out).withCalibration(image.calibration());
    }

    /**
     * Renders the panels.
     *
     * @param panels the panels, left to right (at least one, each 2D)
     * @return the figure
     * @throws IllegalArgumentException when there is no panel or one is not 2D
     */
    public static BufferedImage render(List<Panel> panels) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("a panel figure needs at least one panel");
        }
        int height = MIN_HEIGHT;
        for (Panel p : panels) {
            if (p.image().axes().size() != 2) {
                throw new IllegalArgumentException("panel '" + p.title() + "' has axes " + p.image().axes()
                        + "; reduce it to YX with PanelPng.toPlane first");
            }
            height = (int) Math.max(height, p.image().shape()[0]);
        }
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(font);
        pg.dispose();
        int titleHeight = fm.getHeight() + 6;
        int[] widths = new int[panels.size()];
        int total = GAP;
        for (int i = 0; i < widths.length; i++) {
            long[] s = panels.get(i).image().shape();
            widths[i] = (int) Math.max(1, Math.round((double) s[1] * height / s[0]));
            total += widths[i] + GAP;
        }
        BufferedImage fig = new BufferedImage(total, titleHeight + height + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = fig.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, fig.getWidth(), fig.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            int x = GAP;
            for (int i = 0; i < widths.length; i++) {
                Panel p = panels.get(i);
                g.setColor(Color.BLACK);
                String title = p.title() == null ? "" : p.title();
                g.drawString(title, x + Math.max(0, (widths[i] - fm.stringWidth(title)) / 2), fm.getAscent() + 3);
                g.drawImage(grey(p.image()), x, titleHeight, widths[i], height, null);
                x += widths[i] + GAP;
            }
        } finally {
            g.dispose();
        }
        return fig;
    }

    /** The image in grey levels over its own display range. */
    static BufferedImage grey(FloatImage image) {
        long[] s = image.shape();
        int h = (int) s[0];
        int w = (int) s[1];
        float[] v = image.plane(0);
        DisplayRange r = DisplayRange.of(v);
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((java.awt.image.DataBufferByte) b.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < v.length; i++) {
            px[i] = (byte) r.grey(v[i]);
        }
        return b;
    }

    /**
     * Renders the panels and writes them as PNG.
     *
     * @param file      the PNG to create
     * @param panels    the panels, left to right
     * @param overwrite whether an existing file may be replaced
     * @throws FileFormatException naming the file when it exists (without overwrite) or cannot be written
     */
    public static void write(Path file, List<Panel> panels, boolean overwrite) throws FileFormatException {
        BufferedImage fig = render(panels);
        writePng(file, fig, overwrite);
    }

    /** Writes a PNG through a temporary file. */
    static void writePng(Path file, BufferedImage image, boolean overwrite) throws FileFormatException {
        try {
            AtomicFiles.write(file, overwrite, tmp -> {
                if (!ImageIO.write(image, "png", tmp.toFile())) {
                    throw new IOException("no PNG writer in this Java runtime");
                }
            });
        } catch (FileFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new FileFormatException(file, "cannot be written", e);
        }
    }
}
