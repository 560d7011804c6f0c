package org.jcare.training.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jcare.engine.Engine;
import org.jcare.io.image.FloatImage;
import org.jcare.training.CareModel;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.ProjectionParams;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.data.Augmentation;
import org.jcare.training.data.PatchOptions;
import org.jcare.training.data.RawData;
import org.jcare.training.data.ReducedTargetPatches;
import org.jcare.training.data.TrainingData;
import org.jcare.training.eval.Metrics;
import org.jcare.training.eval.ProjectionBaselines;
import org.jcare.training.loop.EpochResult;
import org.jcare.training.loop.LossKind;
import org.jcare.training.loop.TrainingListener;
import org.jcare.training.loop.TrainingSettings;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.ProjectionPredictor;
import org.jcare.training.predict.PredictionListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Projection + denoising on generated curved-surface stacks ({@link SurfaceStacks}): a projection model trained jointly
 * on a few stacks (reduced-target patches, CSBDeep's create_patches_reduced_target) restores a held-out stack's layer
 * better than the maximum projection and than the maximum projection followed by the best Gaussian filter.
 */
class ProjectionSyntheticDataTest {
    static Object[] protocol(int stacks, int size, int patches, int epochs, int steps, int projDepth, int filters,
                             Path dir) throws Exception {
        int depth = 16;
        List<FloatImage> sources = new ArrayList<>();
        List<FloatImage> targets = new ArrayList<>();
        for (int i = 0; i < stacks; i++) {
            SurfaceStacks.Sample s = SurfaceStacks.make(100 + i, depth, size, size);
            sources.add(s.stack());
            targets.add(s.target());
        }
        RawData raw = RawData.fromImagesReducedTarget(sources, targets, "ZYX", "YX");
        TrainingData data = ReducedTargetPatches.create(raw, PatchOptions.builder(new int[] {depth, 32, 32}, patches)
                .seed(5).build());
        TrainingData.Split split = data.split(0.1);
        CareConfig config = CareConfig.builder("ZYX").unetNDepth(2).unetNFirst(filters).unetKernSize(3)
                .task(TaskSpec.ofProjection(new ProjectionParams("Z", projDepth, 8, 1, null, null))).build();
        TrainingSettings settings = new TrainingSettings(epochs, steps, 8, 4e-4, LossKind.MAE, 0.5, 10, 0, 5,
                Duration.ofMinutes(20), 5);
        SurfaceStacks.Sample test = SurfaceStacks.make(7, depth, 96, 96);
        FloatImage max = ProjectionBaselines.maxProjection(test.stack());
        Metrics.ImageMetrics maxM = Metrics.evaluate(test.target(), max);
        Metrics.ImageMetrics gauss = null;
        for (double sigma : new double[] {0.5, 1, 1.5, 2, 3}) {
            Metrics.ImageMetrics m = Metrics.evaluate(test.target(), ProjectionBaselines.gaussian(max, sigma));
            gauss = gauss == null || m.psnr() > gauss.psnr() ? m : gauss;
        }
        try (Engine engine = Engine.open((String) null);
             CareModel model = CareModel.create(engine, config, 5)) {
            long t0 = System.nanoTime();
            List<EpochResult> h = model.train(split.train(), split.validation(), settings, dir.resolve("proj"),
                    TrainingListener.NONE, new Augmentation(false, true, true, true), false);
            double seconds = (System.nanoTime() - t0) / 1e9;
            try (CareModel loaded = CareModel.load(engine, dir.resolve("proj"))) {
                ProjectionPredictor p = (ProjectionPredictor) loaded.predictor();
                ProjectionPredictor.Result r = p.predict(test.stack(), PredictOptions.defaults(),
                        PredictionListener.NONE, true);
                assertEquals("YX", r.restoration().mean().axes().letters());
                Metrics.ImageMetrics care = Metrics.evaluate(test.target(), r.restoration().mean());
                String report = String.format(Locale.ROOT, "projection on generated %dx96x96 stacks: %d steps (%d"
                        + " patches of %d stacks) in %.0f s on %s; PSNR/SSIM max projection %.2f/%.4f, max + best"
                        + " Gaussian %.2f/%.4f, CARE %.2f/%.4f", depth, h.size() * steps, data.size(), stacks, seconds,
                        engine.device().name(), maxM.psnr(), maxM.ssim(), gauss.psnr(), gauss.ssim(), care.psnr(),
                        care.ssim());
                System.out.println(report);
                return new Object[] {maxM, gauss, care, report};
            }
        }
    }

    static void assertBeatsBoth(Object[] m) {
        Metrics.ImageMetrics max = (Metrics.ImageMetrics) m[0];
        Metrics.ImageMetrics gauss = (Metrics.ImageMetrics) m[1];
        Metrics.ImageMetrics care = (Metrics.ImageMetrics) m[2];
        String report = (String) m[3];
        assertTrue(care.psnr() > max.psnr() && care.psnr() > gauss.psnr(), report);
        assertTrue(care.ssim() > max.ssim() && care.ssim() > gauss.ssim(), report);
    }

    @Test
    void beatsMaximumProjectionAndMaximumProjectionWithGaussian(@TempDir Path dir) throws Exception {
        assertBeatsBoth(protocol(4, 64, 64, 10, 25, 2, 16, dir));
    }

    @Tag("slow")
    @Test
    void beatsTheBaselinesWithCsbdeepsProjectionDepth(@TempDir Path dir) throws Exception {
        assertBeatsBoth(protocol(8, 96, 128, 40, 50, 4, 32, dir));
    }
}
