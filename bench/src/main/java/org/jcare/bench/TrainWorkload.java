package org.jcare.bench;

import java.util.SplittableRandom;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.training.loop.LossKind;
import org.jcare.training.loop.TrainStep;
import org.jcare.training.model.NetworkCost;
import org.jcare.training.model.UNet;
import org.jcare.training.model.UNetSpec;

/** Times training steps of the default U-Net on random data (the trainer's own {@link TrainStep}). */
public final class TrainWorkload {
    private TrainWorkload() {
    }

    /** Runs {@code w} on {@code engine} and returns its record. */
    public static BenchRecord run(Engine engine, Workload w) {
        UNetSpec spec = UNetSpec.csbdeepDefault(w.nDim(), 1, false);
        Shape shape = Shape.of(w.shape());
        try (UNet net = new UNet(engine, spec).initialize(42);
             TrainStep step = new TrainStep(net, LossKind.MAE);
             Tensor x = engine.tensor(shape, random(shape, 1));
             Tensor y = engine.tensor(shape, random(shape, 2))) {
            engine.pool().resetPeak();
            Timing.Result t = Timing.measure(w.warmup(), w.iterations(), () -> step.run(x, y, 4e-4f, null),
                    () -> engine.cl().finish());
            long[] spatial = java.util.Arrays.copyOfRange(w.shape(), 2, w.shape().length);
            double flops = NetworkCost.trainStepFlops(net, spatial, (int) w.shape()[0]);
            long peak = engine.pool().peakBytesInUse() + net.parameters().flatLength() * 4 * 4;
            return new BenchRecord(w.name(), w.description(), engine.device().name(), engine.device().driverVersion(),
                    engine.precision().name().toLowerCase(java.util.Locale.ROOT), RunInfo.commit(), RunInfo.date(),
                    t.medianMs(), t.minMs(), t.iterations(), w.voxels() / t.medianMs() / 1e3,
                    flops / t.medianMs() / 1e9, peak);
        }
    }

    static float[] random(Shape s, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[Math.toIntExact(s.numel())];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble();
        }
        return a;
    }
}
