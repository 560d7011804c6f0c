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
 * Axial upsampling on real data: the chromosome stack with every 4th slice kept (10 of 40) is restored to 40 slices by
 * a 3D upsampling model trained on the other part of the same stack (CSBDeep's recipe: the full stack as target, its
 * Z subsampled and zoomed back as source), and beats scipy's linear and cubic zoom there in PSNR and SSIM. Training
 * uses rows 0-95, the test rows 96-151 (never seen in training).
 */
class UpsamplingRealDataTest {
    static final double FACTOR = 4;

    static Object[] protocol(int patches, int epochs, int steps, int filters, double lr, Path dir) throws Exception {
        FloatImage all = AxialRealData.truth();
        FloatImage train = AxialRealData.crop(all, 0, 40, 0, 96, 0, 126);
        FloatImage test = AxialRealData.crop(all, 0, 40, 96, 152, 0, 126);
        FloatImage low = ScipyZoom.zoomAxis(test, 'Z', 1 / FACTOR, 0);
        RawData raw = new AnisotropicDistortion(AnisotropicDistortion.Settings.upsampling(FACTOR, null, false, 0, 3))
                .applyTo(RawData.fromImages(List.of(train), List.of(train), "ZYX"));
        TrainingData data = Patches.create(raw, PatchOptions.builder(new int[] {16, 32, 32}, patches).seed(3).build());
        TrainingData.Split split = data.split(0.1);
        CareConfig config = CareConfig.builder("ZYX").unetNDepth(2).unetNFirst(filters).unetKernSize(3)
                .task(TaskSpec.upsampling(FACTOR, null)).build();
        TrainingSettings settings = new TrainingSettings(epochs, steps, 8, lr, LossKind.MAE, 0.5, 10, 0, 3,
                Duration.ofMinutes(20), 5);
        try (Engine engine = Engine.open((String) null);
             CareModel model = CareModel.create(engine, config, 3)) {
            long t0 = System.nanoTime();
            List<EpochResult> h = model.train(split.train(), split.validation(), settings, dir.resolve("up"),
                    TrainingListener.NONE, new Augmentation(true, true, true, false), false);
            double seconds = (System.nanoTime() - t0) / 1e9;
            FloatImage restored = model.predict(low, PredictOptions.defaults()).mean();
            assertEquals(40, restored.size('Z'));
            Metrics.ImageMetrics l = Metrics.evaluate(test, ScipyZoom.zoomAxis(low, 'Z', FACTOR, 1));
            Metrics.ImageMetrics c = Metrics.evaluate(test, ScipyZoom.zoomAxis(low, 'Z', FACTOR, 3));
            Metrics.ImageMetrics r = Metrics.evaluate(test, restored);
            String report = String.format(Locale.ROOT, "upsampling x%.0f, held-out rows 96-151 of %s: %d steps (%d"
                    + " patches) in %.0f s on %s; PSNR/SSIM linear %.2f/%.4f cubic %.2f/%.4f CARE %.2f/%.4f", FACTOR,
                    AxialRealData.STACK.getFileName(), h.size() * steps, data.size(), seconds, engine.device().name(),
                    l.psnr(), l.ssim(), c.psnr(), c.ssim(), r.psnr(), r.ssim());
            System.out.println(report);
            return new Object[] {l, c, r, report};
        }
    }

    @Test
    void beatsLinearAndCubicZoomOnHeldOutRows(@TempDir Path dir) throws Exception {
        IsotropicRealDataTest.assertBeatsBoth(protocol(128, 24, 25, 8, 1e-3, dir));
    }

    @Tag("slow")
    @Test
    void beatsLinearAndCubicZoomWithALargerNetwork(@TempDir Path dir) throws Exception {
        IsotropicRealDataTest.assertBeatsBoth(protocol(512, 30, 50, 16, 4e-4, dir));
    }
}
