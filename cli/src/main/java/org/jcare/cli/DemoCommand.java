package org.jcare.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jcare.engine.Engine;
import org.jcare.io.AtomicFiles;
import org.jcare.io.figure.PanelPng;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffWriter;
import org.jcare.training.CareModel;
import org.jcare.training.config.CareConfig;
import org.jcare.training.data.PatchOptions;
import org.jcare.training.data.Patches;
import org.jcare.training.data.RawData;
import org.jcare.training.data.TrainingData;
import org.jcare.training.eval.Metrics.ImageMetrics;
import org.jcare.training.loop.EpochResult;
import org.jcare.training.loop.TrainingSettings;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.Restoration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jcare demo}: trains a small 2D CARE network for about a minute on two bundled real confocal pairs (BPAE
 * cells: nuclei and F-actin, from the FMD data set), restores the held-out third image (mouse brain), prints input
 * and restoration metrics against its ground truth and writes the restored TIFF, a before/after PNG, the model folder
 * and its training curves. The training time is a budget: a faster device trains more steps, not for less time.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a small 2D model for about a minute on the bundled FMD confocal pairs (BPAE cells:"
            + " nuclei, F-actin), restore the held-out mouse brain image and compare it with its ground truth (average"
            + " of 50 acquisitions).",
            "Writes OUT/mice_restored.tif, OUT/mice_before_after.png (noisy | restored | ground truth),"
                + " OUT/metrics.csv and OUT/model/ (with training_curves.png)."})
final class DemoCommand implements Callable<Integer> {
    /**
     * The held-out pair: mouse brain tissue, another organism and preparation than the training cells, whose nuclei
     * are a structure the training pairs show (BPAE nuclei), so the gain measures generalization, not recall.
     * Holding out the F-actin image instead (filaments appear in no other pair) gains about 3 dB instead of 8.
     */
    static final String HELD_OUT = "mice";
    /** The training pairs. */
    static final List<String> TRAINING = List.of("bpae_b", "bpae_g");

    @Spec
    CommandSpec spec;

