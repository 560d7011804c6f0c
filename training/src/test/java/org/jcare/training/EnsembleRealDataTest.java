package org.jcare.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jcare.engine.Engine;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;
import org.jcare.training.config.CareConfig;
import org.jcare.training.ensemble.EnsembleReadouts;
import org.jcare.training.ensemble.EnsembleRestoration;
import org.jcare.training.data.PatchOptions;
import org.jcare.training.data.Patches;
import org.jcare.training.data.RawData;
import org.jcare.training.data.TrainingData;
import org.jcare.training.eval.CalibrationReport;
import org.jcare.training.eval.ForegroundMask;
import org.jcare.training.eval.ScaleRecalibration;
import org.jcare.training.loop.TrainingListener;
import org.jcare.training.model.CareNetwork;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.PredictionListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evidence on real data in the default suite (issue 12), with a tiny ensemble (3 members, depth 2, 8 filters, 300
 * steps each) trained on two FMD confocal fields and evaluated on the third, held out: recalibration on the
 * validation patches lowers the ensemble's calibration error on the held-out field, and the members disagree on the
 * noise they remove (D on the noisy field is far above D on the same field's clean image as input). The README's
 * numbers come from the larger {@link EnsembleEvidenceTest} (tagged slow).
 */
class EnsembleRealDataTest {
    static final Path DATA = Path.of("..", "data");

    @Test
    void recalibrationHelpsOnAHeldOutFieldAndMembersDisagreeOnNoise(@TempDir Path dir) throws Exception {
        TiffReader reader = new TiffReader();
        List<FloatImage> sources = new ArrayList<>();
        List<FloatImage> targets = new ArrayList<>();
        for (String f : new String[] {"bpae_b", "bpae_g"}) {
            sources.add(reader.read(DATA.resolve("fmd/" + f + "_noisy.tif")));
            targets.add(reader.read(DATA.resolve("fmd/" + f + "_gt.tif")));
        }
        TrainingData patches = Patches.create(RawData.fromImages(sources, targets, "YX"),
                PatchOptions.builder(new int[] {32, 32}, 96).seed(1).build());
        TrainingData.Split split = patches.split(0.15);
        CareConfig config = CareConfig.builder("YX").probabilistic(true).unetNDepth(2).unetNFirst(8).unetKernSize(3)
                .trainEpochs(10).trainStepsPerEpoch(30).trainBatchSize(16).build();
        FloatImage miceNoisy = RealDataRestorationTest.rows(reader.read(DATA.resolve("fmd/mice_noisy.tif")), 0, 256);
        FloatImage miceClean = RealDataRestorationTest.rows(reader.read(DATA.resolve("fmd/mice_gt.tif")), 0, 256);
        Path folder = dir.resolve("ensemble");
        try (Engine engine = Engine.open((String) null)) {
            CareEnsemble.create(folder, config, 3, 1, true);
            CareEnsemble.train(List.of(engine), folder, split, (k, f, e) -> TrainingListener.NONE, null);
            try (CareEnsemble ensemble = CareEnsemble.load(engine, folder)) {
                Calibrated cal = calibrate(engine, ensemble,
                        split.validation(), miceNoisy, miceClean);
                double factor = cal.factor();
                List<CalibrationReport.Row> rows = cal.rows();
                double raw = ece(rows, "ensemble (raw)");
                double recalibrated = ece(rows, "ensemble");
                double dNoisy = foregroundD(ensemble, miceNoisy, miceClean);
                double dClean = foregroundD(ensemble, miceClean, miceClean);
                String text = String.format(Locale.ROOT, "tiny ensemble, held-out mice field: scale factor %.3f, ECE"
                        + " raw %.4f -> recalibrated %.4f; mean foreground D: noisy input %.4f, clean input %.4f%n%s",
                        factor, raw, recalibrated, dNoisy, dClean, CalibrationReport.table(rows));
                System.out.println(text);
                assertTrue(recalibrated < raw, text);
                assertTrue(dNoisy > 2 * dClean, text);
            }
        }
    }

    static double ece(List<CalibrationReport.Row> rows, String model) {
        return rows.stream().filter(r -> r.model().equals(model) && r.pixels().equals("all")).findFirst()
                .orElseThrow().result().ece();
    }

    /** The mean disagreement over the foreground (Otsu on {@code structure}) of {@code input}'s restoration. */
    static double foregroundD(CareEnsemble ensemble, FloatImage input, FloatImage structure) {
        float[] d = ensemble.predict(input, PredictOptions.defaults(), EnsembleReadouts.standard(),
                PredictionListener.NONE).get("disagreement").toArray();
        boolean[] fg = ForegroundMask.of(structure.toArray());
        double s = 0;
        int n = 0;
        for (int i = 0; i < d.length; i++) {
            if (fg[i]) {
                s += d[i];
                n++;
            }
        }
        return s / n;
    }

    /** The fitted scale factors (the mixture's, each member's) and the calibration rows of the model and its members. */
    record Calibrated(double factor, double[] memberFactors, List<CalibrationReport.Row> rows) {
    }

    /**
     * Fits the ensemble's scale factor and each member's own on {@code validation} (without storing the members'),
     * restores {@code noisy} with every member and reports the calibration of all of them against {@code clean}.
     */
    static Calibrated calibrate(Engine engine, CareEnsemble ensemble, TrainingData validation, FloatImage noisy,
            FloatImage clean) throws java.io.IOException {
        int n = ensemble.size();
        double factor = ensemble.recalibrate(validation);
        double[] own = new double[n];
        for (int k = 0; k < n; k++) {
            List<CareNetwork> one = List.of(ensemble.members().get(k).network());
            own[k] = ScaleRecalibration.fitOnPatches(one, validation, 16);
        }
        CalibrationReport report = new CalibrationReport(engine, own, factor, true);
        EnsembleRestoration m = ensemble.predict(noisy, PredictOptions.defaults(),
                EnsembleReadouts.memberPredictions(), PredictionListener.NONE, 1);
        float[][] mu = new float[n][];
        float[][] b = new float[n][];
        for (int k = 0; k < n; k++) {
            mu[k] = m.get("member" + (k + 1) + "_mean").toArray();
            b[k] = m.get("member" + (k + 1) + "_scale").toArray();
        }
        report.add(clean.toArray(), mu, b);
        return new Calibrated(factor, own, report.rows());
    }
}
