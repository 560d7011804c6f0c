package org.jcare.fiji;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import java.util.Arrays;
import org.jcare.io.image.FloatImage;
import org.jcare.training.eval.Metrics;

/**
 * The work of {@code Evaluate...}: NRMSE, PSNR and SSIM of an image against a ground truth with the CARE paper's
 * protocol (jcare's {@link Metrics}, as {@code jcare evaluate}), as a row of ImageJ's results table.
 */
public final class EvaluateRun {
    /** The title of the results table. */
    public static final String TABLE = "jcare metrics";

    private EvaluateRun() {
    }

    /**
     * The metrics of {@code prediction} against {@code groundTruth}.
     *
     * @throws IllegalArgumentException when the images differ in size
     */
    public static Metrics.ImageMetrics evaluate(ImagePlus prediction, ImagePlus groundTruth) {
        FloatImage p = ImagePlusImages.toFloatImage(prediction);
        FloatImage g = ImagePlusImages.toFloatImage(groundTruth);
        if (!Arrays.equals(p.shape(), g.shape())) {
            throw new IllegalArgumentException(prediction.getTitle() + " is " + Arrays.toString(p.shape()) + " but "
                    + groundTruth.getTitle() + " is " + Arrays.toString(g.shape()) + "; compare images of one size");
        }
        return Metrics.evaluate(g, p);
    }

    /** Adds a row for {@code m} to {@code table}. */
    public static void addRow(ResultsTable table, ImagePlus prediction, ImagePlus groundTruth, Metrics.ImageMetrics m) {
        table.incrementCounter();
        table.addValue("image", prediction.getTitle());
        table.addValue("ground truth", groundTruth.getTitle());
        table.addValue("NRMSE", m.nrmse());
        table.addValue("PSNR", m.psnr());
        table.addValue("SSIM", m.ssim());
    }
}
