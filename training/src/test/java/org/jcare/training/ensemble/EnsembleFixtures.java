package org.jcare.training.ensemble;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jcare.training.config.CareConfig;
import org.jcare.training.data.TrainingData;

/** Small synthetic training data and a tiny probabilistic configuration for ensemble tests. */
final class EnsembleFixtures {
    private EnsembleFixtures() {
    }

    /** A tiny probabilistic U-Net trained for {@code epochs} x 5 steps of batch 4. */
    static CareConfig tinyConfig(int epochs) {
        return CareConfig.builder("YX").probabilistic(true).unetNDepth(1).unetNFirst(4).unetKernSize(3)
                .trainEpochs(epochs).trainStepsPerEpoch(5).trainBatchSize(4).build();
    }

    /** 40 noisy/clean 16x16 patch pairs of smooth random blobs, split 32 / 8. */
    static TrainingData.Split data() {
        SplittableRandom r = new SplittableRandom(3);
        List<float[]> x = new ArrayList<>();
        List<float[]> y = new ArrayList<>();
        for (int s = 0; s < 40; s++) {
            float[] clean = new float[256];
            float[] noisy = new float[256];
            double cy = 16 * r.nextDouble();
            double cx = 16 * r.nextDouble();
            for (int i = 0; i < 256; i++) {
                double d2 = Math.pow(i / 16 - cy, 2) + Math.pow(i % 16 - cx, 2);
                clean[i] = (float) Math.exp(-d2 / 20);
                noisy[i] = (float) (clean[i] + 0.2 * r.nextGaussian());
            }
            x.add(noisy);
            y.add(clean);
        }
        return TrainingData.of("YX", new int[] {16, 16}, 1, 1, x, y).split(0.2);
    }
}
