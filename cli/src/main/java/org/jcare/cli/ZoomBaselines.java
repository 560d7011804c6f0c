package org.jcare.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jcare.io.image.FloatImage;
import org.jcare.training.eval.Metrics.ImageMetrics;
import org.jcare.optics.resample.ScipyZoom;

/**
 * The classical baseline of the isotropic and upsampling tasks: the anisotropic input zoomed along Z (a lateral
 * upsampling model's input along Y and X) by the factor
 * with scipy's linear (order 1) and cubic (order 3, B-spline with prefilter, the CSBDeep notebook's) interpolation,
 * scored against the ground truth with the same metrics as the restoration, so a user sees what CARE adds.
 */
final class ZoomBaselines {
    /** The CSV's file name in the output folder. */
    static final String CSV = "baselines.csv";

    /**
     * One image.
     *
     * @param name     the image's name
     * @param linear   metrics of the linear zoom
     * @param cubic    metrics of the cubic zoom
     * @param restored metrics of the restoration, or null (baselines only)
     */
    record Row(String name, ImageMetrics linear, ImageMetrics cubic, ImageMetrics restored) {
    }

    private ZoomBaselines() {
    }

    /** The input zoomed along Z by {@code factor} with spline {@code order}. */
    static FloatImage zoom(FloatImage input, double factor, int order, Path inputFile) {
        if (!input.axes().has('Z')) {
            throw new BadInputException(inputFile + " has no Z axis (axes " + input.axes() + "); give --axes with Z");
        }
        return ScipyZoom.zoomAxis(input, 'Z', factor, order);
    }

    /** The input zoomed along Y, then X by {@code factor} with spline {@code order} (a lateral upsampling model's). */
    static FloatImage zoomLateral(FloatImage input, double factor, int order) {
        return ScipyZoom.zoomLateral(input, factor, order);
    }

    /** The baseline row of one image. */
    static Row of(String name, FloatImage input, FloatImage truth, ImageMetrics restored, double factor, Path inputFile,
                  Path truthFile) {
        return of(name, input, truth, restored, factor, "Z", inputFile, truthFile);
    }

    /** The baseline row of one image for a model that upsamples {@code axes} ("Z" or "YX"). */
    static Row of(String name, FloatImage input, FloatImage truth, ImageMetrics restored, double factor, String axes,
                  Path inputFile, Path truthFile) {
        boolean lateral = axes.equals("YX");
        ImageMetrics linear = EvaluateCommand.metrics(truth, lateral ? zoomLateral(input, factor, 1)
                : zoom(input, factor, 1, inputFile), truthFile, inputFile);
        ImageMetrics cubic = EvaluateCommand.metrics(truth, lateral ? zoomLateral(input, factor, 3)
                : zoom(input, factor, 3, inputFile), truthFile, inputFile);
        return new Row(name, linear, cubic, restored);
    }

    /** A text table: per image PSNR and SSIM of both zooms and of the restoration. */
    static String format(List<Row> rows, double factor) {
        return format(rows, factor, "Z");
    }

    /** A text table for zooms along {@code axes}. */
    static String format(List<Row> rows, double factor, String axes) {
        int w = Math.max(5, rows.stream().mapToInt(r -> r.name().length()).max().orElse(5));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "classical baseline: the input zoomed along %s"
                + " by %s (scipy linear / cubic)%n", axes, factor));
        sb.append(String.format(Locale.ROOT, "%-" + w + "s  %16s  %16s  %16s%n", "image", "linear PSNR/SSIM",
                "cubic PSNR/SSIM", "CARE PSNR/SSIM"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s  %16s  %16s  %16s%n", r.name(), pair(r.linear()),
                    pair(r.cubic()), r.restored() == null ? "" : pair(r.restored())));
        }
        return sb.toString();
    }

    /** CSV: image, then NRMSE, PSNR, SSIM of linear zoom, cubic zoom and the restoration. */
    static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("image,linear_nrmse,linear_psnr,linear_ssim,cubic_nrmse,cubic_psnr,"
                + "cubic_ssim,restored_nrmse,restored_psnr,restored_ssim\n");
        for (Row r : rows) {
            sb.append(r.name().contains(",") ? "\"" + r.name() + "\"" : r.name()).append(',')
                    .append(values(r.linear())).append(',').append(values(r.cubic())).append(',')
                    .append(values(r.restored())).append('\n');
        }
        return sb.toString();
    }

    private static String pair(ImageMetrics m) {
        return String.format(Locale.ROOT, "%.2f / %.4f", m.psnr(), m.ssim());
    }

    private static String values(ImageMetrics m) {
        return m == null ? ",," : m.nrmse() + "," + m.psnr() + "," + m.ssim();
    }
}