    @ParentCommand
    Jcare root;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "jcare-demo",
            description = "Output folder (default: ./${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "50",
            description = "Training time budget in seconds; training stops after the epoch in which it runs out"
                    + " (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--overwrite", description = "Replace the outputs of an earlier demo in --out.")
    boolean overwrite;

    @Mixin
    ComputeOptions compute;

    /**
     * The network and training recipe. Measured on a shared 2-core CPU (PoCL), 60 s: 16 or 32 first filters, kernel 3
     * or 5, batch 8 or 16 and rate 4e-4 or 1e-3 all end within 0.3 dB of each other on the held-out image, because
     * the gain comes in the first few hundred steps; the smallest (16 filters, kernel 3, about 0.1 s a step there)
     * trains the most steps, so a slow or busy machine still shows the gain (5 epochs, 15 s: +6 dB).
     */
    record Recipe(int patch, int patchesPerImage, int depth, int kernel, int firstFilters, int batch,
                  int stepsPerEpoch, int maxEpochs, double learningRate) {
        /** The demo's defaults. */
        static final Recipe DEFAULT = new Recipe(64, 256, 2, 3, 16, 8, 10, 200, 1e-3);
    }

    Recipe recipe = Recipe.DEFAULT;
    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!(seconds > 0)) {
            throw new BadInputException("--seconds must be positive, got " + seconds);
        }
        compute.parsePrecision();
        Path modelDir = out.resolve("model");
        Path restoredTif = out.resolve(HELD_OUT + "_restored.tif");
        Path png = out.resolve(HELD_OUT + "_before_after.png");
        Path csv = out.resolve("metrics.csv");
        try (Outputs outputs = new Outputs(overwrite, List.of())) {
            outputs.claim(modelDir);
            outputs.claimFile(restoredTif);
            outputs.claimFile(png);
            outputs.claimFile(csv);
            outputs.folder(out);
            // the model folder is written by every epoch's checkpoint: a failed run removes it with the rest
            outputs.written(modelDir);
            err.println("jcare demo: FMD confocal pairs (Zhang et al. 2019, via Noise2Fast; MIT / Apache-2.0), training"
                    + " on " + String.join(" + ", TRAINING) + ", holding out " + HELD_OUT);
            TrainingData patches = patches();
            TrainingData.Split split = patches.split(0.1);
            try (Engine engine = compute.open(err);
                 CareModel model = CareModel.create(engine, config(), seed)) {
                TrainingSettings settings = model.trainingSettings(seed)
                        .withTimeBudget(Duration.ofMillis(Math.round(seconds * 1000)));
                err.println("training a " + recipe.depth() + "-level U-Net (" + recipe.firstFilters()
                        + " first filters, kernel " + recipe.kernel() + ") on " + split.train().size() + " patches of "
                        + recipe.patch() + "x" + recipe.patch() + " for about " + Durations.format(
                        settings.timeBudget()) + " on " + engine.device().name());
                err.flush();
                List<EpochResult> history;
                try (Progress bar = Progress.start("demo", (long) settings.epochs() * settings.stepsPerEpoch(), 0,
                        err, root.interactive, settings.timeBudget())) {
                    TrainingProgress listener = new TrainingProgress(bar, List.of(),
                            (long) settings.epochs() * settings.stepsPerEpoch(), settings.timeBudget());
                    history = model.train(split.train(), split.validation(), settings, modelDir, listener,
                            org.jcare.training.data.Augmentation.flipsAndRotations(), false);
                    bar.done();
                }
                double trainSeconds = history.stream().mapToDouble(EpochResult::seconds).sum();
                FloatImage noisy = DemoData.noisy(HELD_OUT);
                FloatImage truth = DemoData.clean(HELD_OUT);
                long t0 = System.nanoTime();
                Restoration r = model.predict(noisy, PredictOptions.defaults());
                double predictSeconds = (System.nanoTime() - t0) / 1e9;
                ImageMetrics before = EvaluateCommand.metrics(truth, noisy, Path.of(HELD_OUT + "_gt.tif"),
                        Path.of(HELD_OUT + "_noisy.tif"));
                ImageMetrics after = EvaluateCommand.metrics(truth, r.mean(), Path.of(HELD_OUT + "_gt.tif"),
                        restoredTif);
                new TiffWriter().overwrite(overwrite).write(r.mean(), restoredTif);
                outputs.written(restoredTif);
                PanelPng.write(png, List.of(
                        new PanelPng.Panel(String.format(Locale.ROOT, "noisy (PSNR %.1f dB)", before.psnr()), noisy),
                        new PanelPng.Panel(String.format(Locale.ROOT, "restored (PSNR %.1f dB)", after.psnr()),
                                r.mean()),
                        new PanelPng.Panel("ground truth (average of 50)", truth)), overwrite);
                outputs.written(png);
                List<MetricsTable.Row> rows = List.of(new MetricsTable.Row(HELD_OUT, before, after));
                AtomicFiles.write(csv, overwrite, tmp -> Files.writeString(tmp, MetricsTable.csv(rows),
                        StandardCharsets.UTF_8));
                outputs.written(csv);
                outputs.commit();
                report(stdout, history, trainSeconds, predictSeconds, rows, started, modelDir, restoredTif, png, csv);
            }
        }
        return 0;
    }

    /** Patches from the training pairs (CSBDeep's create_patches with a seeded sampler). */
    TrainingData patches() throws java.io.IOException {
        List<FloatImage> sources = new java.util.ArrayList<>();
        List<FloatImage> targets = new java.util.ArrayList<>();
        for (String n : TRAINING) {
            sources.add(DemoData.noisy(n));
            targets.add(DemoData.clean(n));
        }
        RawData raw = RawData.fromImages(sources, targets, "YX");
        return Patches.create(raw, PatchOptions.builder(new int[] {recipe.patch(), recipe.patch()},
                recipe.patchesPerImage()).seed(seed).build());
    }

    CareConfig config() {
        return CareConfig.builder("YX").unetNDepth(recipe.depth()).unetKernSize(recipe.kernel())
                .unetNFirst(recipe.firstFilters()).trainBatchSize(recipe.batch())
                .trainStepsPerEpoch(recipe.stepsPerEpoch()).trainEpochs(recipe.maxEpochs())
                .trainLearningRate(recipe.learningRate()).seed(seed).build();
    }

    private void report(PrintWriter stdout, List<EpochResult> history, double trainSeconds, double predictSeconds,
            List<MetricsTable.Row> rows, long started, Path modelDir, Path tif, Path png, Path csv) {
        stdout.println();
        stdout.println(String.format(Locale.ROOT, "trained %d steps (%d epochs) in %.1f s; restored %s (512x512) in"
                + " %.1f s", history.size() * recipe.stepsPerEpoch(), history.size(), trainSeconds, HELD_OUT,
                predictSeconds));
        stdout.println();
        stdout.print(MetricsTable.format(rows));
        MetricsTable.Row row = rows.get(0);
        stdout.println(String.format(Locale.ROOT, "restoration vs noisy input: PSNR %+.2f dB, SSIM %+.3f, NRMSE %.0f%%"
                + " lower", row.restored().psnr() - row.input().psnr(), row.restored().ssim() - row.input().ssim(),
                100 * (1 - row.restored().nrmse() / row.input().nrmse())));
        stdout.println();
        stdout.println("restored image:  " + tif);
        stdout.println("before/after:    " + png);
        stdout.println("metrics:         " + csv);
        stdout.println("model:           " + modelDir + " (use it: jcare predict --model " + modelDir
                + " --input IMAGE.tif --output DIR)");
        stdout.println("training curves: " + modelDir.resolve(TrainingProgress.CURVES_PNG));
        stdout.println(String.format(Locale.ROOT, "total %.1f s", (System.nanoTime() - started) / 1e9));
        stdout.flush();
    }
}
