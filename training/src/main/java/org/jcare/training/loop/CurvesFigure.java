package org.jcare.training.loop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.jcare.io.figure.CurvePng;
import org.jcare.io.figure.TrainingCurves;

/**
 * The training history as a picture ({@code training_curves.png} in the model folder): loss and val_loss per epoch,
 * learning-rate changes marked, a logarithmic loss axis when every loss is positive. It is written inside each
 * checkpoint folder, so a run killed at any moment leaves a checkpoint whose curves match its history.
 */
public final class CurvesFigure {
    /** The PNG's file name in the model folder. */
    public static final String FILE_NAME = "training_curves.png";

    private CurvesFigure() {
    }

    /** The curves of {@code history}. */
    public static TrainingCurves curves(List<EpochResult> history) {
        int n = history.size();
        double[] e = new double[n];
        double[] l = new double[n];
        double[] v = new double[n];
        double[] lr = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = history.get(i).epoch();
            l[i] = history.get(i).loss();
            v[i] = history.get(i).valLoss();
            lr[i] = history.get(i).learningRate();
        }
        return new TrainingCurves(e, l, v, lr);
    }

    /** A logarithmic loss axis when every loss is positive (not so for the Laplace loss). */
    public static CurvePng.Style style(List<EpochResult> history) {
        boolean positive = history.stream().allMatch(r -> r.loss() > 0 && r.valLoss() > 0);
        return CurvePng.Style.DEFAULT.withLogY(positive);
    }

    /**
     * The PNG bytes of {@code history}.
     *
     * @throws IOException when the picture cannot be encoded
     */
    public static byte[] png(List<EpochResult> history) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(CurvePng.render(curves(history), style(history)), "png", out)) {
            throw new IOException("no PNG writer available");
        }
        return out.toByteArray();
    }
}
