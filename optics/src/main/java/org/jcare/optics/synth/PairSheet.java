package org.jcare.optics.synth;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jcare.io.AtomicFiles;
import org.jcare.io.FileFormatException;
import org.jcare.io.figure.PanelPng;
import org.jcare.io.image.FloatImage;

/**
 * A PNG contact sheet of example pairs: one row per pair, the simulated widefield input beside its target (the
 * middle plane of 3D pairs), each shown over its own display range.
 */
public final class PairSheet {
    private PairSheet() {
    }

    /**
     * Renders up to {@code rows} pairs.
     *
     * @throws IllegalArgumentException when there is no pair
     */
    public static BufferedImage render(List<SyntheticPair> pairs, SynthSettings settings, int rows) {
        int n = Math.min(rows, pairs.size());
        if (n < 1) {
            throw new IllegalArgumentException("a pair sheet needs at least one pair");
        }
        int[] p = settings.targetPatch(); // inputs are on the target grid (zoomed when the settings upsample)
        List<BufferedImage> images = new ArrayList<>();
        int width = 0;
        int height = 0;
        for (int i = 0; i < n; i++) {
            SyntheticPair pair = pairs.get(i);
            String info = String.format(java.util.Locale.ROOT, "#%d, %.0f photons", pair.parameters().index(),
                    pair.parameters().photons());
            BufferedImage row = PanelPng.render(List.of(new PanelPng.Panel("input " + info, plane(pair.input(), p)),
                    new PanelPng.Panel("target", plane(pair.target(), p))));
            images.add(row);
            width = Math.max(width, row.getWidth());
            height += row.getHeight();
        }
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int y = 0;
            for (BufferedImage row : images) {
                g.drawImage(row, 0, y, null);
                y += row.getHeight();
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /**
     * Renders and writes the sheet as PNG (temporary name, then renamed).
     *
     * @throws FileFormatException naming the file when it exists without {@code overwrite} or cannot be written
     */
    public static void write(Path file, List<SyntheticPair> pairs, SynthSettings settings, int rows, boolean overwrite)
            throws FileFormatException {
        BufferedImage sheet = render(pairs, settings, rows);
        try {
            AtomicFiles.write(file, overwrite, tmp -> {
                if (!ImageIO.write(sheet, "png", tmp.toFile())) {
                    throw new IOException("no PNG writer in this Java runtime");
                }
            });
        } catch (FileFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new FileFormatException(file, "cannot be written", e);
        }
    }

    private static FloatImage plane(float[] v, int[] p) {
        int ps = p[1] * p[2];
        float[] mid = java.util.Arrays.copyOfRange(v, p[0] / 2 * ps, (p[0] / 2 + 1) * ps);
        return FloatImage.of("YX", new long[] {p[1], p[2]}, mid);
    }
}
