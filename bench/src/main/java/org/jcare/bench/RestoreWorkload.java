package org.jcare.bench;

import java.util.Arrays;
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
        long[] spatial = Arrays.copyOfRange(w.shape(), 2, w.shape().length);
        FloatImage img = FloatImage.zeros(w.nDim() == 3 ? "ZYX" : "YX", spatial);
        SplittableRandom r = new SplittableRandom(1);
        for (int p = 0; p < img.planeCount(); p++) {
            float[] plane = img.plane(p);
            for (int i = 0; i < plane.length; i++) {
                plane[i] = (float) r.nextDouble();
            }
        }
        try (UNet net = new UNet(engine, UNetSpec.csbdeepDefault(w.nDim(), 1, false)).initialize(42)) {
            TiledPredictor predictor = new TiledPredictor(net);
            int[][] tiles = new int[1][];
            engine.pool().resetPeak();
            Timing.Result t = Timing.measure(w.warmup(), w.iterations(), () -> {
                Restoration res = predictor.predict(img, PredictOptions.defaults(), PredictionListener.NONE);
                tiles[0] = res.tilesPerAxis();
            }, () -> engine.cl().finish());
            double flops = NetworkCost.forwardFlops(net, spatial);
            long peak = engine.pool().peakBytesInUse() + net.parameters().flatLength() * 4;
            String description = w.description() + ", tiles " + Arrays.toString(tiles[0]).replace(" ", "")
                    + String.format(Locale.ROOT, ", %.1f TFLOP", flops / 1e12);
            return new BenchRecord(w.name(), description, engine.device().name(), engine.device().driverVersion(),
                    engine.precision().name().toLowerCase(Locale.ROOT), RunInfo.commit(), RunInfo.date(),
                    t.medianMs(), t.minMs(), t.iterations(), w.voxels() / t.medianMs() / 1e3,
                    flops / t.medianMs() / 1e9, peak);
        }
    }
}
