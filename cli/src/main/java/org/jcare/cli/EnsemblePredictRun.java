package org.jcare.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jcare.engine.Engine;
import org.jcare.io.figure.MapPng;
import org.jcare.io.figure.PanelPng;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;
import org.jcare.io.tiff.TiffWriter;
import org.jcare.training.CareEnsemble;
import org.jcare.training.ensemble.EnsemblePredictor;
import org.jcare.training.ensemble.EnsembleReadouts;
import org.jcare.training.ensemble.EnsembleRestoration;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.Percentiles;

/**
 * {@code jcare predict} with an ensemble folder as {@code --model}: the mixture mean is the restoration (the file
 * named as for one model); each readout of {@code --ensemble-outputs} is a TIFF beside it ({@code _std},
 * {@code _disagreement}, {@code _disagreement_norm}, {@code _interval90_lower}, ...), and the disagreement also a PNG
 * map over the restoration ({@code _disagreement.png}).
 */
final class EnsemblePredictRun {
    private final PredictCommand cmd;

    EnsemblePredictRun(PredictCommand cmd) {
        this.cmd = cmd;
    }

    int call() throws Exception {
        PrintWriter out = cmd.spec.commandLine().getOut();
        PrintWriter err = cmd.spec.commandLine().getErr();
        if (cmd.probabilisticOutputs != null) {
            throw new BadInputException("--probabilistic-outputs is for one model; " + cmd.model + " is an ensemble:"
                    + " use --ensemble-outputs (std, var, interval90, samples:N, disagreement, members)");
        }
        EnsembleReadouts readouts;
        try {
            readouts = EnsembleReadouts.parse(cmd.ensembleOutputs, cmd.sampleSeed);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--ensemble-outputs " + e.getMessage());
        }
        if (cmd.restore.fillNonFinite()) {
            throw new BadInputException("--non-finite fill is for one model; " + cmd.model + " is an ensemble: fix the"
                    + " images' non-finite pixels, or restore with one of its member folders");
        }
        if (cmd.projectionWeights) {
            throw new BadInputException("--projection-weights is for one projection model; " + cmd.model + " is an"
                    + " ensemble (restore with one of its member folders to see the surface it chose)");
        }
        if (cmd.disagreementRange != null && !(cmd.disagreementRange > 0)) {
            throw new BadInputException("--disagreement-range must be > 0 nats, got " + cmd.disagreementRange);
        }
        cmd.restore.tileCounts();
        cmd.compute.parsePrecision();
        List<Path> files = InputFiles.expand(cmd.inputs, cmd.pattern, "--input");
        if (Files.exists(cmd.output) && !Files.isDirectory(cmd.output)) {
            throw new BadInputException("--output " + cmd.output + " is a file; name a folder");
        }
        OutputFolders.requireWritable(cmd.output, "--output", cmd.output);
        OutputNames.requireTiff(cmd.outputName);
        String modelName = PredictCommand.modelName(cmd.model);
        // the names are known before the ensemble loads: every readout of one member channel
        List<String> names = readouts.outputs(1, countMembers(), true).stream().map(o -> o.name()).toList();
        try (Outputs outputs = new Outputs(cmd.overwrite, files)) {
            List<Map<String, Path>> targets = new ArrayList<>();
            for (Path f : files) {
                Map<String, Path> t = new LinkedHashMap<>();
                for (String n : names) {
                    String suffix = n.equals("mean") ? "" : "_" + n;
                    t.put(n, outputs.claimFile(OutputNames.resolve(cmd.outputName, cmd.output, f, modelName, suffix)));
                }
                if (readouts.disagreement()) {
                    Path tif = t.get("disagreement");
                    t.put("map", outputs.claimFile(tif.resolveSibling(OutputNames.split(tif)[0] + ".png")));
                }
                targets.add(t);
            }
            if (cmd.dryRun) {
                for (int i = 0; i < files.size(); i++) {
                    out.println(files.get(i) + " -> " + String.join(", ", targets.get(i).values().stream()
                            .map(Path::toString).toList()));
                }
                return 0;
            }
            BatchResults results = new BatchResults("jcare predict", files.size(), err);
            try (Engine engine = cmd.compute.open(err);
                 CareEnsemble ensemble = CareEnsemble.load(engine, cmd.model)) {
                if (!ensemble.isProbabilistic() && readouts.needsScales()) {
                    throw new BadInputException("--ensemble-outputs: the members of " + cmd.model + " are not"
                            + " probabilistic; intervals and the disagreement need --probabilistic members (plain"
                            + " members give std, var, samples and members)");
                }
                PredictOptions options = cmd.restore.toPredictOptions(ensemble.config().nDim());
                EnsemblePredictor predictor;
                try {
                    predictor = ensemble.predictor(cmd.factor, readouts, ensemble.scaleFactor());
                } catch (IllegalArgumentException e) {
                    throw new BadInputException((cmd.factor != null ? "--factor " + cmd.factor + ": " : "")
                            + ExitCodes.oneLine(e.getMessage()));
                }
                // every header before the first restoration: a bad file fails the batch now, not hours later
                InputCheck.require(files, cmd.restore.axesOverride(), new TiffReader(), ensemble.config(),
                        names.size() * ensemble.size());
                TiffWriter writer = new TiffWriter().overwrite(cmd.overwrite);
                try (OutputLock lock = OutputLock.acquire(outputs.folder(cmd.output), "--output",
                        "jcare predict", err)) {
                    for (int i = 0; i < files.size(); i++) {
                        List<Path> created = new ArrayList<>();
                        try {
                            restoreOne(files.get(i), targets.get(i), predictor, options, readouts, ensemble.size(),
                                    writer, outputs, created, out, err);
                            results.success();
                            outputs.commit();
                        } catch (Exception | OutOfMemoryError e) {
                            results.failed(files.get(i), e, created);
                        }
                    }
                }
            }
            return results.finish();
        }
    }

