package org.jcare.io.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.jcare.io.FileFormatException;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A reliability diagram drawn with JFreeChart: for each model, the observed coverage of its central intervals
 * against their nominal level, with the diagonal of perfect calibration (a curve below it is over-confident: its
 * intervals are too narrow).
 */
public final class ReliabilityPng {
    private ReliabilityPng() {
    }

    /**
     * One model's curve.
     *
     * @param label      the legend entry, for example "ensemble (ECE 0.021)"
     * @param nominal    the nominal levels in [0, 1]
     * @param observed   the observed coverage at each level
     * @param emphasized drawn bold in a strong colour (for example the ensemble), else thin and light (members)
     * @param dashed     drawn dashed (for example a model before recalibration)
     */
    public record Curve(String label, double[] nominal, double[] observed, boolean emphasized, boolean dashed) {
        /** Checks the lengths. */
        public Curve {
            if (nominal.length != observed.length || nominal.length == 0) {
                throw new IllegalArgumentException("curve '" + label + "' has " + nominal.length + " levels and "
                        + observed.length + " coverages");
            }
        }
    }

    /** Renders the curves ({@code width x height} pixels). */
    public static BufferedImage render(String title, List<Curve> curves, int width, int height) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries diagonal = new XYSeries("perfect calibration");
        diagonal.add(0, 0);
        diagonal.add(1, 1);
        data.addSeries(diagonal);
        for (Curve c : curves) {
            XYSeries s = new XYSeries(c.label());
            s.add(0, 0);
            for (int i = 0; i < c.nominal().length; i++) {
                s.add(c.nominal()[i], c.observed()[i]);
            }
            s.add(1, 1);
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "nominal coverage of the central interval",
                "observed coverage", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getDomainAxis().setRange(0, 1);
        plot.getRangeAxis().setRange(0, 1);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setSeriesPaint(0, Color.GRAY);
        r.setSeriesStroke(0, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        r.setSeriesShapesVisible(0, false);
        Color[] strong = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
            new Color(148, 103, 189)};
        Color[] light = {new Color(158, 202, 225), new Color(252, 174, 145), new Color(161, 217, 155),
            new Color(218, 218, 235), new Color(253, 208, 162)};
        int nStrong = 0;
        int nLight = 0;
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            float stroke = c.emphasized() ? 2.5f : 1.2f;
            Color colour = c.emphasized() ? strong[nStrong++ % strong.length] : light[nLight++ % light.length];
            r.setSeriesPaint(i + 1, colour);
            r.setSeriesStroke(i + 1, c.dashed() ? new BasicStroke(stroke, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                    10f, new float[] {7f, 4f}, 0f) : new BasicStroke(stroke));
            r.setSeriesShapesVisible(i + 1, c.emphasized());
        }
        plot.setRenderer(r);
        chart.setBackgroundPaint(Color.WHITE);
        return chart.createBufferedImage(width, height);
    }

    /**
     * Renders the curves (700 x 600) and writes them as PNG through a temporary file.
     *
     * @throws FileFormatException naming the file when it exists (without overwrite) or cannot be written
     */
    public static void write(Path file, String title, List<Curve> curves, boolean overwrite)
            throws FileFormatException {
        PanelPng.writePng(file, render(title, curves, 700, 600), overwrite);
    }
}
