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
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;
import org.jcare.io.tiff.TiffWriter;
import org.jcare.training.CareEnsemble;
import org.jcare.training.CareModel;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.Restoration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jcare predict}: restores TIFF images with a trained model, as CSBDeep's {@code care_predict}: the output
 * keeps the input's file name (or a template) in the output folder, float32 ImageJ TIFF with the input's axes and
 * pixel sizes. Never writes over an input; refuses existing outputs without {@code --overwrite}.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = "jcare predict --model MODEL_DIR --input PATH... --output DIR [OPTIONS]",
        description = {"Restore TIFF images with a trained model (float32 ImageJ TIFF, same axes and pixel sizes).",
            "Example: jcare predict --model models/denoise --input 'raw/*.tif' --output restored"})
final class PredictCommand implements Callable<Integer> {
    /** The file name suffix of the projection weights. */
    static final String WEIGHTS_SUFFIX = "_weights";

    @Spec
    CommandSpec spec;

    @ParentCommand
    Jcare root;

    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR", description = "Model folder or zip.")
    Path model;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "PATH",
            description = "Image file(s), folder(s) (files matching --pattern) or a quoted glob such as 'raw/*.tif'.")
    List<String> inputs;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "Output folder (created if missing).")
    Path output;

    @Option(names = "--pattern", paramLabel = "GLOB", defaultValue = InputFiles.DEFAULT_PATTERN,
            description = "File names taken from input folders (default: ${DEFAULT-VALUE}).")
    String pattern;

    @Option(names = "--output-name", paramLabel = "TEMPLATE", defaultValue = OutputNames.DEFAULT,
            description = "Output file name: {file_name}, {file_ext}, {model_name} (default: ${DEFAULT-VALUE}).")
    String outputName;

    @Mixin
    RestoreOptions restore;

    @Option(names = "--probabilistic-outputs", paramLabel = "LIST",
            description = "For a probabilistic model, also write any of scale, var, std, entropy, interval90 (or"
                    + " another percentage: _lower and _upper files), samples:N; as files named <name>_scale.tif and"
                    + " so on.")
    String probabilisticOutputs;

    @Option(names = "--ensemble-outputs", paramLabel = "LIST", defaultValue = "std,disagreement",
            description = "For an ensemble (--model holds ensemble.json), the readouts written beside the mixture mean:"
                    + " any of std, var, interval90 (or another percentage), samples:N, disagreement (D in nats,"
                    + " D / ln M, and a PNG map), members (default: ${DEFAULT-VALUE}).")
    String ensembleOutputs;

    @Option(names = "--disagreement-range", paramLabel = "NATS",
            description = "Upper end of the disagreement map's colour scale (default: the image's 99.5th percentile"
                    + " of D); give one value to compare maps of several images.")
    Double disagreementRange;

    @Option(names = "--factor", paramLabel = "F",
            description = "Isotropic and upsampling models: upsample Z by this factor instead of the one the model"
                    + " records (the ratio of Z to XY pixel size of these images).")
    Double factor;

    @Mixin
    CsbdeepTaskOptions csbdeepTask;

    @Option(names = "--projection-weights",
            description = "Projection models: also write the surface weights (softmax along Z, one value per input"
                    + " voxel) as <name>_weights.tif, to see which surface the network chose.")
    boolean projectionWeights;

    @Option(names = "--sample-seed", paramLabel = "N", defaultValue = "0",
            description = "Seed of samples:N (default: ${DEFAULT-VALUE}).")
    long sampleSeed;

    @Option(names = "--overwrite", description = "Replace existing outputs (never an input).")
    boolean overwrite;

    @Option(names = "--dry-run", description = "Only list what would be written.")
    boolean dryRun;

    @Mixin
    ComputeOptions compute;

    @Mixin
    StreamOptions stream;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (CareEnsemble.isEnsemble(model)) {
            return new EnsemblePredictRun(this).call();
        }
        ProbabilisticOutputs extras = ProbabilisticOutputs.parse(probabilisticOutputs);
        restore.tileCounts();
        compute.parsePrecision();
        if (!Files.exists(model)) {
            throw new BadInputException("--model " + model + ": no such model folder or zip");
        }
        if (StreamingPredict.wanted(this)) {
            return new StreamingPredict(this).run(out, err);
        }
        boolean fillNonFinite = restore.fillNonFinite();
        List<Path> files = InputFiles.expand(inputs, pattern, "--input");
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new BadInputException("--output " + output + " is a file; name a folder");
        }
        OutputFolders.requireWritable(output, "--output", output);
        OutputNames.requireTiff(outputName);
        String modelName = modelName(model);
        try (Outputs outputs = new Outputs(overwrite, files)) {
            List<List<Path>> targets = new ArrayList<>();
            List<String> suffixes = new ArrayList<>(List.of(""));
            suffixes.addAll(extras.suffixes());
            if (projectionWeights) {
                suffixes.add(WEIGHTS_SUFFIX);
            }
            for (Path f : files) {
                List<Path> t = new ArrayList<>();
                for (String s : suffixes) {
                    t.add(outputs.claimFile(OutputNames.resolve(outputName, output, f, modelName, s)));
                }
                targets.add(t);
            }
            if (dryRun) {
                for (int i = 0; i < files.size(); i++) {
                    out.println(files.get(i) + " -> " + String.join(", ", targets.get(i).stream()
                            .map(Path::toString).toList()));
                }
                return 0;
            }
            BatchResults results = new BatchResults("jcare predict", files.size(), err);
            org.jcare.training.config.TaskSpec given = csbdeepTask.spec(factor);
            csbdeepTask.noteUnknownTask(model, err);
            try (Engine engine = compute.open(err);
                 CareModel care = CareModel.load(engine, model, given)) {
                if (!extras.isEmpty() && !care.config().probabilistic()) {
                    throw new BadInputException("--probabilistic-outputs: the model " + model + " is not"
                            + " probabilistic (trained without --probabilistic); it predicts the restoration only");
                }
                PredictOptions options = restore.toPredictOptions(care.config().nDim());
                // every header before the first restoration: a bad file fails the batch now, not hours later
                InputCheck.require(files, restore.axesOverride(), new TiffReader(), care.config(), suffixes.size());
                Restorer restorer = new Restorer(care, factor, options, fillNonFinite, err, root.interactive);
                if (projectionWeights) {
                    restorer.withProjectionWeights();
                }
                TiffWriter writer = new TiffWriter().overwrite(overwrite);
                try (OutputLock lock = OutputLock.acquire(outputs.folder(output), "--output", "jcare predict",
                        err)) {
                    for (int i = 0; i < files.size(); i++) {
                        List<Path> created = new ArrayList<>();
                        try {
                            restoreOne(files.get(i), targets.get(i), suffixes, extras, restorer, writer, outputs,
                                    created, out);
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
     * Restores one input and writes its outputs, each atomically (complete or absent); {@code created} collects the
     * outputs that did not exist before, which a failure of this input removes again.
     */
    private void restoreOne(Path f, List<Path> t, List<String> suffixes, ProbabilisticOutputs extras,
            Restorer restorer, TiffWriter writer, Outputs outputs, List<Path> created, PrintWriter out)
            throws Exception {
        long t0 = System.nanoTime();
        FloatImage image = new TiffReader().read(f, restore.axesOverride());
        Restoration r = restorer.restore(image, f);
        outputs.folder(t.get(0).toAbsolutePath().getParent());
        write(writer, r.mean(), t.get(0), created);
        if (projectionWeights) {
            Path w = t.get(suffixes.indexOf(WEIGHTS_SUFFIX));
            outputs.folder(w.toAbsolutePath().getParent());
            write(writer, restorer.projectionWeights(), w, created);
        }
        if (!extras.isEmpty()) {
            Map<String, FloatImage> more = extras.compute(r.mean(), r.scale(), sampleSeed);
            for (int k = 1; k < t.size(); k++) {
                if (suffixes.get(k).equals(WEIGHTS_SUFFIX)) {
                    continue;
                }
                outputs.folder(t.get(k).toAbsolutePath().getParent());
                write(writer, more.get(suffixes.get(k)), t.get(k), created);
            }
        }
        out.println(String.format(Locale.ROOT, "%s -> %s (%s %s, %s tiles, %.1f s)", f, t.get(0),
                r.mean().axes(), java.util.Arrays.toString(r.mean().shape()),
                RestoreOptions.describe(r.tilesPerAxis()), (System.nanoTime() - t0) / 1e9));
        out.flush();
    }

    /** Writes {@code image} to {@code target} (atomically), adding the target to {@code created} when it is new. */
    static void write(TiffWriter writer, FloatImage image, Path target, List<Path> created)
            throws java.io.IOException {
        boolean existed = Files.exists(target);
        writer.write(image, target);
        if (!existed) {
            created.add(target);
        }
    }

    static String modelName(Path model) {
        Path name = model.toAbsolutePath().normalize().getFileName();
        String n = name == null ? "model" : name.toString();
        return n.toLowerCase(Locale.ROOT).endsWith(".zip") ? n.substring(0, n.length() - 4) : n;
    }
}