    /**
     * Restores one input with the ensemble and writes its readouts, each atomically; {@code created} collects the
     * outputs that did not exist before, which a failure of this input removes again (the other inputs' stay).
     */
    private void restoreOne(Path f, Map<String, Path> t, EnsemblePredictor predictor, PredictOptions options,
            EnsembleReadouts readouts, int members, TiffWriter writer, Outputs outputs, List<Path> created,
            PrintWriter out, PrintWriter err) throws Exception {
        long t0 = System.nanoTime();
        FloatImage image = new TiffReader().read(f, cmd.restore.axesOverride());
        Restorer.requireFinite(image, f, "fix the image (an ensemble does not fill non-finite pixels)");
        EnsembleRestoration r = restore(predictor, image, f, options, err);
        // the task decides the pixel sizes of its output (Z spacing / factor when Z is upsampled)
        org.jcare.io.image.Calibration calibration = predictor.outputCalibration(image.calibration());
        outputs.folder(t.get("mean").toAbsolutePath().getParent());
        for (Map.Entry<String, FloatImage> e : r.images().entrySet()) {
            PredictCommand.write(writer, e.getValue().withCalibration(calibration), t.get(e.getKey()), created);
        }
        if (readouts.disagreement()) {
            Path png = t.get("map");
            boolean existed = Files.exists(png);
            writeMap(png, r, members);
            if (!existed) {
                created.add(png);
            }
        }
        out.println(String.format(Locale.ROOT, "%s -> %s (ensemble of %d, %s %s, %s tiles, %.1f s)%s", f,
                t.get("mean"), members, r.mean().axes(), java.util.Arrays.toString(r.mean().shape()),
                RestoreOptions.describe(r.tilesPerAxis()), (System.nanoTime() - t0) / 1e9,
                readouts.disagreement() ? String.format(Locale.ROOT, "; mean disagreement %.4f nats",
                        mean(r.get("disagreement"))) : ""));
        out.flush();
    }


    /** The member count from the manifest (names of member readouts need it before loading). */
    private int countMembers() {
        try {
            return org.jcare.training.ensemble.EnsembleManifest.read(cmd.model).size();
        } catch (java.io.IOException e) {
            throw new BadInputException("--model " + cmd.model + ": " + ExitCodes.message(e));
        }
    }

    private EnsembleRestoration restore(EnsemblePredictor predictor, FloatImage image, Path file,
                                        PredictOptions options, PrintWriter err) {
        Progress[] bar = {null};
        try {
            return predictor.predict(image, options, (done, total) -> {
                if (bar[0] == null) {
                    bar[0] = Progress.start(String.valueOf(file.getFileName()), total, 0, err, cmd.root.interactive,
                            null);
                }
                bar[0].update(done, "tiles");
            });
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": " + ExitCodes.oneLine(e.getMessage()));
        } finally {
            if (bar[0] != null) {
                bar[0].close();
            }
        }
    }

    /**
     * The disagreement over the restoration as a PNG (the middle plane of a stack), on 0 to {@code
     * --disagreement-range} nats, or to this image's 99.5th percentile of D.
     */
    private void writeMap(Path png, EnsembleRestoration r, int members) throws Exception {
        FloatImage base = PanelPng.toPlane(r.mean(), PanelPng.Reduction.MIDDLE);
        FloatImage d = PanelPng.toPlane(r.get("disagreement"), PanelPng.Reduction.MIDDLE);
        double high = cmd.disagreementRange != null ? cmd.disagreementRange
                : Math.max(1e-6, Percentiles.of(d.plane(0), 99.5)[0]);
        MapPng.write(png, base, d, new MapPng.Style("restoration (mean of " + members + ")",
                "disagreement D over it", "nats", 0, high), cmd.overwrite);
    }

    private static double mean(FloatImage img) {
        double s = 0;
        for (int p = 0; p < img.planeCount(); p++) {
            for (float v : img.plane(p)) {
                s += v;
            }
        }
        return s / img.numel();
    }
}
