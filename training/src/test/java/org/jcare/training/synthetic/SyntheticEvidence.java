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
import org.jcare.optics.deconv.FineGridRichardsonLucy;
import org.jcare.optics.deconv.RichardsonLucy;
import org.jcare.optics.psf.FilamentWidths;
import org.jcare.optics.psf.Optics;
import org.jcare.optics.psf.Psf;
import org.jcare.optics.psf.Psfs;
import org.jcare.optics.resolution.Decorrelation;
import org.jcare.optics.resample.ScipyZoom;
import org.jcare.optics.resolution.Squirrel;
import org.jcare.optics.synth.Range;
import org.jcare.optics.synth.Structure;
import org.jcare.optics.synth.SynthDataset;
import org.jcare.optics.synth.SynthSettings;
import org.jcare.optics.synth.SynthSettingsBuilder;
import org.jcare.optics.synth.SyntheticPair;
import org.jcare.optics.synth.SyntheticPairs;
import org.jcare.training.CareModel;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.data.Augmentation;
import org.jcare.training.data.TrainingData;
import org.jcare.training.loop.LossKind;
import org.jcare.training.loop.TrainingListener;
import org.jcare.training.loop.TrainingSettings;
import org.jcare.training.predict.PredictOptions;

/**
 * The chain of the CARE paper's Fig. 4 on real widefield microtubules: train on {@code jcare synth}-style tubules only,
 * restore real images, and check with the readouts.
 *
 * <p><b>The PSF width.</b> The synthetic optics are a 1.4 NA oil widefield at 520 nm; neither real image records its
 * objective, so the PSF's width in pixels is measured from each image: the median FWHM of its thin filaments'
 * cross-sections ({@link FilamentWidths}: microtubules are 25 nm wide, their profile is the PSF's line-spread
 * function). The matched pixel size is the one at which the same estimator reads the same width on simulated camera
 * images of tubules through the synthetic PSF ({@link #matchedPixelNm}), so the estimator's own biases (a Gaussian
 * fitted to an Airy line-spread function, pixel integration, the tubule's width) cancel. Training mixes pixel sizes
 * around the matches, so one model serves both images.
 *
 * <p><b>The grid.</b> With an upsampling factor F the targets lie on a grid F times finer than the camera's and the
 * model is a lateral upsampling model: it zooms its input by F itself ({@code TaskSpec.lateralUpsampling}).
 *
 * <p><b>The readouts</b>, in pixels of the input (a fine grid's value times its spacing) and nm: decorrelation
 * resolution of the input on its own grid, of Richardson-Lucy at its best iteration count (5-80) on the input's grid
 * and on the fine grid ({@link FineGridRichardsonLucy}: the camera's pixel integration in the forward model, no
 * interpolated data), whichever is finer, and of CARE on the fine grid; SQUIRREL's RSP of each restoration against the
 * input. Decorrelation is not run on linearly interpolated images: a linear zoom's spectrum beyond the input's Nyquist
 * frequency is made of attenuated aliases of the band below, and decorrelation reads them as detail (the zoomed input
 * of microtubules2d reads 1.17 input pixels where the input itself reads 3.49); {@link #zoomControl} reports that
 * number for the record.
 */
final class SyntheticEvidence {
    static final Path DATA = Path.of("..", "data", "synthetic");
    static final Optics OPTICS = Optics.widefield(1.4, 520, 1.518);
    static final int[] RL_ITERATIONS = {5, 10, 20, 40, 80};

    /**
     * A real test image.
     *
     * @param pixelNm          the file's pixel size, NaN when it records none
     * @param filamentFwhmPx   the median FWHM of its filaments' cross-sections, pixels
     * @param matchedPixelNm   the synthetic pixel size whose PSF (1.4 NA, 520 nm) has the filaments' width in pixels
     */
    record RealImage(String name, float[] pixels, int ny, int nx, double pixelNm, double filamentFwhmPx,
                     double matchedPixelNm) {
    }

