package org.jcare.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jcare.engine.Engine;
import org.jcare.io.AtomicFiles;
import org.jcare.io.figure.PanelPng;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;
import org.jcare.training.CareModel;
import org.jcare.training.eval.Metrics;
import org.jcare.training.eval.Metrics.ImageMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jcare evaluate}: restorations against ground truth, matched by file name: NRMSE, PSNR and SSIM per image
 * (the CARE paper's protocol: percentile-normalized ground truth, least-squares fit of the image), for the input and
 * the restoration; a table on stdout, {@code metrics.csv} and one PNG panel per image in the output folder.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = {"jcare evaluate --prediction PATH [--input PATH] --ground-truth PATH --out DIR [OPTIONS]",
            "jcare evaluate --model MODEL_DIR --input PATH --ground-truth PATH --out DIR [OPTIONS]"},
        description = {"Compare restorations (--prediction, or --model applied to --input) and inputs with ground"
            + " truth, matched by file name: NRMSE, PSNR, SSIM per image and their mean and std (CARE paper protocol),"
            + " written to stdout, OUT/metrics.csv and OUT/<name>_panel.png (input | restoration | ground truth).",
            "Example: jcare evaluate --model models/denoise --input test/low --ground-truth test/GT --out eval"})
final class EvaluateCommand implements Callable<Integer> {
    /** The CSV's file name in the output folder. */
    static final String CSV = "metrics.csv";

    @Spec
    CommandSpec spec;

    @ParentCommand
    Jcare root;

    @Option(names = "--ground-truth", required = true, paramLabel = "PATH",
            description = "Ground-truth image or folder.")
    String groundTruth;

    @Option(names = "--prediction", paramLabel = "PATH", description = "Restored image(s): a file, folder or glob.")
    String prediction;

    @Option(names = "--model", paramLabel = "MODEL_DIR", description = "Restore --input with this model instead.")
    Path model;

    @Option(names = "--input", paramLabel = "PATH",
            description = "Noisy input image(s): a file, folder or glob (needed with --model; with --prediction it"
                    + " adds the input's metrics).")
    String input;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder for metrics.csv and the panels (created if missing).")
    Path out;

    @Option(names = "--pattern", paramLabel = "GLOB", defaultValue = InputFiles.DEFAULT_PATTERN,
            description = "File names taken from folders (default: ${DEFAULT-VALUE}).")
    String pattern;

    @Option(names = "--overwrite", description = "Replace existing metrics.csv and panels.")
    boolean overwrite;

    @Option(names = "--calibration",
            description = "Instead of image quality, the calibration of a probabilistic --model or ensemble:"
                    + " coverage of central intervals against their level, ECE and quantile calibration error per"
                    + " member and for the ensemble, on all and on foreground pixels (calibration.csv,"
                    + " reliability.png, reliability_foreground.png).")
    boolean calibration;

    @Option(names = "--factor", paramLabel = "F",
            description = "With --model: the Z factor of an isotropic or upsampling model (default: the model's);"
                    + " with --prediction: compare --input zoomed along Z by F (linear and cubic) too.")
    Double factor;

    private final List<ZoomBaselines.Row> baselines = new ArrayList<>();
    private double baselineFactor;
    private String baselineAxes = "Z";

    @Mixin
    RestoreOptions restore;

