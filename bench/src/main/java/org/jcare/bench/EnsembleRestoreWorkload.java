package org.jcare.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jcare.engine.Engine;
import org.jcare.io.image.FloatImage;
import org.jcare.training.ensemble.EnsembleReadouts;
import org.jcare.training.ensemble.EnsembleTileProgram;
import org.jcare.training.model.NetworkCost;
import org.jcare.training.model.UNet;
import org.jcare.training.model.UNetSpec;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.PredictionListener;
import org.jcare.training.predict.TiledPredictor;

/**
 * Times an ensemble restoration against one member's (issue 12: an ensemble of M restores in at most 1.1 M times one
 * member's time, because the tile is read, normalized and uploaded once and the tiling is shared): M probabilistic
 * CSBDeep default networks on a random image, through the tiled predictor. Three records: one member alone
 * ({@code _1member}), the ensemble's mixture mean and standard deviation ({@code _meanstd}: the restoration and its
 * closed-form readouts), and the ensemble with what {@code jcare predict} writes by default (mean, standard deviation
 * and the disagreement D, whose quadrature is the expensive readout); the descriptions give the ratio to one
 * member.
 */
public final class EnsembleRestoreWorkload {
    private EnsembleRestoreWorkload() {
    }

    /** Runs {@code w} (members > 1) on {@code engine}. */
    public static List<BenchRecord> run(Engine engine, Workload w) {
        long[] spatial = Arrays.copyOfRange(w.shape(), 2, w.shape().length);
        FloatImage image = FloatImage.zeros(w.nDim() == 3 ? "ZYX" : "YX", spatial);
        SplittableRandom r = new SplittableRandom(1);
        for (int p = 0; p < image.planeCount(); p++) {
            float[] plane = image.plane(p);
            for (int i = 0; i < plane.length; i++) {
                plane[i] = (float) r.nextDouble();
            }
        }
        List<UNet> nets = new ArrayList<>();
        try {
            for (int k = 0; k < w.members(); k++) {
                nets.add(new UNet(engine, UNetSpec.csbdeepDefault(w.nDim(), 1, true)).initialize(42 + k));
            }
            float[] factors = new float[w.members()];
            Arrays.fill(factors, 1f);
            List<BenchRecord> out = new ArrayList<>();
            double flops = NetworkCost.forwardFlops(nets.get(0), spatial);
            Timing.Result one = time(engine, w, new TiledPredictor(nets.get(0)), image);
            out.add(record(engine, w, "_1member", "one member of the ensemble", one, flops, one));
            EnsembleReadouts meanStd = new EnsembleReadouts(false, true, null, 0, 0, false, false);
            try (EnsembleTileProgram mean = new EnsembleTileProgram(nets, true, factors, meanStd);
                 EnsembleTileProgram std = new EnsembleTileProgram(nets, true, factors,
                         EnsembleReadouts.standard())) {
                Timing.Result m = time(engine, w, new TiledPredictor(mean), image);
                out.add(record(engine, w, "_meanstd", "mixture mean and std", m, flops * w.members(), one));
                Timing.Result s = time(engine, w, new TiledPredictor(std), image);
                out.add(record(engine, w, "", "mean, std and disagreement D", s, flops * w.members(), one));
            }
            return out;
        } finally {
            nets.forEach(UNet::close);
        }
    }

    private static Timing.Result time(Engine engine, Workload w, TiledPredictor p, FloatImage image) {
        engine.pool().resetPeak();
        return Timing.measure(w.warmup(), w.iterations(),
                () -> p.predictOutputs(image, PredictOptions.defaults(), PredictionListener.NONE),
                () -> engine.cl().finish());
    }

    private static BenchRecord record(Engine engine, Workload w, String suffix, String what, Timing.Result t,
                                      double flops, Timing.Result one) {
        String description = w.description() + ": " + what + String.format(Locale.ROOT, ", %.2fx one member",
                t.medianMs() / one.medianMs());
        return new BenchRecord(w.name() + suffix, description, engine.device().name(), engine.device().driverVersion(),
                engine.precision().name().toLowerCase(Locale.ROOT), RunInfo.commit(), RunInfo.date(), t.medianMs(),
                t.minMs(), t.iterations(), w.voxels() / t.medianMs() / 1e3, flops / t.medianMs() / 1e9,
                engine.pool().peakBytesInUse());
    }
}
