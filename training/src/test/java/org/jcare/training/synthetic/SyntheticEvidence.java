package org.jcare.training.synthetic;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jcare.engine.Engine;
import org.jcare.io.figure.PanelPng;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;
import org.jcare.optics.deconv.RichardsonLucy;
import org.jcare.optics.psf.Optics;
import org.jcare.optics.psf.Psf;
import org.jcare.optics.psf.Psfs;
import org.jcare.optics.resolution.Decorrelation;
import org.jcare.optics.resolution.Squirrel;
import org.jcare.optics.synth.Structure;
import org.jcare.optics.synth.SynthDataset;
import org.jcare.optics.synth.SynthSettings;
import org.jcare.optics.synth.SynthSettingsBuilder;
import org.jcare.optics.synth.SyntheticPair;
import org.jcare.optics.synth.SyntheticPairs;
import org.jcare.training.CareModel;
import org.jcare.training.config.CareConfig;
import org.jcare.training.data.Augmentation;
import org.jcare.training.data.TrainingData;
import org.jcare.training.loop.LossKind;
import org.jcare.training.loop.TrainingListener;
import org.jcare.training.loop.TrainingSettings;
import org.jcare.training.predict.PredictOptions;

/**
 * The chain of the CARE paper's Fig. 4 on real widefield microtubules: train on {@code jcare synth}-style tubules only,
 * restore real images, and check with the readouts. The synthetic optics are a 1.4 NA oil widefield at 520 nm; the
 * real images' pixel size relative to their PSF is unknown (microtubules2d has no calibration, and the cell's 132.5 nm
 * pixel says nothing of its objective), so the PSF width in pixels is matched by decorrelation: the synthetic pixel
 * size whose simulated inputs have the real input's decorrelation resolution. Training mixes several pixel sizes
 * around those matches, so one model serves both images; Richardson-Lucy uses each image's matched PSF and its best
 * iteration count (finest decorrelation resolution).
 */
final class SyntheticEvidence {
    static final Path DATA = Path.of("..", "data", "synthetic");
    static final Optics OPTICS = Optics.widefield(1.4, 520, 1.518);
    static final int[] RL_ITERATIONS = {5, 10, 20, 40, 80};

    /** A real test image: its name, pixels, and the matched synthetic pixel size. */
    record RealImage(String name, float[] pixels, int ny, int nx, double matchedPixelNm) {
    }

    /** The numbers for one image. */
    record Outcome(String name, double matchedPixelNm, double inputRes, double rlRes, int rlIterations, double careRes,
                   double rspCare, double rseCare, double rspRl, float[] input, float[] rl, float[] care,
                   float[] errorMap) {
        String row() {
            return String.format(Locale.ROOT, "%s (PSF matched at %.0f nm/px): decorrelation input %.2f px, RL (%d it.)"
                    + " %.2f px, CARE %.2f px; RSP vs input: CARE %.3f, RL %.3f", name, matchedPixelNm, inputRes,
                    rlIterations, rlRes, careRes, rspCare, rspRl);
        }
    }

    private SyntheticEvidence() {
    }

    /** The real images (the two microtubule images of shared/data, copied into data/synthetic). */
    static List<RealImage> realImages() throws Exception {
        TiffReader reader = new TiffReader();
        FloatImage mt = reader.read(DATA.resolve("microtubules2d_neubias.tif"));
        FloatImage cell = reader.read(DATA.resolve("cell_dna_mts_actin2d_neubias.tif")); // CYX: DNA, tubulin, actin
        int ps = cell.planeSize();
        float[] tubulin = Arrays.copyOfRange(cell.toArray(), ps, 2 * ps);
        List<RealImage> out = new ArrayList<>();
        out.add(match("microtubules2d", mt.toArray(), (int) mt.size('Y'), (int) mt.size('X')));
        out.add(match("cell tubulin", tubulin, (int) cell.size('Y'), (int) cell.size('X')));
        return out;
    }

    /** The synthetic pixel size (60-120 nm) whose simulated inputs' median decorrelation resolution is nearest. */
    static RealImage match(String name, float[] px, int ny, int nx) {
        double target = Decorrelation.analyze(px, ny, nx).resolutionPx();
        double best = 0;
        double bestGap = Double.POSITIVE_INFINITY;
        for (double p = 60; p <= 120; p += 5) {
            SyntheticPairs g = generator(p, 160);
            double[] r = new double[7];
            for (int i = 0; i < r.length; i++) {
                r[i] = Decorrelation.analyze(g.generate(5, i).input(), 160, 160).resolutionPx();
            }
            Arrays.sort(r);
            double gap = Math.abs(r[3] - target);
            if (gap < bestGap) {
                bestGap = gap;
                best = p;
            }
        }
        return new RealImage(name, px, ny, nx, best);
    }

    static SyntheticPairs generator(double pixelNm, int patch) {
        SynthSettings s = new SynthSettingsBuilder(SynthSettings.defaults(Structure.TUBULES, new int[] {1, patch, patch}))
                .pixelNm(pixelNm).build();
        return new SyntheticPairs(s, psf(pixelNm));
    }

