package org.jcare.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jcare.engine.Engine;
import org.jcare.io.AtomicFiles;
import org.jcare.io.figure.ReliabilityPng;
import org.jcare.io.tiff.TiffReader;
import org.jcare.training.eval.CalibrationReport;
import org.jcare.training.predict.PredictOptions;

/**
 * {@code jcare evaluate --calibration}: how well a probabilistic model's or ensemble's predicted distributions match
 * the ground truth (coverage of central intervals against their nominal level, ECE, quantile calibration error; see
 * {@link org.jcare.training.eval.Calibration}), for each member and the ensemble, on all pixels and on the
 * foreground, under the paper's normalization protocol; {@code calibration.csv} and reliability diagrams
 * ({@code reliability.png}, {@code reliability_foreground.png}) in the output folder.
 */
final class CalibrationRun {
    /** The CSV's file name. */
    static final String CSV = "calibration.csv";

    private final EvaluateCommand cmd;

    CalibrationRun(EvaluateCommand cmd) {
        this.cmd = cmd;
    }

    int call() throws Exception {
        PrintWriter stdout = cmd.spec.commandLine().getOut();
        PrintWriter err = cmd.spec.commandLine().getErr();
        if (cmd.model == null || cmd.input == null || cmd.prediction != null) {
            throw new BadInputException("--calibration needs --model (a probabilistic model or ensemble) and --input:"
                    + " restored files hold no distributions to calibrate");
        }
        if (!Files.exists(cmd.model)) {
            throw new BadInputException("--model " + cmd.model + ": no such model folder or zip");
        }
        cmd.restore.tileCounts();
        List<Path> inputs = InputFiles.expand(cmd.input, cmd.pattern, "--input");
        Map<Path, Path> gt = EvaluateCommand.match(inputs, cmd.groundTruth, "--ground-truth");
        List<Path> all = new ArrayList<>(inputs);
        all.addAll(gt.values());
        try (Outputs outputs = new Outputs(cmd.overwrite, all)) {
            Path csv = outputs.claimFile(cmd.out.resolve(CSV));
            Path png = outputs.claimFile(cmd.out.resolve("reliability.png"));
            Path pngFg = outputs.claimFile(cmd.out.resolve("reliability_foreground.png"));
            outputs.folder(cmd.out);
            List<CalibrationReport.Row> rows;
            try (Engine engine = cmd.compute.open(err);
                 CalibrationPredictions model = CalibrationPredictions.open(engine, cmd.model)
                         .withZFactor(cmd.factor)) {
                PredictOptions options = cmd.restore.toPredictOptions(model.nDim());
                CalibrationReport report = new CalibrationReport(engine, model.memberFactors(),
                        model.ensembleFactor(), true);
                TiffReader reader = new TiffReader();
                try (Progress bar = Progress.start("calibration", inputs.size(), 0, err, cmd.root.interactive, null)) {
                    for (int i = 0; i < inputs.size(); i++) {
                        Path f = inputs.get(i);
                        CalibrationPredictions.Image img = model.predict(reader.read(f, cmd.restore.axesOverride()),
                                reader.read(gt.get(f)), options, f, gt.get(f));
                        report.add(img.truth(), img.mu(), img.b());
                        bar.update(i + 1, f.getFileName().toString());
                    }
                }
                rows = report.rows();
            }
            String text = CalibrationReport.csv(rows);
            AtomicFiles.write(csv, cmd.overwrite, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
            outputs.written(csv);
            ReliabilityPng.write(png, "Calibration on all pixels", curves(rows, "all"), cmd.overwrite);
            outputs.written(png);
            ReliabilityPng.write(pngFg, "Calibration on foreground pixels", curves(rows, "foreground"),
                    cmd.overwrite);
            outputs.written(pngFg);
            outputs.commit();
            stdout.print(CalibrationReport.table(rows));
            stdout.println("calibration: " + csv);
            stdout.println("diagrams:    " + png + ", " + pngFg);
            stdout.flush();
        }
        return 0;
    }

    /** The reliability curves of the rows on {@code pixels}, labelled with their ECE. */
    static List<ReliabilityPng.Curve> curves(List<CalibrationReport.Row> rows, String pixels) {
        List<ReliabilityPng.Curve> out = new ArrayList<>();
        for (CalibrationReport.Row r : rows) {
            if (r.pixels().equals(pixels)) {
                out.add(new ReliabilityPng.Curve(String.format(Locale.ROOT, "%s (ECE %.3f)", r.model(),
                        r.result().ece()), r.result().levels(), r.result().coverage(), !r.model().startsWith("member"),
                        r.model().endsWith("(raw)")));
            }
        }
        return out;
    }
}
