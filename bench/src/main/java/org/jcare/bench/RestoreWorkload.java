package org.jcare.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jcare.engine.Engine;
import org.jcare.io.image.FloatImage;
import org.jcare.training.model.NetworkCost;
import org.jcare.training.model.UNet;
import org.jcare.training.model.UNetSpec;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.PredictionListener;
import org.jcare.training.predict.Restoration;
import org.jcare.training.predict.TiledPredictor;

/**
 * Times the restoration of a random volume with the default U-Net through the tiled predictor (normalization,
 * padding, tiles planned from the device memory, host transfers included): what a user's "restore" costs.
 */
public final class RestoreWorkload {
    private RestoreWorkload() {
    }

    /** Runs {@code w} on {@code engine} and returns its record. */
    public static BenchRecord run(Engine engine, Workload w) {
        try (Run run = new Run(engine, w)) {
            int[][] tiles = new int[1][];
            engine.pool().resetPeak();
            Timing.Result t = Timing.measure(w.warmup(), w.iterations(), () -> tiles[0] = run.restore().tilesPerAxis(),
                    () -> engine.cl().finish());
            double flops = NetworkCost.forwardFlops(run.net, run.spatial);
            long peak = engine.pool().peakBytesInUse() + run.net.parameters().flatLength() * 4;
            String description = w.description() + ", tiles " + Arrays.toString(tiles[0]).replace(" ", "")
                    + String.format(Locale.ROOT, ", %.1f TFLOP", flops / 1e12);
            return new BenchRecord(w.name(), description, engine.device().name(), engine.device().driverVersion(),
                    engine.precision().name().toLowerCase(Locale.ROOT), RunInfo.commit(), RunInfo.date(),
                    t.medianMs(), t.minMs(), t.iterations(), w.voxels() / t.medianMs() / 1e3,
                    flops / t.medianMs() / 1e9, peak);
        }
    }

    /**
     * Where one restoration of {@code w} spends its time: device time per kernel family, plus a row for the wall time
     * not covered by kernels (normalization and tiling on the host, transfers, launch gaps); shares are of the wall
     * time. One untimed restoration first (kernel builds, pool).
     */
    public static List<StepProfile.Row> profile(Engine engine, Workload w) {
        try (Run run = new Run(engine, w)) {
            run.restore();
            engine.cl().finish();
            long[] wall = new long[1];
            List<StepProfile.Row> rows = StepProfile.measure(engine, 1, () -> {
                long t0 = System.nanoTime();
                run.restore();
                engine.cl().finish();
                wall[0] = System.nanoTime() - t0;
            });
            return StepProfile.withWallTime(rows, wall[0] / 1e6);
        }
    }

    /** A random image of the workload's size and the default U-Net, ready to restore it. */
    private static final class Run implements AutoCloseable {
        final long[] spatial;
        final FloatImage image;
        final UNet net;
        final TiledPredictor predictor;

        Run(Engine engine, Workload w) {
            spatial = Arrays.copyOfRange(w.shape(), 2, w.shape().length);
            image = FloatImage.zeros(w.nDim() == 3 ? "ZYX" : "YX", spatial);
            SplittableRandom r = new SplittableRandom(1);
            for (int p = 0; p < image.planeCount(); p++) {
                float[] plane = image.plane(p);
                for (int i = 0; i < plane.length; i++) {
                    plane[i] = (float) r.nextDouble();
                }
            }
            net = new UNet(engine, UNetSpec.csbdeepDefault(w.nDim(), 1, false)).initialize(42);
            predictor = new TiledPredictor(net);
        }

        Restoration restore() {
            return predictor.predict(image, PredictOptions.defaults(), PredictionListener.NONE);
        }

        @Override
        public void close() {
            net.close();
        }
    }
}