    @Mixin
    ComputeOptions compute;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (calibration) {
            return new CalibrationRun(this).call();
        }
        if ((prediction == null) == (model == null)) {
            throw new BadInputException("give either --prediction PATH or --model DIR with --input PATH");
        }
        if (model != null && input == null) {
            throw new BadInputException("--model needs --input: the noisy images to restore");
        }
        if (model != null && !Files.exists(model)) {
            throw new BadInputException("--model " + model + ": no such model folder or zip");
        }
        restore.tileCounts();
        List<Path> primary = InputFiles.expand(prediction != null ? prediction : input, pattern,
                prediction != null ? "--prediction" : "--input");
        Map<Path, Path> gt = match(primary, groundTruth, "--ground-truth");
        Map<Path, Path> in = model != null ? null : input == null ? null : match(primary, input, "--input");
        List<Path> allInputs = new ArrayList<>(primary);
        allInputs.addAll(gt.values());
        if (in != null) {
            allInputs.addAll(in.values());
        }
        OutputFolders.requireWritable(out, "--out", out);
        try (Outputs outputs = new Outputs(overwrite, allInputs)) {
            Path csv = outputs.claimFile(out.resolve(CSV));
            Path baselineCsv = model != null || factor != null ? outputs.claimFile(out.resolve(ZoomBaselines.CSV)) : null;
            List<Path> panels = new ArrayList<>();
            for (Path p : primary) {
                panels.add(outputs.claimFile(out.resolve(OutputNames.split(p)[0] + "_panel.png")));
            }
            outputs.folder(out);
            List<MetricsTable.Row> rows = model != null ? withModel(primary, gt, panels, outputs, err)
                    : withPredictions(primary, gt, in, panels, outputs);
            AtomicFiles.write(csv, overwrite, tmp -> Files.writeString(tmp, MetricsTable.csv(rows),
                    StandardCharsets.UTF_8));
            outputs.written(csv);
            if (!baselines.isEmpty()) {
                AtomicFiles.write(baselineCsv, overwrite, tmp -> Files.writeString(tmp, ZoomBaselines.csv(baselines),
                        StandardCharsets.UTF_8));
                outputs.written(baselineCsv);
            }
            outputs.commit();
            stdout.print(MetricsTable.format(rows));
            if (!baselines.isEmpty()) {
                stdout.print(ZoomBaselines.format(baselines, baselineFactor, baselineAxes));
                stdout.println("baselines: " + baselineCsv);
            }
            stdout.println("metrics: " + csv);
            stdout.println("panels:  " + (panels.size() == 1 ? panels.get(0) : out + " (" + panels.size()
                    + " *_panel.png)"));
            stdout.flush();
        }
        return 0;
    }

    private List<MetricsTable.Row> withPredictions(List<Path> preds, Map<Path, Path> gt, Map<Path, Path> in,
            List<Path> panels, Outputs outputs) throws Exception {
        List<MetricsTable.Row> rows = new ArrayList<>();
        TiffReader reader = new TiffReader();
        for (int i = 0; i < preds.size(); i++) {
            Path p = preds.get(i);
            FloatImage truth = reader.read(gt.get(p));
            FloatImage restored = reader.read(p);
            FloatImage noisy = in == null ? null : reader.read(in.get(p), restore.axesOverride());
            if (factor != null && noisy != null) {
                // the input has fewer slices than the truth: its own metrics do not exist, the zooms' do
                MetricsTable.Row row = row(p, null, restored, truth, null, gt.get(p), panels.get(i), outputs);
                rows.add(row);
                baselineFactor = factor;
                baselines.add(ZoomBaselines.of(p.getFileName().toString(), noisy, truth, row.restored(), factor,
                        in.get(p), gt.get(p)));
                continue;
            }
            rows.add(row(p, noisy, restored, truth, in == null ? null : in.get(p), gt.get(p), panels.get(i), outputs));
        }
        return rows;
    }

    private List<MetricsTable.Row> withModel(List<Path> inputs, Map<Path, Path> gt, List<Path> panels,
            Outputs outputs, PrintWriter err) throws Exception {
        List<MetricsTable.Row> rows = new ArrayList<>();
        TiffReader reader = new TiffReader();
        try (Engine engine = compute.open(err);
             CareModel care = CareModel.load(engine, model)) {
            Restorer restorer = new Restorer(care, factor, restore.toPredictOptions(care.config().nDim()),
                    restore.fillNonFinite(), err, root.interactive);
            boolean zooms = care.config().task().kind().hasFactor();
            for (int i = 0; i < inputs.size(); i++) {
                Path f = inputs.get(i);
                FloatImage truth = reader.read(gt.get(f));
                FloatImage noisy = reader.read(f, restore.axesOverride());
                FloatImage restored = restorer.restore(noisy, f).mean();
                if (care.config().task().kind() == org.jcare.training.config.TaskKind.PROJECTION) {
                    // a projection model's input is a stack: its 2D baseline is the maximum projection
                    rows.add(row(f, org.jcare.training.eval.ProjectionBaselines.maxProjection(noisy), restored, truth,
                            f, gt.get(f), panels.get(i), outputs));
                    continue;
                }
                if (zooms) {
                    double zf = factor != null ? factor : care.config().task().factor();
                    MetricsTable.Row row = row(f, null, restored, truth, null, gt.get(f), panels.get(i), outputs);
                    rows.add(row);
                    baselineFactor = zf;
                    baselineAxes = care.config().task().upsampledAxes();
                    baselines.add(ZoomBaselines.of(f.getFileName().toString(), noisy, truth, row.restored(), zf,
                            baselineAxes, f, gt.get(f)));
                } else {
                    rows.add(row(f, noisy, restored, truth, f, gt.get(f), panels.get(i), outputs));
                }
            }
        }
        return rows;
    }

    private MetricsTable.Row row(Path name, FloatImage noisy, FloatImage restored, FloatImage truth, Path noisyFile,
            Path truthFile, Path panel, Outputs outputs) throws Exception {
        ImageMetrics r = metrics(truth, restored, truthFile, name);
        ImageMetrics n = noisy == null ? null : metrics(truth, noisy, truthFile, noisyFile);
        List<PanelPng.Panel> p = new ArrayList<>();
        if (noisy != null) {
            p.add(new PanelPng.Panel(String.format(Locale.ROOT, "input (PSNR %.1f)", n.psnr()), plane(noisy)));
        }
        p.add(new PanelPng.Panel(String.format(Locale.ROOT, "restored (PSNR %.1f)", r.psnr()), plane(restored)));
        p.add(new PanelPng.Panel("ground truth", plane(truth)));
        PanelPng.write(panel, p, overwrite);
        outputs.written(panel);
        return new MetricsTable.Row(name.getFileName().toString(), n, r);
    }

    /** The paper's metrics; images that do not fit each other are bad input naming both files. */
    static ImageMetrics metrics(FloatImage truth, FloatImage image, Path truthFile, Path imageFile) {
        FloatImage a = squeeze(truth);
        FloatImage b = squeeze(image);
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new BadInputException(imageFile + " has shape " + java.util.Arrays.toString(b.shape()) + " ("
                    + b.axes() + ") but its ground truth " + truthFile + " has " + java.util.Arrays.toString(a.shape())
                    + " (" + a.axes() + "); they must match");
        }
        if (a.size('C') > 1) {
            throw new BadInputException(imageFile + " has " + a.size('C') + " channels; evaluate one channel at a"
                    + " time");
        }
        return Metrics.evaluate(a, b);
    }

    /** The image without axes of size 1 (keeping Y and X). */
    static FloatImage squeeze(FloatImage img) {
        String axes = img.axes().letters();
        long[] shape = img.shape();
        StringBuilder a = new StringBuilder();
        List<Long> s = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] > 1 || i >= shape.length - 2) {
                a.append(axes.charAt(i));
                s.add(shape[i]);
            }
        }
        return a.length() == axes.length() ? img
                : img.withAxes(a.toString(), s.stream().mapToLong(Long::longValue).toArray());
    }

    private static FloatImage plane(FloatImage img) {
        return PanelPng.toPlane(img, PanelPng.Reduction.MIDDLE);
    }

    /**
     * The partner of each primary file: the file of the same name in {@code where} (a folder), or {@code where}
     * itself when it is a file and there is one primary file.
     */
    static Map<Path, Path> match(List<Path> primary, String where, String option) {
        Path w = Path.of(where);
        Map<Path, Path> out = new LinkedHashMap<>();
        if (Files.isRegularFile(w)) {
            if (primary.size() != 1) {
                throw new BadInputException(option + " " + where + " is one file but there are " + primary.size()
                        + " images to compare; give a folder of files with the same names");
            }
            out.put(primary.get(0), w);
            return out;
        }
        if (!Files.isDirectory(w)) {
            throw new BadInputException(option + " " + where + ": no such file or folder");
        }
        List<String> missing = new ArrayList<>();
        for (Path p : primary) {
            Path partner = w.resolve(p.getFileName().toString());
            if (Files.isRegularFile(partner)) {
                out.put(p, partner);
            } else {
                missing.add(p.getFileName().toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new BadInputException(option + " " + where + " has no file named " + String.join(", ", missing)
                    + "; images are matched by file name");
        }
        return out;
    }
}
