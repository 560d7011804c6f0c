package org.jcare.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jcare.engine.Engine;
import org.jcare.io.FileFormatException;
import org.jcare.io.image.FloatImage;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.ProjectionParams;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.data.TrainingData;
import org.jcare.training.ensemble.EnsembleManifest;
import org.jcare.training.ensemble.EnsembleReadouts;
import org.jcare.training.ensemble.EnsembleRestoration;
import org.jcare.training.loop.TrainingListener;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.PredictionListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ensemble API: create, train, load, restore, recalibrate; for every task. */
class CareEnsembleTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static TrainingData.Split data() {
        SplittableRandom r = new SplittableRandom(3);
        List<float[]> x = new ArrayList<>();
        List<float[]> y = new ArrayList<>();
        for (int s = 0; s < 40; s++) {
            float[] clean = new float[256];
            float[] noisy = new float[256];
            for (int i = 0; i < 256; i++) {
                clean[i] = (float) (0.5 + 0.4 * Math.sin((i / 16) * 0.4 + s) * Math.cos((i % 16) * 0.3));
                noisy[i] = (float) (clean[i] + 0.2 * r.nextGaussian());
            }
            x.add(noisy);
            y.add(clean);
        }
        return TrainingData.of("YX", new int[] {16, 16}, 1, 1, x, y).split(0.2);
    }

    @Test
    void trainsLoadsRestoresAndRecalibrates(@TempDir Path dir) throws Exception {
        CareConfig config = CareConfig.builder("YX").probabilistic(true).unetNDepth(1).unetNFirst(4).unetKernSize(3)
                .trainEpochs(2).trainStepsPerEpoch(5).trainBatchSize(4).build();
        Path folder = dir.resolve("ens");
        CareEnsemble.create(folder, config, 3, 5, false);
        FileFormatException unfinished = assertThrows(FileFormatException.class,
                () -> CareEnsemble.load(engine, folder));
        assertTrue(unfinished.getMessage().contains("member_01") && unfinished.getMessage().contains("--resume"),
                unfinished.getMessage());
        TrainingData.Split split = data();
        CareEnsemble.train(List.of(engine), folder, split, (k, f, e) -> TrainingListener.NONE, null);
        assertTrue(CareEnsemble.isEnsemble(folder));
        FloatImage image = FloatImage.zeros("YX", 40, 44);
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < image.planeSize(); i++) {
            image.plane(0)[i] = (float) (100 + 20 * r.nextGaussian());
        }
        try (CareEnsemble e = CareEnsemble.load(engine, folder)) {
            assertEquals(3, e.size());
            assertTrue(e.isProbabilistic());
            assertEquals(1, e.scaleFactor());
            EnsembleRestoration plain = e.predict(image, PredictOptions.defaults(), EnsembleReadouts.standard(),
                    PredictionListener.NONE);
            assertEquals(List.of("mean", "std", "disagreement", "disagreement_norm"),
                    new ArrayList<>(plain.images().keySet()));
            assertEquals(3, plain.members());
            EnsembleRestoration wide = e.predict(image, PredictOptions.defaults(), EnsembleReadouts.standard(),
                    PredictionListener.NONE, 3);
            float[] s1 = plain.get("std").plane(0);
            float[] s3 = wide.get("std").plane(0);
            float[] d1 = plain.get("disagreement").plane(0);
            float[] d3 = wide.get("disagreement").plane(0);
            double std1 = 0;
            double std3 = 0;
            double dd1 = 0;
            double dd3 = 0;
            for (int i = 0; i < s1.length; i++) {
                std1 += s1[i];
                std3 += s3[i];
                dd1 += d1[i];
                dd3 += d3[i];
            }
            assertTrue(std3 > 2 * std1, "three times the scales widen the mixture: " + std1 + " -> " + std3);
            assertTrue(dd3 < dd1, "and the same spread of means is smaller against them: " + dd1 + " -> " + dd3);
            assertEquals(plain.mean().plane(0)[7], wide.mean().plane(0)[7], 0, "the mean does not depend on scales");

            double f = e.recalibrate(split.validation());
            assertTrue(f > 0.01 && f < 100, "factor " + f);
            assertEquals(f, EnsembleManifest.read(folder).scaleFactor(), 1e-12);
            assertEquals(f, e.scaleFactor(), 1e-12);
            e.storeScaleFactor(null);
            assertNull(EnsembleManifest.read(folder).scaleFactor());
            assertThrows(IllegalArgumentException.class, () -> plain.get("var"));

            // after training: the mixture's factor in the manifest, each member's own (fitted alone) in its config
            assertEquals(f, e.recalibrateMixtureAndMembers(split.validation()), 1e-12);
            assertEquals(f, EnsembleManifest.read(folder).scaleFactor(), 1e-12);
            for (int k = 0; k < 3; k++) {
                double own = org.jcare.training.eval.ScaleRecalibration.fitOnPatches(
                        List.of(e.members().get(k).network()), split.validation(), 4);
                assertEquals(own, org.jcare.training.config.CareConfigJson.read(folder.resolve(
                        e.manifest().members().get(k).folder()).resolve("config.json")).laplaceScaleFactor(), 1e-12);
            }
        }
    }

    /**
     * Ensembles of the isotropic, upsampling and projection tasks train (the task in the manifest and in every member),
     * load, restore as their task does (Z upsampled by the recorded factor; projection to 2D) and recalibrate on their
     * validation patches (a projection's targets lack Z). Tiny networks, two steps per member: plumbing only.
     */
    @Test
    void everyTaskTrainsRestoresAndRecalibratesAsAnEnsemble(@TempDir Path dir) throws Exception {
        SplittableRandom r = new SplittableRandom(4);
        TaskCase[] cases = {
            new TaskCase(CareConfig.builder("YX").task(TaskSpec.isotropic(2, null)),
                    TrainingData.of("YX", new int[] {16, 16}, 1, 1, noise(r, 12, 256), noise(r, 12, 256)),
                    image(r, 4, 16, 16), new long[] {8, 16, 16}),
            new TaskCase(CareConfig.builder("ZYX").task(TaskSpec.upsampling(2, null)),
                    TrainingData.of("ZYX", new int[] {4, 8, 8}, 1, 1, noise(r, 12, 256), noise(r, 12, 256)),
                    image(r, 3, 16, 16), new long[] {6, 16, 16}),
            new TaskCase(CareConfig.builder("ZYX").task(TaskSpec.ofProjection(new ProjectionParams("Z", 1, 4, 1,
                    new int[] {3, 3, 3}, new int[] {1, 2, 2}))),
                    TrainingData.reducedTarget(new int[] {4, 8, 8}, 1, 1, noise(r, 12, 256), noise(r, 12, 64)),
                    image(r, 4, 16, 16), new long[] {16, 16})};
        for (TaskCase t : cases) {
            CareConfig config = t.config.probabilistic(true).unetNDepth(1).unetNFirst(4).unetKernSize(3)
                    .trainEpochs(1).trainStepsPerEpoch(2).trainBatchSize(4).build();
            String name = config.task().kind().jsonName();
            Path folder = dir.resolve(name);
            CareEnsemble.create(folder, config, 2, 7, true);
            TrainingData.Split split = t.data.split(0.25);
            CareEnsemble.train(List.of(engine), folder, split, (k, f, e) -> TrainingListener.NONE, null);
            assertEquals(config.task(), EnsembleManifest.read(folder).config().task(), name);
            try (CareEnsemble e = CareEnsemble.load(engine, folder)) {
                assertEquals(config.task().kind(), e.config().task().kind(), name + ": the members' own task");
                EnsembleRestoration out = e.predict(t.image, PredictOptions.defaults(), EnsembleReadouts.standard(),
                        PredictionListener.NONE);
                for (FloatImage img : out.images().values()) {
                    long[] shape = java.util.Arrays.stream(img.shape()).filter(v -> v != 1).toArray();
                    org.junit.jupiter.api.Assertions.assertArrayEquals(t.outShape, shape, name + ": " + img);
                    for (float v : img.toArray()) {
                        assertTrue(Float.isFinite(v), name);
                    }
                }
                double f = e.recalibrate(split.validation());
                assertTrue(f > 0.01 && f < 100, name + ": factor " + f);
            }
        }
    }

    private record TaskCase(CareConfig.Builder config, TrainingData data, FloatImage image, long[] outShape) {
    }

    private static List<float[]> noise(SplittableRandom r, int count, int length) {
        List<float[]> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            float[] v = new float[length];
            for (int i = 0; i < length; i++) {
                v[i] = (float) (0.5 + 0.3 * Math.sin(i * 0.3 + s) + 0.1 * r.nextGaussian());
            }
            out.add(v);
        }
        return out;
    }

    private static FloatImage image(SplittableRandom r, long... zyx) {
        FloatImage img = FloatImage.zeros("ZYX", zyx);
        for (int p = 0; p < img.planeCount(); p++) {
            for (int i = 0; i < img.planeSize(); i++) {
                img.plane(p)[i] = (float) (100 + 20 * Math.sin(i * 0.2 + p) + 5 * r.nextGaussian());
            }
        }
        return img;
    }
}
