package org.jcare.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Prefs;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jcare.engine.cl.DeviceInfo;
import org.jcare.engine.cl.Devices;
import org.jcare.training.predict.PercentileNormalizer;

/**
 * {@code Plugins > jcare > Restore...}: restores the current image with a CARE model (jcare, CSBDeep or Model Zoo) and
 * shows the result as a new image. Recordable: {@code run("Restore...", "model=[/models/denoise] tiles=auto")}.
 */
public class RestorePlugin implements PlugIn {
    static final String PREF_MODEL = "jcare.restore.model";

    @Override
    public void run(String arg) {
        ImagePlus imp = IJ.getImage();
        if (imp == null) {
            return;
        }
        RestoreSettings s;
        try {
            String options = Macro.getOptions();
            s = options != null ? RestoreSettings.fromMacroOptions(options) : dialog();
        } catch (IllegalArgumentException e) {
            IJ.error("jcare Restore", e.getMessage());
            return;
        }
        if (s == null) {
            return;
        }
        Prefs.set(PREF_MODEL, s.model().toString());
        Commands.run("jcare Restore", () -> RestoreRun.restore(imp, s, new ImageJFeedback("jcare Restore"))
                .forEach(ImagePlus::show));
    }

    private static RestoreSettings dialog() {
        GenericDialog gd = new GenericDialog("jcare Restore");
        gd.addDirectoryField("Model (folder or .zip)", Prefs.get(PREF_MODEL, ""), 40);
        gd.addStringField("Tiles (auto or counts per axis)", "auto", 12);
        gd.addChoice("Device", deviceChoices(), "auto");
        gd.addNumericField("pmin (normalization percentile)", PercentileNormalizer.DEFAULT_PMIN, 1);
        gd.addNumericField("pmax", PercentileNormalizer.DEFAULT_PMAX, 1);
        gd.addCheckbox("Scale image (probabilistic models)", false);
        gd.addHelp("https://github.com/jcare#fiji");
        gd.showDialog();
        if (gd.wasCanceled()) {
            return null;
        }
        return new RestoreSettings(Path.of(gd.getNextString()), gd.getNextString(), gd.getNextChoice(),
                gd.getNextNumber(), gd.getNextNumber(), gd.getNextBoolean());
    }

    /** "auto" and every OpenCL device by index and name. */
    static String[] deviceChoices() {
        List<String> c = new ArrayList<>(List.of("auto", "gpu", "cpu"));
        try {
            List<DeviceInfo> devices = Devices.list();
            for (int i = 0; i < devices.size(); i++) {
                c.add(Integer.toString(i));
            }
        } catch (RuntimeException e) {
            // no OpenCL platform: the command will say so when it runs
        }
        return c.toArray(new String[0]);
    }
}
