package org.jcare.fiji;

import ij.ImagePlus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jcare.engine.Engine;
import org.jcare.io.image.FloatImage;
import org.jcare.training.CareModel;
import org.jcare.training.config.CareConfig;
import org.jcare.training.data.Augmentation;
import org.jcare.training.data.PatchOptions;
import org.jcare.training.data.Patches;
import org.jcare.training.data.RawData;
import org.jcare.training.data.TrainingData;
import org.jcare.training.loop.EpochResult;
import org.jcare.training.loop.TrainingListener;

/**
 * The work of {@code Train...} without any window: patches from a pair of images, a CARE network trained on them, the
 * model folder written after every epoch (as {@code jcare train}); progress per step, Esc stops after the current step
 * and keeps the last finished epoch's checkpoint.
 */
public final class TrainRun {
    private TrainRun() {
    }

    /**
     * Trains a model on {@code source} / {@code target} and returns its history.
     *
     * @throws IllegalArgumentException when the images do not fit each other or the settings
     * @throws Feedback.Cancelled       when the user cancelled
     */
    public static List<EpochResult> train(ImagePlus source, ImagePlus target, TrainSettings s, Feedback f)
            throws IOException {
        FloatImage x = ImagePlusImages.toFloatImage(source);
        FloatImage y = ImagePlusImages.toFloatImage(target);
        if (!Arrays.equals(x.shape(), y.shape()) || !x.axes().equals(y.axes())) {
            throw new IllegalArgumentException(source.getTitle() + " (" + x + ") and " + target.getTitle() + " ("
                    + y + ") must have the same axes and size");
        }
        String axes = x.axes().letters();
        if (axes.contains("T") || axes.contains("C")) {
            throw new IllegalArgumentException("train on single-channel 2D images or Z stacks; " + source.getTitle()
                    + " has axes " + axes);
        }
        int[] patch = new int[axes.length()];
        for (int i = 0; i < patch.length; i++) {
            int n = (int) x.shape()[i];
            int div = 1 << s.unetNDepth();
            patch[i] = Math.min(s.patchSize(), n / div * div);
            if (patch[i] < div) {
                throw new IllegalArgumentException(source.getTitle() + " is too small along " + axes.charAt(i)
                        + " (" + n + ") for a network of depth " + s.unetNDepth());
            }
        }
        f.status("cutting " + s.patchesPerImage() + " patches of " + Arrays.toString(patch));
        RawData raw = RawData.fromImages(List.of(x), List.of(y), axes);
        TrainingData.Split data = Patches.create(raw, PatchOptions.builder(patch, s.patchesPerImage()).seed(s.seed())
                .build()).split(0.1);
        CareConfig config = CareConfig.builder(axes).unetNFirst(s.unetNFirst()).unetNDepth(s.unetNDepth())
                .unetKernSize(s.unetKernSize()).probabilistic(s.probabilistic()).trainEpochs(s.epochs())
                .trainStepsPerEpoch(s.stepsPerEpoch()).trainBatchSize(s.batchSize()).seed(s.seed()).build();
        long total = (long) s.epochs() * s.stepsPerEpoch();
        try (Engine engine = Engine.open(s.deviceSpec());
             CareModel model = CareModel.create(engine, config, s.seed())) {
            f.status("training on " + engine.device().name());
            Path out = s.model();
            return model.train(data.train(), data.validation(), model.trainingSettings(s.seed()), out,
                    new TrainingListener() {
                        @Override
                        public void onStep(int epoch, int step, int stepsPerEpoch, double runningLoss) {
                            f.progress((long) (epoch - 1) * stepsPerEpoch + step, total);
                            f.checkCancelled();
                        }

                        @Override
                        public void onEpoch(EpochResult r) {
                            f.status(String.format(java.util.Locale.ROOT, "epoch %d/%d: loss %.4g, val_loss %.4g",
                                    r.epoch(), s.epochs(), r.loss(), r.valLoss()));
                        }
                    }, Augmentation.NONE, false);
        }
    }
}
