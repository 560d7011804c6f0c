package org.jcare.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

/**
 * {@code Plugins > jcare > Evaluate...}: NRMSE, PSNR and SSIM (CARE paper protocol) of the current image against a
 * ground-truth image, added to the "jcare metrics" table. Recordable:
 * {@code run("Evaluate...", "image=restored.tif ground_truth=gt.tif")}.
 */
public class EvaluatePlugin implements PlugIn {
    @Override
    public void run(String arg) {
        String[] titles = WindowManager.getImageTitles();
        if (titles.length < 2) {
            IJ.error("jcare Evaluate", "open the image to evaluate and its ground truth first");
            return;
        }
        String image;
        String truth;
        String options = Macro.getOptions();
        try {
            if (options != null) {
                image = MacroOptions.required(options, "image", "title of the image to evaluate");
                truth = MacroOptions.required(options, "ground_truth", "title of the ground-truth image");
            } else {
                GenericDialog gd = new GenericDialog("jcare Evaluate");
                ImagePlus current = WindowManager.getCurrentImage();
                gd.addChoice("image", titles, current == null ? titles[0] : current.getTitle());
                gd.addChoice("ground_truth", titles, titles[titles.length > 1 ? 1 : 0]);
                gd.showDialog();
                if (gd.wasCanceled()) {
                    return;
                }
                image = gd.getNextChoice();
                truth = gd.getNextChoice();
            }
        } catch (IllegalArgumentException e) {
            IJ.error("jcare Evaluate", e.getMessage());
            return;
        }
        ImagePlus p = WindowManager.getImage(image);
        ImagePlus g = WindowManager.getImage(truth);
        if (p == null || g == null) {
            IJ.error("jcare Evaluate", "no open image titled " + (p == null ? image : truth));
            return;
        }
        Commands.run("jcare Evaluate", () -> {
            ResultsTable table = ResultsTable.getResultsTable(EvaluateRun.TABLE);
            if (table == null) {
                table = new ResultsTable();
            }
            EvaluateRun.addRow(table, p, g, EvaluateRun.evaluate(p, g));
            table.show(EvaluateRun.TABLE);
        });
    }
}
