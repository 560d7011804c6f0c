package org.jcare.training.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jcare.engine.Engine;
import org.jcare.io.image.FloatImage;
import org.jcare.training.CareModel;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.data.AnisotropicDistortion;
import org.jcare.training.data.Augmentation;
import org.jcare.training.data.PatchOptions;
import org.jcare.training.data.Patches;
import org.jcare.training.data.Psf;
import org.jcare.training.data.RawData;
import org.jcare.training.data.TrainingData;
import org.jcare.training.eval.Metrics;
import org.jcare.training.loop.EpochResult;
import org.jcare.training.loop.LossKind;
import org.jcare.training.loop.TrainingListener;
import org.jcare.training.loop.TrainingSettings;
import org.jcare.training.predict.PredictOptions;
import org.jcare.optics.resample.ScipyZoom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Isotropic restoration on real data, the paper's protocol: the near-isotropic chromosome stack is blurred along Z and
 * subsampled by 4 (10 slices left of 40); an isotropic model is trained on that anisotropic stack alone (its lateral
 * slices, degraded along X the same way, CSBDeep's anisotropic_distortions) and restores it to 40 slices, which beat
 * scipy's linear and cubic zoom along Z against the original in PSNR and SSIM.
 */
class IsotropicRealDataTest {
    static final double FACTOR = 4;
    static final double SIGMA = 2;

    /** Runs the protocol on the sub-volume and returns {linear, cubic, care} metrics and a report. */
    static Object[] protocol(FloatImage truth, int patches, int epochs, int steps, int filters, long seed, Path dir)
            throws Exception {
        Psf psf = AxialRealData.gaussianAlongX(SIGMA);
        FloatImage aniso = AxialRealData.anisotropic(truth, psf, FACTOR);
        RawData raw = new AnisotropicDistortion(AnisotropicDistortion.Settings.isotropic(FACTOR, psf, false, 0, seed))
                .applyTo(RawData.fromImages(List.of(aniso), List.of(aniso), "ZYX"));
        TrainingData data = Patches.create(raw, PatchOptions.builder(new int[] {1, 32, 32}, patches).seed(seed)
                .build());
        TrainingData.Split split = data.split(0.1);
        CareConfig config = CareConfig.builder("YX").unetNDepth(2).unetNFirst(filters).unetKernSize(3)
                .task(TaskSpec.isotropic(FACTOR, psf.source())).build();
        TrainingSettings settings = new TrainingSettings(epochs, steps, 16, 4e-4, LossKind.MAE, 0.5, 10, 0, seed,
                Duration.ofMinutes(20), 5);
        FloatImage linear = ScipyZoom.zoomAxis(aniso, 'Z', FACTOR, 1);
        FloatImage cubic = ScipyZoom.zoomAxis(aniso, 'Z', FACTOR, 3);
        try (Engine engine = Engine.open((String) null);
             CareModel model = CareModel.create(engine, config, seed)) {
            long t0 = System.nanoTime();
            List<EpochResult> h = model.train(split.train(), split.validation(), settings, dir.resolve("iso"),
                    TrainingListener.NONE, new Augmentation(true, true, false, false), false);
            double seconds = (System.nanoTime() - t0) / 1e9;
            // the API restores with the factor the model records, and loading keeps the task
            try (CareModel loaded = CareModel.load(engine, dir.resolve("iso"))) {
                FloatImage restored = loaded.predict(aniso, PredictOptions.defaults()).mean();
                assertEquals(truth.size('Z'), restored.size('Z'));
                Metrics.ImageMetrics l = Metrics.evaluate(truth, linear);
                Metrics.ImageMetrics c = Metrics.evaluate(truth, cubic);
                Metrics.ImageMetrics r = Metrics.evaluate(truth, restored);
                String report = String.format(Locale.ROOT, "isotropic x%.0f on %s %s: %d steps (%d patches) in %.0f s"
                        + " on %s; PSNR/SSIM linear %.2f/%.4f cubic %.2f/%.4f CARE %.2f/%.4f", FACTOR,
                        java.util.Arrays.toString(truth.shape()), AxialRealData.STACK.getFileName(),
                        h.size() * steps, data.size(), seconds, engine.device().name(), l.psnr(), l.ssim(), c.psnr(),
                        c.ssim(), r.psnr(), r.ssim());
                System.out.println(report);
                return new Object[] {l, c, r, report};
            }
        }
    }

    static void assertBeatsBoth(Object[] m) {
        Metrics.ImageMetrics l = (Metrics.ImageMetrics) m[0];
        Metrics.ImageMetrics c = (Metrics.ImageMetrics) m[1];
        Metrics.ImageMetrics r = (Metrics.ImageMetrics) m[2];
        String report = (String) m[3];
        assertTrue(r.psnr() > l.psnr() && r.psnr() > c.psnr(), report);
        assertTrue(r.ssim() > l.ssim() && r.ssim() > c.ssim(), report);
    }

    @Test
    void beatsLinearAndCubicZoomOnACropOfTheRealStack(@TempDir Path dir) throws Exception {
        FloatImage truth = AxialRealData.crop(AxialRealData.truth(), 0, 40, 24, 120, 16, 112);
        assertBeatsBoth(protocol(truth, 256, 24, 25, 16, 3, dir));
    }

    @Tag("slow")
    @Test
    void beatsLinearAndCubicZoomOnTheWholeRealStack(@TempDir Path dir) throws Exception {
        assertBeatsBoth(protocol(AxialRealData.truth(), 1024, 40, 50, 32, 3, dir));
    }
}