    static Psf psf(double pixelNm) {
        return Psfs.widefield(OPTICS, 0, pixelNm, pixelNm);
    }

    /** Synthetic training pairs at each of {@code pixelSizes}, {@code perSize} each, patches of {@code patch}. */
    static TrainingData trainingData(double[] pixelSizes, int perSize, int patch, long seed) {
        List<float[]> x = new ArrayList<>();
        List<float[]> y = new ArrayList<>();
        for (int k = 0; k < pixelSizes.length; k++) {
            List<SyntheticPair> pairs = SynthDataset.generate(generator(pixelSizes[k], patch), seed + k, perSize,
                    Runtime.getRuntime().availableProcessors(), SynthDataset.Listener.NONE);
            for (SyntheticPair p : pairs) {
                x.add(p.input());
                y.add(p.target());
            }
        }
        // interleave the pixel sizes so the validation split (the last 10%) holds every one
        List<float[]> xs = new ArrayList<>();
        List<float[]> ys = new ArrayList<>();
        for (int i = 0; i < perSize; i++) {
            for (int k = 0; k < pixelSizes.length; k++) {
                xs.add(x.get(k * perSize + i));
                ys.add(y.get(k * perSize + i));
            }
        }
        return TrainingData.of("YX", new int[] {patch, patch}, 1, 1, xs, ys);
    }

    /** Trains a CARE model on synthetic tubules and evaluates it on the real images. */
    static List<Outcome> run(Engine engine, CareConfig config, double[] pixelSizes, int perSize, int patch,
            TrainingSettings settings, Path modelDir, List<RealImage> images) {
        TrainingData data = trainingData(pixelSizes, perSize, patch, 1);
        TrainingData.Split split = data.split(0.1);
        List<Outcome> out = new ArrayList<>();
        try (CareModel model = CareModel.create(engine, config, 3)) {
            model.train(split.train(), split.validation(), settings, modelDir, TrainingListener.NONE,
                    Augmentation.flipsAndRotations(), false);
            for (RealImage img : images) {
                FloatImage in = FloatImage.of("YX", new long[] {img.ny(), img.nx()}, img.pixels());
                float[] care = model.predict(in, PredictOptions.defaults()).mean().toArray();
                out.add(evaluate(img, care));
            }
        }
        return out;
    }

    /** The readouts of one image: input, RL at its best iteration count, and the CARE restoration. */
    static Outcome evaluate(RealImage img, float[] care) {
        double inputRes = Decorrelation.analyze(img.pixels(), img.ny(), img.nx()).resolutionPx();
        Psf psf = psf(img.matchedPixelNm());
        float[] min = img.pixels().clone();
        float lo = Float.POSITIVE_INFINITY;
        for (float v : min) {
            lo = Math.min(lo, v);
        }
        for (int i = 0; i < min.length; i++) {
            min[i] -= lo;
        }
        double bestRl = Double.POSITIVE_INFINITY;
        int bestIt = 0;
        float[] bestRlImage = null;
        for (int it : RL_ITERATIONS) {
            float[] rl = RichardsonLucy.deconvolve(min, 1, img.ny(), img.nx(), psf, it, 0, RichardsonLucy.Listener.NONE);
            double r = Decorrelation.analyze(rl, img.ny(), img.nx()).resolutionPx();
            if (r < bestRl) {
                bestRl = r;
                bestIt = it;
                bestRlImage = rl;
            }
        }
        double careRes = Decorrelation.analyze(care, img.ny(), img.nx()).resolutionPx();
        Squirrel.Result sc = Squirrel.map(img.pixels(), care, img.ny(), img.nx());
        Squirrel.Result sr = Squirrel.map(img.pixels(), bestRlImage, img.ny(), img.nx());
        return new Outcome(img.name(), img.matchedPixelNm(), inputRes, bestRl, bestIt, careRes, sc.rsp(), sc.rse(),
                sr.rsp(), img.pixels(), bestRlImage, care, sc.errorMap());
    }

    /** The panel input | RL | CARE | error map of one outcome. */
    static void panel(Outcome o, Path png) throws Exception {
        int n = (int) Math.round(Math.sqrt(o.input().length));
        long[] shape = {o.input().length / n, n};
        PanelPng.write(png, List.of(
                new PanelPng.Panel(String.format(Locale.ROOT, "input (%.2f px)", o.inputRes()),
                        FloatImage.of("YX", shape, o.input())),
                new PanelPng.Panel(String.format(Locale.ROOT, "RL %d it. (%.2f px)", o.rlIterations(), o.rlRes()),
                        FloatImage.of("YX", shape, o.rl())),
                new PanelPng.Panel(String.format(Locale.ROOT, "CARE (%.2f px)", o.careRes()),
                        FloatImage.of("YX", shape, o.care())),
                new PanelPng.Panel(String.format(Locale.ROOT, "error map (RSP %.3f)", o.rspCare()),
                        FloatImage.of("YX", shape, o.errorMap()))), true);
    }

    static TrainingSettings settings(int epochs, int steps, int batch, Duration budget) {
        return new TrainingSettings(epochs, steps, batch, 4e-4, LossKind.MAE, 0.5, 10, 0, 7, budget, 5);
    }
}
