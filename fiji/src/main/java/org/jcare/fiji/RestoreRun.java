package org.jcare.fiji;

import ij.ImagePlus;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.jcare.engine.Engine;
import org.jcare.io.FileFormatException;
import org.jcare.io.image.FloatImage;
import org.jcare.training.CareModel;
import org.jcare.training.predict.Restoration;

/**
 * The work of {@code Restore...} without any window: the image in, new images out (the restoration, and the scale of
 * a probabilistic model when asked), with the input's calibration and a title naming the model.
 */
public final class RestoreRun {
    private RestoreRun() {
    }

    /**
     * Restores {@code imp} with the model of {@code s}.
     *
     * @throws FileFormatException      when the model cannot be read
     * @throws IllegalArgumentException when the image does not fit the model
     * @throws Feedback.Cancelled       when the user cancelled
     */
    public static List<ImagePlus> restore(ImagePlus imp, RestoreSettings s, Feedback f) throws IOException {
        if (!Files.exists(s.model())) {
            throw new FileFormatException(s.model(), "does not exist; choose a model folder (or .zip)");
        }
        FloatImage image = ImagePlusImages.toFloatImage(imp);
        f.status("opening the device and the model");
        try (Engine engine = Engine.open(s.deviceSpec());
             CareModel model = CareModel.load(engine, s.model())) {
            f.status("restoring " + imp.getTitle() + " on " + engine.device().name());
            Restoration r = model.predict(image, s.predictOptions(), (done, total) -> {
                f.progress(done, total);
                f.checkCancelled();
            });
            String base = baseName(imp.getTitle()) + "-" + modelName(s);
            List<ImagePlus> out = new ArrayList<>();
            out.add(ImagePlusImages.toImagePlus(r.mean(), base, imp.getCalibration()));
            if (s.scale() && r.isProbabilistic()) {
                out.add(ImagePlusImages.toImagePlus(r.scale(), base + "-scale", imp.getCalibration()));
            }
            f.status("restored " + imp.getTitle() + " (" + describe(r.tilesPerAxis()) + " tiles)");
            return out;
        }
    }

    static String baseName(String title) {
        int dot = title.lastIndexOf('.');
        return dot > 0 ? title.substring(0, dot) : title;
    }

    static String modelName(RestoreSettings s) {
        String n = s.model().toAbsolutePath().normalize().getFileName().toString();
        return n.toLowerCase(java.util.Locale.ROOT).endsWith(".zip") ? n.substring(0, n.length() - 4) : n;
    }

    private static String describe(int[] tiles) {
        StringBuilder sb = new StringBuilder();
        for (int t : tiles) {
            sb.append(sb.length() == 0 ? "" : "x").append(t);
        }
        return sb.toString();
    }
}
