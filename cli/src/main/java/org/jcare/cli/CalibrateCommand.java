package org.jcare.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jcare.engine.Engine;
import org.jcare.io.tiff.TiffReader;
import org.jcare.training.CareEnsemble;
import org.jcare.training.ensemble.EnsembleManifest;
import org.jcare.training.eval.CalibrationReport;
import org.jcare.training.eval.ScaleRecalibration;
import org.jcare.training.predict.PredictOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jcare calibrate}: fits a probabilistic model's (or ensemble's) Laplace scale factor on pairs of images with
 * ground truth that it did not train on, by maximum likelihood under the paper's normalization protocol, and stores it
 * in the model (config.json; for an ensemble the mixture's factor in ensemble.json and each member's own in its
 * config.json), where prediction applies it. Prints the calibration on those pairs before and after.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = "jcare calibrate --model MODEL_DIR --input PATH --ground-truth PATH [OPTIONS]",
        description = {"Recalibrate a probabilistic model or ensemble on image pairs it did not train on: one factor"
            + " for its Laplace scales, fitted by maximum likelihood and stored in the model folder (prediction applies"
            + " it). Shows the calibration error before and after on the pairs.",
            "Example: jcare calibrate --model models/ensemble --input calib/low --ground-truth calib/GT"})
final class CalibrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Jcare root;

    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR",
            description = "A probabilistic model folder or ensemble folder (changed in place).")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "Noisy images: a file, folder or glob.")
    String input;

    @Option(names = "--ground-truth", required = true, paramLabel = "PATH",
            description = "Ground-truth image or folder (matched by file name).")
    String groundTruth;

    @Option(names = "--pattern", paramLabel = "GLOB", defaultValue = InputFiles.DEFAULT_PATTERN,
            description = "File names taken from folders (default: ${DEFAULT-VALUE}).")
    String pattern;

    @Option(names = "--reset", description = "Remove stored scale factors instead of fitting new ones.")
    boolean reset;

    @Option(names = "--factor", paramLabel = "F",
            description = "Isotropic and upsampling models: the Z factor of these images (default: the model's).")
    Double factor;

    @Mixin
    RestoreOptions restore;

    @Mixin
    ComputeOptions compute;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(model)) {
            throw new BadInputException("--model " + model + ": no such model or ensemble folder (a zipped model"
                    + " cannot be changed in place: unzip it first)");
        }
        restore.tileCounts();
        List<Path> inputs = InputFiles.expand(input, pattern, "--input");
        Map<Path, Path> gt = EvaluateCommand.match(inputs, groundTruth, "--ground-truth");
        try (Engine engine = compute.open(err);
             CalibrationPredictions p = CalibrationPredictions.open(engine, model).withZFactor(factor)) {
            List<Path> folders = memberFolders(p);
            if (reset) {
                for (Path f : folders) {
                    ScaleRecalibration.store(f, null);
                }
                if (p.isEnsemble()) {
                    p.ensemble().storeScaleFactor(null);
                }
                out.println("removed the scale factors of " + model);
                return 0;
            }
            PredictOptions options = restore.toPredictOptions(p.nDim());
            List<CalibrationPredictions.Image> images = new ArrayList<>();
            TiffReader reader = new TiffReader();
            for (Path f : inputs) {
                images.add(p.predict(reader.read(f, restore.axesOverride()), reader.read(gt.get(f)), options, f,
                        gt.get(f)));
            }
            int m = p.members();
            double[] own = new double[m];
            for (int k = 0; k < m; k++) {
                own[k] = fit(images, k, false);
            }
            double mixture = p.isEnsemble() ? fit(images, -1, true) : 1;
            CalibrationReport before = new CalibrationReport(engine, p.memberFactors(), p.ensembleFactor(), true);
            CalibrationReport after = new CalibrationReport(engine, own, mixture, false);
            for (CalibrationPredictions.Image img : images) {
                before.add(img.truth(), img.mu(), img.b());
                after.add(img.truth(), img.mu(), img.b());
            }
            for (int k = 0; k < m; k++) {
                ScaleRecalibration.store(folders.get(k), own[k]);
            }
            if (p.isEnsemble()) {
                p.ensemble().storeScaleFactor(mixture);
            }
            out.println("before (stored factors, and without them):");
            out.print(CalibrationReport.table(before.rows()));
            out.println("after:");
            out.print(CalibrationReport.table(after.rows()));
            if (p.isEnsemble()) {
                out.println(String.format(Locale.ROOT, "stored: the mixture's scale factor %.4g in %s; member factors"
                        + " %s in their config.json", mixture, model.resolve(EnsembleManifest.FILE), describe(own)));
            } else {
                out.println(String.format(Locale.ROOT, "stored: scale factor %.4g in %s", own[0],
                        model.resolve("config.json")));
            }
            out.println("(fitted on " + inputs.size() + " image pair" + (inputs.size() == 1 ? "" : "s") + ": judge it"
                    + " on other pairs with jcare evaluate --calibration)");
            out.flush();
        }
        return 0;
    }

    /** The folders whose config.json holds each member's factor (the model folder itself for one model). */
    private List<Path> memberFolders(CalibrationPredictions p) {
        if (!p.isEnsemble()) {
            return List.of(model);
        }
        CareEnsemble e = p.ensemble();
        return e.manifest().members().stream().map(mem -> model.resolve(mem.folder())).toList();
    }

    /** The maximum-likelihood factor of member {@code k} alone, or of the mixture ({@code k < 0}), over all images. */
    private static double fit(List<CalibrationPredictions.Image> images, int k, boolean mixture) {
        int members = images.get(0).mu().length;
        int n = images.stream().mapToInt(i -> i.truth().length).sum();
        int count = mixture ? members : 1;
        float[][] mu = new float[count][n];
        float[][] b = new float[count][n];
        float[] y = new float[n];
        int at = 0;
        for (CalibrationPredictions.Image img : images) {
            CalibrationReport.ProtocolUnits u = CalibrationReport.ProtocolUnits.of(img.truth(), img.mu(), img.b(),
                    mixture);
            int len = u.truth().length;
            System.arraycopy(u.truth(), 0, y, at, len);
            for (int j = 0; j < count; j++) {
                int src = mixture ? j : k;
                System.arraycopy(u.mu()[src], 0, mu[j], at, len);
                System.arraycopy(u.b()[src], 0, b[j], at, len);
            }
            at += len;
        }
        return mixture ? ScaleRecalibration.fitMixture(mu, b, y) : ScaleRecalibration.fitLaplace(mu[0], b[0], y);
    }

    private static String describe(double[] f) {
        StringBuilder s = new StringBuilder();
        for (double v : f) {
            s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", v));
        }
        return s.toString();
    }
}