    /**
     * How the training pairs are made.
     *
     * @param upsample   the target grid's factor F
     * @param pixelSizes the synthetic camera pixel sizes mixed, nm
     * @param perSize    pairs per pixel size
     * @param patch      camera patch size (the targets have patch x F)
     * @param density    tubules per 100 um^2
     * @param diffuse    diffuse component strength (0 = none)
     * @param background Perlin background strength
     */
    record Recipe(int upsample, double[] pixelSizes, int perSize, int patch, Range density, Range diffuse,
                  Range background) {
        String describe() {
            return String.format(Locale.ROOT, "upsample %d, pixel sizes %s nm, %d pairs each of %dx%d (targets"
                    + " %dx%d), tubule density %s per 100 um^2, diffuse %s, background %s", upsample,
                    Arrays.toString(pixelSizes), perSize, patch, patch, patch * upsample, patch * upsample, density,
                    diffuse, background);
        }
    }

    /**
     * The numbers for one image. Resolutions are in pixels of the input; {@code rlGrid} says on which grid RL was
     * finest (1 = the input's, F = the fine one).
     */
    record Outcome(String name, double pixelNm, double matchedPixelNm, double filamentFwhmPx, double inputRes,
                   double rlRes, int rlIterations, int rlGrid, double careRes, double rspCare, double rseCare,
                   double rspRl, Widths widths, float[] input, float[] rl, int rlNy, int rlNx, float[] care,
                   int careNy, int careNx, float[] errorMap, int ny, int nx) {
        /** nm per input pixel: the file's, else the matched synthetic one. */
        double nmPerPx() {
            return Double.isNaN(pixelNm) ? matchedPixelNm : pixelNm;
        }

        String row() {
            String unit = Double.isNaN(pixelNm) ? "nm at the matched pixel size" : "nm";
            return String.format(Locale.ROOT, "%s (filaments %.2f px FWHM, PSF matched at %.0f nm/px): decorrelation"
                    + " in input pixels (%s): input %.2f (%.0f), RL %d it. on the %s grid %.2f (%.0f), CARE %.2f"
                    + " (%.0f); RSP vs input: CARE %.3f, RL %.3f", name, filamentFwhmPx, matchedPixelNm, unit, inputRes,
                    inputRes * nmPerPx(), rlIterations, rlGrid == 1 ? "input" : rlGrid + "x", rlRes,
                    rlRes * nmPerPx(), careRes, careRes * nmPerPx(), rspCare, rspRl) + "; " + widths;
        }
    }

