package org.jcare.bench.recipe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import org.jcare.engine.Engine;
import org.jcare.engine.autograd.ParameterSet;
import org.jcare.io.image.FloatImage;
import org.jcare.io.model.TensorData;
import org.jcare.io.tiff.TiffReader;
import org.jcare.io.tiff.TiffWriter;
import org.jcare.training.CareModel;
import org.jcare.training.config.CareConfig;
import org.jcare.training.data.Augmentation;
import org.jcare.training.data.BatchSource;
import org.jcare.training.data.FreshPatches;
import org.jcare.training.data.PatchOptions;
import org.jcare.training.data.Patches;
import org.jcare.training.data.RawData;
import org.jcare.training.data.TrainingData;
import org.jcare.training.eval.Metrics;
import org.jcare.training.loop.CheckpointSink;
import org.jcare.training.loop.EpochResult;
import org.jcare.training.loop.LossKind;
import org.jcare.training.loop.Trainer;
import org.jcare.training.loop.TrainingListener;
import org.jcare.training.loop.TrainingSettings;
import org.jcare.training.model.WeightInit;
import org.jcare.training.model.Weights;
import org.jcare.training.predict.PredictOptions;

/**
 * Measures training recipes on held-out real data (issue 10): fixed patches (CSBDeep) against fresh patches, and
 * what separates jcare's recipe from a PyTorch CARE's (the background filter, Glorot against PyTorch's initializer,
 * Adam's epsilon). Trains one model per call on the bundled FMD pairs and appends one JSON line with the settings and
 * the held-out PSNR/SSIM (paper protocol, {@link Metrics}).
 *
 * <pre>java -cp jcare.jar org.jcare.bench.recipe.RecipeExperiment --data data/fmd --holdout rows|FIELD
 *     [--patches fresh|fixed:N] [--filter on|off] [--init glorot|pytorch] [--eps 1e-7] [--seed N] [--epochs E]
 *     [--steps S] [--batch B] [--n-first F] [--kern K] [--json FILE] [--save DIR] [--evaluate DIR] [--label L]
 *     [--write-validation FILE.npz]</pre>
 *
 * <p>Hold-outs: {@code rows} trains on the top 320 rows of all three fields and scores their bottom 192 rows (content
 * like the training images); a field name ({@code bpae_b}, {@code bpae_g}, {@code mice}) trains on the other two
 * whole fields and scores that one (content unlike them). The validation set (for the best weights) is always the
 * last 10% of 64 fixed patches per training image with seed 1, the same for every recipe. {@code --evaluate DIR}
 * scores restorations written by another program instead ({@code DIR/<field>.tif}, the held-out part), for the
 * PyTorch CARE in {@code bench/pytorch/care_train.py}, which takes the validation set from
 * {@code --write-validation} (written instead of training) and keeps its best weights by the same loss.
 */
public final class RecipeExperiment {
    private static final String[] FIELDS = {"bpae_b", "bpae_g", "mice"};
    private static final int TRAIN_ROWS = 320;

