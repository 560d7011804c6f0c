package org.jcare.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.io.image.FloatImage;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.loop.LossKind;
import org.jcare.training.loop.TrainStep;
import org.jcare.training.model.ProjectionNetwork;
import org.jcare.training.model.ProjectionSpec;
import org.jcare.training.model.UNet;
import org.jcare.training.model.UNetSpec;
import org.jcare.training.predict.IsotropicPredictor;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.PredictionListener;

/**
 * The workloads of the other CARE tasks (issue 11): an isotropic restoration (CSBDeep's default 2D network on every
 * YZ and XZ slice of a stack upsampled along Z, tiles and batches planned from the device memory: what a user's
 * {@code jcare predict} costs) and a training step of CSBDeep's default projection network.
 */
public final class TaskWorkloads {
    private TaskWorkloads() {
    }

    /** Runs {@code w} (isotropic restore or projection train step) and returns its record. */
    public static BenchRecord run(Engine engine, Workload w) {
        return switch (w.task()) {
            case "isotropic" -> isotropic(engine, w);
            case "projection" -> projection(engine, w);
            default -> throw new IllegalArgumentException("workload " + w.name() + ": task " + w.task() + " unknown");
        };
    }

    /** Device time per kernel family of one run of {@code w} (with the wall time outside kernels for restores). */
    public static List<StepProfile.Row> profile(Engine engine, Workload w) {
        if (w.task().equals("projection")) {
            try (Projection p = new Projection(engine, w)) {
                p.step();
                return StepProfile.measure(engine, 2, p::step);
            }
        }
        try (Isotropic iso = new Isotropic(engine, w)) {
            iso.restore();
            engine.cl().finish();
            long[] wall = new long[1];
            List<StepProfile.Row> rows = StepProfile.measure(engine, 1, () -> {
                long t0 = System.nanoTime();
                iso.restore();
                engine.cl().finish();
                wall[0] = System.nanoTime() - t0;
            });
            return StepProfile.withWallTime(rows, wall[0] / 1e6);
        }
    }

    private static BenchRecord isotropic(Engine engine, Workload w) {
        try (Isotropic iso = new Isotropic(engine, w)) {
            int[][] tiles = new int[1][];
            engine.pool().resetPeak();
            Timing.Result t = Timing.measure(w.warmup(), w.iterations(), () -> tiles[0] = iso.restore(),
                    () -> engine.cl().finish());
            long peak = engine.pool().peakBytesInUse() + iso.net.parameters().flatLength() * 4;
            String description = w.description() + ", slice tiles " + Arrays.toString(tiles[0]).replace(" ", "");
            return record(engine, w, description, t, peak);
        }
    }

    private static BenchRecord projection(Engine engine, Workload w) {
        try (Projection p = new Projection(engine, w)) {
            engine.pool().resetPeak();
            Timing.Result t = Timing.measure(w.warmup(), w.iterations(), p::step, () -> engine.cl().finish());
            long peak = engine.pool().peakBytesInUse() + p.net.parameters().flatLength() * 4 * 4;
            return record(engine, w, w.description(), t, peak);
        }
    }

    private static BenchRecord record(Engine engine, Workload w, String description, Timing.Result t, long peak) {
        return new BenchRecord(w.name(), description, engine.device().name(), engine.device().driverVersion(),
                engine.precision().name().toLowerCase(Locale.ROOT), RunInfo.commit(), RunInfo.date(), t.medianMs(),
                t.minMs(), t.iterations(), w.voxels() / t.medianMs() / 1e3, 0, peak);
    }

    /** CSBDeep's default isotropic model (2D, k5, depth 2, 32 filters) and a random stack. */
    private static final class Isotropic implements AutoCloseable {
        final UNet net;
        final FloatImage image;
        final IsotropicPredictor predictor;
        /** The device budget of a 4 GiB card (the bound), or less when the device has less. */
        final long budget;

        Isotropic(Engine engine, Workload w) {
            net = new UNet(engine, UNetSpec.csbdeepDefault(2, 1, false)).initialize(42);
            long[] spatial = Arrays.copyOfRange(w.shape(), 2, w.shape().length);
            image = FloatImage.zeros("ZYX", spatial);
            SplittableRandom r = new SplittableRandom(1);
            for (int p = 0; p < image.planeCount(); p++) {
                float[] plane = image.plane(p);
                for (int i = 0; i < plane.length; i++) {
                    plane[i] = (float) r.nextDouble();
                }
            }
            predictor = new IsotropicPredictor(net, w.factor());
            budget = Math.min(4L << 30, engine.device().isCpu() ? engine.device().globalMemBytes() / 4
                    : engine.device().globalMemBytes() / 2);
        }

        int[] restore() {
            return predictor.predict(image, PredictOptions.defaults().withMemoryBudget(budget),
                    PredictionListener.NONE).tilesPerAxis();
        }

        @Override
        public void close() {
            net.close();
        }
    }

    /** CSBDeep's default ProjectionConfig('ZYX') network, one Adam step on a random batch. */
    private static final class Projection implements AutoCloseable {
        final ProjectionNetwork net;
        final TrainStep step;
        final Tensor x;
        final Tensor y;

        Projection(Engine engine, Workload w) {
            CareConfig c = CareConfig.builder("ZYX").task(TaskSpec.projectionDefaults()).build();
            net = new ProjectionNetwork(engine, ProjectionSpec.fromConfig(c)).initialize(42);
            step = new TrainStep(net, LossKind.MAE);
            Shape xs = Shape.of(w.shape());
            Shape ys = Shape.of(w.shape()[0], 1, w.shape()[3], w.shape()[4]);
            x = engine.tensor(xs, TrainWorkload.random(xs, 1));
            y = engine.tensor(ys, TrainWorkload.random(ys, 2));
        }

        void step() {
            step.run(x, y, 4e-4f, null);
        }

        @Override
        public void close() {
            x.close();
            y.close();
            step.close();
            net.close();
        }
    }
}
