package org.jcare.io.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;
import org.jcare.io.FileFormatException;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A PNG of training curves drawn with JFreeChart: loss and validation loss per epoch, the y axis linear or
 * logarithmic, and optionally a dashed vertical marker labelled with the new learning rate wherever it changes.
 */
public final class CurvePng {
    private CurvePng() {
    }

    /**
     * How to draw.
     *
     * @param width               image width in pixels
     * @param height              image height in pixels
     * @param logY                logarithmic y axis (every loss must then be positive)
     * @param learningRateMarkers mark the epochs where the learning rate changes
     * @param title               chart title
     */
    public record Style(int width, int height, boolean logY, boolean learningRateMarkers, String title) {
        /** 800 x 500, linear, with learning-rate markers, titled "Training". */
        public static final Style DEFAULT = new Style(800, 500, false, true, "Training");

        /** This style with a logarithmic (or linear) y axis. */
        public Style withLogY(boolean log) {
            return new Style(width, height, log, learningRateMarkers, title);
        }
    }

    /**
     * Draws the curves.
     *
     * @param curves the history
     * @param style  how to draw
     * @return the chart image
     * @throws IllegalArgumentException when a logarithmic axis meets a loss that is not positive
     */
    public static BufferedImage render(TrainingCurves curves, Style style) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries loss = new XYSeries("loss");
        XYSeries val = new XYSeries("val_loss");
        double[] e = curves.epochs();
        for (int i = 0; i < e.length; i++) {
            add(loss, e[i], curves.loss()[i], style.logY(), "loss");
            if (curves.valLoss().length > 0) {
                add(val, e[i], curves.valLoss()[i], style.logY(), "val_loss");
            }
        }
        data.addSeries(loss);
        if (curves.valLoss().length > 0) {
            data.addSeries(val);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(style.title(), "epoch", "loss", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, e.length <= 50);
        renderer.setSeriesPaint(0, new Color(31, 119, 180));
        renderer.setSeriesPaint(1, new Color(255, 127, 14));
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        plot.setRenderer(renderer);
        if (style.logY()) {
            LogAxis axis = new LogAxis("loss (log scale)");
            axis.setSmallestValue(1e-12);
            // Plain numbers ("6.3E-2") rather than JFreeChart's default fractional powers of ten ("10^-1.2").
            axis.setNumberFormatOverride(new java.text.DecimalFormat("0.0#E0"));
            plot.setRangeAxis(axis);
        } else {
            ((org.jfree.chart.axis.NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        }
        if (style.learningRateMarkers() && curves.learningRate().length > 1) {
            double[] lr = curves.learningRate();
            for (int i = 1; i < lr.length; i++) {
                if (lr[i] != lr[i - 1] && !Double.isNaN(lr[i])) {
                    ValueMarker m = new ValueMarker(e[i], Color.GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                            BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
                    m.setLabel(String.format(Locale.ROOT, "lr %.2g", lr[i]));
                    m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                    m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
                    plot.addDomainMarker(m);
                }
            }
        }
        return chart.createBufferedImage(style.width(), style.height(), BufferedImage.TYPE_INT_RGB, null);
    }

    private static void add(XYSeries s, double x, double y, boolean log, String name) {
        if (log && !(y > 0) && !Double.isNaN(y)) {
            throw new IllegalArgumentException(name + " at epoch " + x + " is " + y
                    + ", which a logarithmic axis cannot show; draw with a linear axis");
        }
        if (Double.isFinite(y)) {
            s.add(x, y);
        }
    }

    /**
     * Draws the curves and writes them as PNG through a temporary file.
     *
     * @param file      the PNG to create
     * @param curves    the history
     * @param style     how to draw
     * @param overwrite whether an existing file may be replaced
     * @throws FileFormatException naming the file when it exists (without overwrite) or cannot be written
     */
    public static void write(Path file, TrainingCurves curves, Style style, boolean overwrite)
            throws FileFormatException {
        PanelPng.writePng(file, render(curves, style), overwrite);
    }
}