    private RecipeExperiment() {
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws IOException {
        Settings s = Settings.parse(args);
        Split split = Split.of(s.data, s.holdout);
        String line;
        if (s.evaluate != null) {
            List<FloatImage> restored = new ArrayList<>();
            for (String name : split.heldOutNames) {
                restored.add(new TiffReader().read(s.evaluate.resolve(name + ".tif")));
            }
            line = score(s, split, restored, Double.NaN, 0, List.of());
        } else {
            line = train(s, split);
        }
        System.out.println(line);
        if (s.json != null) {
            Files.writeString(s.json, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    private static String train(Settings s, Split split) throws IOException {
        RawData raw = RawData.fromImages(split.sources, split.targets, "YX");
        PatchOptions.Builder b = PatchOptions.builder(new int[] {64, 64}, s.fixedPatches > 0 ? s.fixedPatches : 64);
        if (!s.filter) {
            b.noFilter();
        }
        // the validation set: the same for every recipe (filter on, 64 per image, seed 1)
        TrainingData validation = Patches.create(raw, PatchOptions.builder(new int[] {64, 64}, 64).seed(1).build())
                .split(0.1).validation();
        if (s.writeValidation != null) {
            new org.jcare.training.data.NpzTrainingDataFile(true).write(s.writeValidation, validation);
            return "{\"validation\": \"" + s.writeValidation + "\", \"samples\": " + validation.size() + "}";
        }
        CareConfig config = CareConfig.builder("YX").unetNDepth(2).unetNFirst(s.nFirst).unetKernSize(s.kern).build();
        TrainingSettings settings = new TrainingSettings(s.epochs, s.steps, s.batch, 4e-4, LossKind.MAE, 0.5, 10, 0,
                s.seed, null, 10);
        try (Engine engine = Engine.open((String) null);
             CareModel model = CareModel.create(engine, config, s.seed)) {
            if (s.init == WeightInit.PYTORCH) {
                ((org.jcare.training.model.UNet) model.network()).initialize(s.seed, WeightInit.PYTORCH);
            }
            BatchSource batches;
            if (s.fixedPatches > 0) {
                TrainingData all = Patches.create(raw, b.seed(s.seed).build());
                batches = all.split(0.1).train().batches(s.batch, s.seed, Augmentation.NONE);
            } else {
                batches = FreshPatches.prepare(raw, b.build()).batches(s.batch, s.seed, Augmentation.NONE);
            }
            BestWeights best = new BestWeights();
            long t0 = System.nanoTime();
            List<EpochResult> h = new Trainer(model.network(), settings, best, TrainingListener.NONE,
                    Augmentation.NONE, s.eps).fit(batches, validation, null);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Weights.write(model.network().parameters(), best.weights, "best weights");
            List<FloatImage> restored = new ArrayList<>();
            for (FloatImage noisy : split.heldOutNoisy) {
                restored.add(model.predict(noisy, PredictOptions.defaults()).mean());
            }
            if (s.save != null) {
                Files.createDirectories(s.save);
                for (int i = 0; i < restored.size(); i++) {
                    new TiffWriter().overwrite(true).write(restored.get(i), s.save.resolve(split.heldOutNames.get(i)
                            + ".tif"));
                }
            }
            double bestVal = h.stream().mapToDouble(EpochResult::valLoss).min().orElse(Double.NaN);
            return score(s, split, restored, bestVal, seconds, h) + "";
        }
    }

    /** Keeps the weights of the best validation loss in memory. */
    private static final class BestWeights implements CheckpointSink {
        SortedMap<String, TensorData> weights;

        @Override
        public void save(String tag, ParameterSet parameters, org.jcare.training.loop.TrainerState state) {
            if ("weights_best".equals(tag)) {
                weights = Weights.read(parameters);
            }
        }
    }

    private static String score(Settings s, Split split, List<FloatImage> restored, double bestVal, double seconds,
            List<EpochResult> h) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "{\"recipe\": \"%s\", \"holdout\": \"%s\", \"seed\": %d, \"steps\": %d,"
                + " \"batch\": %d, \"n_first\": %d, \"kern\": %d, \"best_val_loss\": %s, \"train_seconds\": %.1f",
                s.recipe(), s.holdout, s.seed, s.epochs * s.steps, s.batch, s.nFirst, s.kern,
                Double.isNaN(bestVal) ? "null" : String.format(Locale.ROOT, "%.6f", bestVal), seconds));
        double psnr = 0;
        double ssim = 0;
        for (int i = 0; i < restored.size(); i++) {
            Metrics.ImageMetrics m = Metrics.evaluate(split.heldOutClean.get(i), restored.get(i));
            Metrics.ImageMetrics noisy = Metrics.evaluate(split.heldOutClean.get(i), split.heldOutNoisy.get(i));
            sb.append(String.format(Locale.ROOT, ", \"%s\": {\"psnr\": %.3f, \"ssim\": %.4f, \"noisy_psnr\": %.3f,"
                    + " \"noisy_ssim\": %.4f}", split.heldOutNames.get(i), m.psnr(), m.ssim(), noisy.psnr(),
                    noisy.ssim()));
            psnr += m.psnr() / restored.size();
            ssim += m.ssim() / restored.size();
        }
        sb.append(String.format(Locale.ROOT, ", \"mean_psnr\": %.3f, \"mean_ssim\": %.4f}", psnr, ssim));
        return sb.toString();
    }

    /** Training images and held-out parts of one hold-out. */
    private record Split(List<FloatImage> sources, List<FloatImage> targets, List<String> heldOutNames,
                         List<FloatImage> heldOutNoisy, List<FloatImage> heldOutClean) {
        static Split of(Path data, String holdout) throws IOException {
            TiffReader reader = new TiffReader();
            Split s = new Split(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>());
            boolean rows = holdout.equals("rows");
            if (!rows && !Arrays.asList(FIELDS).contains(holdout)) {
                throw new IllegalArgumentException("--holdout " + holdout + ": use rows or one of "
                        + Arrays.toString(FIELDS));
            }
            for (String f : FIELDS) {
                FloatImage noisy = reader.read(data.resolve(f + "_noisy.tif"));
                FloatImage clean = reader.read(data.resolve(f + "_gt.tif"));
                int h = (int) noisy.shape()[0];
                if (rows) {
                    s.sources.add(rows(noisy, 0, TRAIN_ROWS));
                    s.targets.add(rows(clean, 0, TRAIN_ROWS));
                    s.heldOutNames.add(f);
                    s.heldOutNoisy.add(rows(noisy, TRAIN_ROWS, h));
                    s.heldOutClean.add(rows(clean, TRAIN_ROWS, h));
                } else if (f.equals(holdout)) {
                    s.heldOutNames.add(f);
                    s.heldOutNoisy.add(noisy);
                    s.heldOutClean.add(clean);
                } else {
                    s.sources.add(noisy);
                    s.targets.add(clean);
                }
            }
            return s;
        }

        static FloatImage rows(FloatImage img, int from, int to) {
            int w = (int) img.shape()[1];
            float[] a = Arrays.copyOfRange(img.toArray(), from * w, to * w);
            return FloatImage.of("YX", new long[] {to - from, w}, a);
        }
    }

    /** The command-line settings. */
    private static final class Settings {
        Path data = Path.of("data/fmd");
        String holdout = "rows";
        int fixedPatches;
        boolean filter = true;
        WeightInit init = WeightInit.GLOROT;
        double eps = 1e-7;
        String epsText = "1e-7";
        long seed = 1;
        int epochs = 10;
        int steps = 40;
        int batch = 16;
        int nFirst = 32;
        int kern = 5;
        Path json;
        Path evaluate;
        Path save;
        Path writeValidation;
        String label;

        String recipe() {
            if (label != null) {
                return label;
            }
            return (fixedPatches > 0 ? "fixed" + fixedPatches : "fresh") + (filter ? "" : "-nofilter")
                    + (init == WeightInit.PYTORCH ? "-torchinit" : "") + (eps != 1e-7 ? "-eps" + epsText : "");
        }

        static Settings parse(String[] args) {
            Settings s = new Settings();
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--data" -> s.data = Path.of(v);
                    case "--holdout" -> s.holdout = v;
                    case "--patches" -> s.fixedPatches = v.equals("fresh") ? 0
                            : Integer.parseInt(v.substring(v.indexOf(':') + 1));
                    case "--filter" -> s.filter = v.equals("on");
                    case "--init" -> s.init = WeightInit.valueOf(v.toUpperCase(Locale.ROOT));
                    case "--eps" -> {
                        s.eps = Double.parseDouble(v);
                        s.epsText = v;
                    }
                    case "--seed" -> s.seed = Long.parseLong(v);
                    case "--epochs" -> s.epochs = Integer.parseInt(v);
                    case "--steps" -> s.steps = Integer.parseInt(v);
                    case "--batch" -> s.batch = Integer.parseInt(v);
                    case "--n-first" -> s.nFirst = Integer.parseInt(v);
                    case "--kern" -> s.kern = Integer.parseInt(v);
                    case "--json" -> s.json = Path.of(v);
                    case "--evaluate" -> s.evaluate = Path.of(v);
                    case "--save" -> s.save = Path.of(v);
                    case "--label" -> s.label = v;
                    case "--write-validation" -> s.writeValidation = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]
                            + "; see the class comment of RecipeExperiment");
                }
                i++;
            }
            return s;
        }
    }
}