    /**
     * Median filament FWHM ({@link FilamentWidths}) in input pixels of the input, the input zoomed linearly as the model
     * zooms it, Richardson-Lucy (the reported one) and CARE: a readout that interpolation cannot fool (a linear zoom
     * leaves filaments as wide as they were).
     */
    record Widths(double input, double zoomed, double rl, double care) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "filament FWHM in input pixels: input %.2f, zoomed input %.2f, RL %.2f,"
                    + " CARE %.2f", input, zoomed, rl, care);
        }
    }

    private SyntheticEvidence() {
    }

    /** The microtubules2d image alone, as read: no PSF matching (NaN widths and pixel size). */
    static RealImage microtubulesUnmatched() throws Exception {
        FloatImage mt = new TiffReader().read(DATA.resolve("microtubules2d_neubias.tif"));
        return new RealImage("microtubules2d", mt.toArray(), (int) mt.size('Y'), (int) mt.size('X'), Double.NaN,
                Double.NaN, Double.NaN);
    }

    /** The real images (the two microtubule images of shared/data, copied into data/synthetic), PSFs matched. */
    static List<RealImage> realImages() throws Exception {
        TiffReader reader = new TiffReader();
        FloatImage mt = reader.read(DATA.resolve("microtubules2d_neubias.tif"));
        FloatImage cell = reader.read(DATA.resolve("cell_dna_mts_actin2d_neubias.tif")); // CYX: DNA, tubulin, actin
        int ps = cell.planeSize();
        float[] tubulin = Arrays.copyOfRange(cell.toArray(), ps, 2 * ps);
        List<RealImage> out = new ArrayList<>();
        out.add(match("microtubules2d", mt.toArray(), (int) mt.size('Y'), (int) mt.size('X'), Double.NaN));
        out.add(match("cell tubulin", tubulin, (int) cell.size('Y'), (int) cell.size('X'), 132.5));
        return out;
    }

    /**
     * The median filament FWHM, in pixels, that {@link FilamentWidths} reads on simulated camera images of tubules
     * through the synthetic PSF at {@code pixelNm} (8 fields of 160 x 160, 10 tubules per 100 um^2, 200-1000 photons,
     * the default background): what an image of this PSF at this pixel size shows.
     */
    static double simulatedFilamentPx(double pixelNm) {
        SynthSettings s = new SynthSettingsBuilder(SynthSettings.defaults(Structure.TUBULES, new int[] {1, 160, 160}))
                .pixelNm(pixelNm).tubuleDensity(Range.of(10)).photons(new Range(200, 1000)).build();
        SyntheticPairs g = new SyntheticPairs(s, psf(pixelNm));
        double[] w = new double[8];
        for (int i = 0; i < w.length; i++) {
            w[i] = FilamentWidths.measure(g.generate(11, i).input(), 160, 160, 300).medianFwhmPx();
        }
        Arrays.sort(w);
        return (w[3] + w[4]) / 2;
    }

    /**
     * The synthetic pixel size (40-160 nm) at which simulated filaments are {@code fwhmPx} wide: bisection on
     * {@link #simulatedFilamentPx}, which falls as the pixels grow (to 1 nm; the estimator's own spread is larger).
     */
    static double matchedPixelNm(double fwhmPx) {
        double lo = 40;
        double hi = 160;
        for (int k = 0; k < 7; k++) {
            double mid = (lo + hi) / 2;
            if (simulatedFilamentPx(mid) > fwhmPx) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** The filament width (nm) the simulated images read at 70 nm pixels: what the estimator sees of this PSF. */
    static double filamentNm() {
        return simulatedFilamentPx(70) * 70;
    }

    static RealImage match(String name, float[] px, int ny, int nx, double pixelNm) {
        double fwhm = FilamentWidths.measure(px, ny, nx, 400).medianFwhmPx();
        return new RealImage(name, px, ny, nx, pixelNm, fwhm, matchedPixelNm(fwhm));
    }

    static SyntheticPairs generator(double pixelNm, int patch, int upsample, Range density, Range diffuse,
            Range background) {
        SynthSettings s = new SynthSettingsBuilder(SynthSettings.defaults(Structure.TUBULES, new int[] {1, patch, patch}))
                .pixelNm(pixelNm).upsample(upsample).tubuleDensity(density).diffuseStrength(diffuse)
                .backgroundStrength(background).build();
        return new SyntheticPairs(s, psf(pixelNm));
    }

    static Psf psf(double pixelNm) {
        return Psfs.widefield(OPTICS, 0, pixelNm, pixelNm);
    }

    /** Synthetic training pairs of {@code recipe}. */
    static TrainingData trainingData(Recipe recipe, long seed) {
        double[] sizes = recipe.pixelSizes();
        int perSize = recipe.perSize();
        List<float[]> x = new ArrayList<>();
        List<float[]> y = new ArrayList<>();
        for (int k = 0; k < sizes.length; k++) {
            List<SyntheticPair> pairs = SynthDataset.generate(generator(sizes[k], recipe.patch(), recipe.upsample(),
                    recipe.density(), recipe.diffuse(), recipe.background()), seed + k, perSize,
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
            for (int k = 0; k < sizes.length; k++) {
                xs.add(x.get(k * perSize + i));
                ys.add(y.get(k * perSize + i));
            }
        }
        int t = recipe.patch() * recipe.upsample();
        return TrainingData.of("YX", new int[] {t, t}, 1, 1, xs, ys);
    }

    /**
     * Trains a CARE model on synthetic tubules (a lateral upsampling model when the recipe upsamples) and evaluates it
     * on the real images: the model gets each raw image and zooms it itself.
     */
    static List<Outcome> run(Engine engine, CareConfig config, Recipe recipe, TrainingSettings settings, Path modelDir,
            List<RealImage> images) {
        List<Outcome> out = new ArrayList<>();
        for (FloatImage care : restore(engine, config, recipe, settings, modelDir, images)) {
            RealImage img = images.get(out.size());
            out.add(evaluate(img, care.toArray(), (int) care.size('Y'), (int) care.size('X')));
        }
        return out;
    }

    /**
     * Trains a CARE model on synthetic tubules (a lateral upsampling model when the recipe upsamples) and restores the
     * real images with it: the model gets each raw image and zooms it itself.
     */
    static List<FloatImage> restore(Engine engine, CareConfig config, Recipe recipe, TrainingSettings settings,
            Path modelDir, List<RealImage> images) {
        TrainingData data = trainingData(recipe, 1);
        TrainingData.Split split = data.split(0.1);
        CareConfig c = recipe.upsample() == 1 ? config : config.toBuilder()
                .task(TaskSpec.lateralUpsampling(recipe.upsample(), "jcare synth tubules, " + OPTICS)).build();
        List<FloatImage> out = new ArrayList<>();
        try (CareModel model = CareModel.create(engine, c, 3)) {
            model.train(split.train(), split.validation(), settings, modelDir, TrainingListener.NONE,
                    Augmentation.flipsAndRotations(), false);
            for (RealImage img : images) {
                FloatImage in = FloatImage.of("YX", new long[] {img.ny(), img.nx()}, img.pixels());
                out.add(model.predict(in, PredictOptions.defaults()).mean());
            }
        }
        return out;
    }

    /** The median filament FWHM of an image of {@code ny x nx} pixels, in pixels ({@link FilamentWidths}). */
    static double filamentFwhmPx(float[] image, int ny, int nx) {
        return FilamentWidths.measure(image, ny, nx, 400).medianFwhmPx();
    }

    /** The readouts of one image: input, RL at its best iteration count and grid, and the CARE restoration. */
    static Outcome evaluate(RealImage img, float[] care, int my, int mx) {
        int ny = img.ny();
        int nx = img.nx();
        double fineStep = ScipyZoom.step(ny, my); // input pixels per pixel of the CARE grid
        double inputRes = Decorrelation.analyze(img.pixels(), ny, nx).resolutionPx();
        float[] min = minusMinimum(img.pixels());
        double bestRl = Double.POSITIVE_INFINITY;
        int bestIt = 0;
        int bestGrid = 1;
        float[] bestRlImage = null;
        int f = (int) Math.round((double) my / ny);
        for (int g : f == 1 ? List.of(1) : List.of(1, f)) {
            Psf psf = psf(img.matchedPixelNm() / g);
            for (int it : RL_ITERATIONS) {
                float[] rl = g == 1
                        ? RichardsonLucy.deconvolve(min, 1, ny, nx, psf, it, 0, RichardsonLucy.Listener.NONE)
                        : FineGridRichardsonLucy.deconvolve(min, 1, ny, nx, psf, g, it, RichardsonLucy.Listener.NONE);
                // no significant peak reads infinity: never the best
                double r = Decorrelation.analyze(rl, ny * g, nx * g).resolutionPx() / g;
                if (bestRlImage == null || r < bestRl) {
                    bestRl = r;
                    bestIt = it;
                    bestGrid = g;
                    bestRlImage = rl;
                }
            }
        }
        double careRes = Decorrelation.analyze(care, my, mx).resolutionPx() * fineStep;
        Squirrel.Result sc = Squirrel.map(img.pixels(), ny, nx, care, my, mx, Squirrel.Grid.ZOOM);
        Squirrel.Result sr = Squirrel.map(img.pixels(), ny, nx, bestRlImage, ny * bestGrid, nx * bestGrid,
                Squirrel.Grid.BINNED);
        Widths widths = new Widths(filamentFwhmPx(img.pixels(), ny, nx),
                filamentFwhmPx(zoom(img, f), ny * f, nx * f) * ScipyZoom.step(ny, ny * f),
                filamentFwhmPx(bestRlImage, ny * bestGrid, nx * bestGrid) / bestGrid,
                filamentFwhmPx(care, my, mx) * fineStep);
        return new Outcome(img.name(), img.pixelNm(), img.matchedPixelNm(), img.filamentFwhmPx(), inputRes, bestRl,
                bestIt, bestGrid, careRes, sc.rsp(), sc.rse(), sr.rsp(), widths, img.pixels(), bestRlImage,
                ny * bestGrid, nx * bestGrid, care, my, mx, sc.errorMap(), ny, nx);
    }

    /** Decorrelation of the input zoomed linearly by {@code f}, in input pixels: the interpolation artifact. */
    static double zoomControl(RealImage img, int f) {
        float[] z = zoom(img, f);
        return Decorrelation.analyze(z, img.ny() * f, img.nx() * f).resolutionPx()
                * ScipyZoom.step(img.ny(), img.ny() * f);
    }

    /** The image zoomed linearly by {@code f} along Y and X, as a lateral upsampling model zooms its input. */
    static float[] zoom(RealImage img, int f) {
        return ScipyZoom.zoomLateral(FloatImage.of("YX", new long[] {img.ny(), img.nx()}, img.pixels()), f, 1).toArray();
    }

    private static float[] minusMinimum(float[] a) {
        float lo = Float.POSITIVE_INFINITY;
        for (float v : a) {
            lo = Math.min(lo, v);
        }
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - lo;
        }
        return out;
    }

    /** Panels show at most this many input pixels of a side (the centre of larger images), so detail stays visible. */
    static final int PANEL_SIDE = 160;

    /**
     * The panel input | RL | CARE | error map of one outcome (each on its own grid, shown at one height): the central
     * {@value #PANEL_SIDE} x {@value #PANEL_SIDE} input pixels, or the whole image when it is smaller.
     */
    static void panel(Outcome o, Path png) throws Exception {
        double nm = o.nmPerPx();
        int side = Math.min(PANEL_SIDE, Math.min(o.ny(), o.nx()));
        int y0 = (o.ny() - side) / 2;
        int x0 = (o.nx() - side) / 2;
        PanelPng.write(png, List.of(
                new PanelPng.Panel(String.format(Locale.ROOT, "input (%.0f nm)", o.inputRes() * nm),
                        crop(o.input(), o.ny(), o.nx(), y0, x0, side, 1)),
                new PanelPng.Panel(String.format(Locale.ROOT, "RL %d it.%s (%.0f nm)", o.rlIterations(),
                        o.rlGrid() == 1 ? "" : ", " + o.rlGrid() + "x grid", o.rlRes() * nm),
                        crop(o.rl(), o.rlNy(), o.rlNx(), y0, x0, side, o.rlGrid())),
                new PanelPng.Panel(String.format(Locale.ROOT, "CARE (%.0f nm)", o.careRes() * nm),
                        crop(o.care(), o.careNy(), o.careNx(), y0, x0, side, o.careNy() / o.ny())),
                new PanelPng.Panel(String.format(Locale.ROOT, "error map (RSP %.3f)", o.rspCare()),
                        crop(o.errorMap(), o.ny(), o.nx(), y0, x0, side, 1))), true);
    }

    /** The square of {@code side} input pixels at (y0, x0) of an image on a grid {@code f} times finer. */
    private static FloatImage crop(float[] a, int ny, int nx, int y0, int x0, int side, int f) {
        int s = side * f;
        float[] out = new float[s * s];
        for (int y = 0; y < s; y++) {
            System.arraycopy(a, (y0 * f + y) * nx + x0 * f, out, y * s, s);
        }
        return FloatImage.of("YX", new long[] {s, s}, out);
    }

    static TrainingSettings settings(int epochs, int steps, int batch, Duration budget) {
        return new TrainingSettings(epochs, steps, batch, 4e-4, LossKind.MAE, 0.5, 10, 0, 7, budget, 5);
    }
}
