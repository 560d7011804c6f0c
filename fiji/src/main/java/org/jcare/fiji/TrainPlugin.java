package org.jcare.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.nio.file.Path;
import java.util.List;
import org.jcare.training.loop.EpochResult;

/**
 * {@code Plugins > jcare > Train...}: trains a CARE network on a pair of open images (low and high quality) and
 * writes the model folder, which {@code Restore...} and {@code jcare predict} then use. Recordable (see
 * {@link TrainSettings}).
 */
public class TrainPlugin implements PlugIn {
    static final String PREF_MODEL = "jcare.train.model";

    @Override
    public void run(String arg) {
        String[] titles = WindowManager.getImageTitles();
        if (titles.length < 2) {
            IJ.error("jcare Train", "open a low-quality image and its high-quality counterpart first");
            return;
        }
        TrainSettings s;
        try {
            String options = Macro.getOptions();
            s = options != null ? TrainSettings.fromMacroOptions(options) : dialog(titles);
        } catch (IllegalArgumentException e) {
            IJ.error("jcare Train", e.getMessage());
            return;
        }
        if (s == null) {
            return;
        }
        ImagePlus source = WindowManager.getImage(s.source());
        ImagePlus target = WindowManager.getImage(s.target());
        if (source == null || target == null) {
            IJ.error("jcare Train", "no open image titled " + (source == null ? s.source() : s.target()));
            return;
        }
        Prefs.set(PREF_MODEL, s.model().toString());
        Commands.run("jcare Train", () -> {
            List<EpochResult> h = TrainRun.train(source, target, s, new ImageJFeedback("jcare Train"));
            EpochResult best = h.stream().min((a, b) -> Double.compare(a.valLoss(), b.valLoss())).orElseThrow();
            IJ.log("jcare Train: " + h.size() + " epochs, best val_loss " + best.valLoss() + " (epoch " + best.epoch()
                    + "); model in " + s.model());
            IJ.showStatus("jcare Train: model saved in " + s.model());
        });
    }

    private static TrainSettings dialog(String[] titles) {
        GenericDialog gd = new GenericDialog("jcare Train");
        gd.addChoice("source (low quality)", titles, titles[0]);
        gd.addChoice("target (high quality)", titles, titles[1]);
        gd.addDirectoryField("model folder to write", Prefs.get(PREF_MODEL, ""), 40);
        gd.addNumericField("patch_size", 64, 0);
        gd.addNumericField("patches_per_image", 200, 0);
        gd.addNumericField("epochs", 10, 0);
        gd.addNumericField("steps_per_epoch", 100, 0);
        gd.addNumericField("batch_size", 16, 0);
        gd.addNumericField("unet_n_first", 32, 0);
        gd.addNumericField("unet_n_depth", 2, 0);
        gd.addNumericField("unet_kern_size", 3, 0);
        gd.addCheckbox("probabilistic", false);
        gd.addChoice("device", RestorePlugin.deviceChoices(), "auto");
        gd.addNumericField("seed", 42, 0);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        return new TrainSettings(gd.getNextChoice(), gd.getNextChoice(), Path.of(gd.getNextString()),
                (int) gd.getNextNumber(), (int) gd.getNextNumber(), (int) gd.getNextNumber(), (int) gd.getNextNumber(),
                (int) gd.getNextNumber(), (int) gd.getNextNumber(), (int) gd.getNextNumber(), (int) gd.getNextNumber(),
                gd.getNextBoolean(), gd.getNextChoice(), (long) gd.getNextNumber());
    }
}
