package org.jcare.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jcare.engine.Engine;
import org.jcare.io.figure.MapPng;
import org.jcare.io.figure.ReliabilityPng;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;
import org.jcare.training.config.CareConfig;
import org.jcare.training.data.PatchOptions;
import org.jcare.training.data.Patches;
import org.jcare.training.data.RawData;
import org.jcare.training.data.TrainingData;
import org.jcare.training.ensemble.EnsembleReadouts;
import org.jcare.training.ensemble.EnsembleRestoration;
import org.jcare.training.eval.CalibrationReport;
import org.jcare.training.eval.ForegroundMask;
import org.jcare.training.loop.TrainingListener;
import org.jcare.training.predict.PredictOptions;
import org.jcare.training.predict.PredictionListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's ensemble numbers (issue 12), about 10 minutes on 2 CPU cores: an ensemble of 5 probabilistic
 * networks (depth 2, 16 filters, kernel 3, 1000 steps of 16 patches of 64 x 64 each, flips and rotations) trained on
 * the FMD confocal fields bpae_b and bpae_g, evaluated on the held-out field mice: the calibration of every member and
 * of the ensemble before and after recalibration on the validation patches, and the disagreement D on the held-out
 * field, on its clean image given as input, and on a widefield image of BPAE cells (another microscope). Writes the
 * table, reliability diagrams and disagreement maps to {@code target/ensemble-evidence}.
 * Run with {@code mvn -pl training -am verify -Pslow-tests -Dtest=EnsembleEvidenceTest
 * -Dsurefire.failIfNoSpecifiedTests=false}; add {@code -Djcare.ensemble.residual=false} for members without the
 * residual connection (written to {@code target/ensemble-evidence-nonresidual}).
 */
@Tag("slow")
class EnsembleEvidenceTest {
    private static final Path DATA = Path.of("..", "data");
    private static final double MAP_RANGE = 0.3;

    @Test
    void calibrationAndDisagreementOfAnEnsembleOfFive() throws Exception {
        // -Djcare.ensemble.residual=false trains members without the residual connection (CSBDeep's default has it)
        boolean residual = !"false".equals(System.getProperty("jcare.ensemble.residual"));
        Path out = Path.of("target", residual ? "ensemble-evidence" : "ensemble-evidence-nonresidual");
        Files.createDirectories(out);
        TiffReader reader = new TiffReader();
        List<FloatImage> sources = new ArrayList<>();
        List<FloatImage> targets = new ArrayList<>();
        for (String f : new String[] {"bpae_b", "bpae_g"}) {
            sources.add(reader.read(DATA.resolve("fmd/" + f + "_noisy.tif")));
            targets.add(reader.read(DATA.resolve("fmd/" + f + "_gt.tif")));
        }
        TrainingData.Split split = Patches.create(RawData.fromImages(sources, targets, "YX"),
                PatchOptions.builder(new int[] {64, 64}, 128).seed(42).build()).split(0.1);
        CareConfig config = CareConfig.builder("YX").probabilistic(true).unetNDepth(2).unetNFirst(16).unetKernSize(3)
                .unetResidual(residual).trainEpochs(20).trainStepsPerEpoch(50).trainBatchSize(16).build();
        FloatImage miceNoisy = reader.read(DATA.resolve("fmd/mice_noisy.tif"));
        FloatImage miceClean = reader.read(DATA.resolve("fmd/mice_gt.tif"));
        FloatImage widefield = reader.read(DATA.resolve("widefield/bpae_fitc_widefield_crop.tif"));
        Path folder = out.resolve("ensemble");
        if (Files.exists(folder)) {
            org.jcare.io.AtomicFiles.deleteRecursively(folder);
        }
        StringBuilder text = new StringBuilder();
        try (Engine engine = Engine.open((String) null)) {
            long t0 = System.nanoTime();
            CareEnsemble.create(folder, config, 5, 42, true);
            CareEnsemble.train(List.of(engine), folder, split, (k, f, e) -> TrainingListener.NONE, null);
            text.append(String.format(Locale.ROOT, "5 members trained in %.0f s on %s%n", (System.nanoTime() - t0)
                    / 1e9, engine.device().name()));
            try (CareEnsemble ensemble = CareEnsemble.load(engine, folder)) {
                EnsembleRealDataTest.Calibrated cal = EnsembleRealDataTest.calibrate(engine, ensemble,
                        split.validation(), miceNoisy, miceClean);
                double factor = cal.factor();
                double[] own = cal.memberFactors();
                List<CalibrationReport.Row> rows = cal.rows();
                Files.writeString(out.resolve("calibration.csv"), CalibrationReport.csv(rows), StandardCharsets.UTF_8);
                ReliabilityPng.write(out.resolve("reliability.png"), "Held-out FMD field (mice), all pixels",
                        curves(rows, "all"), true);
                ReliabilityPng.write(out.resolve("reliability_foreground.png"), "Held-out FMD field (mice),"
                        + " foreground", curves(rows, "foreground"), true);
                text.append(String.format(Locale.ROOT, "scale factors: ensemble %.4f, members %s%n", factor,
                        java.util.Arrays.toString(own)));
                text.append(CalibrationReport.table(rows));
                double dNoisy = disagreement(ensemble, miceNoisy, out.resolve("disagreement_confocal_heldout.png"),
                        "held-out confocal field (mice)");
                double dClean = disagreement(ensemble, miceClean, null, null);
                double dWide = disagreement(ensemble, widefield, out.resolve("disagreement_widefield.png"),
                        "widefield BPAE (FITC)");
                text.append(String.format(Locale.ROOT, "mean foreground D (nats): held-out confocal %.4f, its clean"
                        + " image as input %.4f, widefield %.4f%n", dNoisy, dClean, dWide));
                Files.writeString(out.resolve("summary.txt"), text, StandardCharsets.UTF_8);
                System.out.println(text);
                double membersRaw = 0;
                double membersRecalibrated = 0;
                for (int k = 1; k <= 5; k++) {
                    membersRaw += EnsembleRealDataTest.ece(rows, "member " + k + " (raw)") / 5;
                    membersRecalibrated += EnsembleRealDataTest.ece(rows, "member " + k) / 5;
                }
                double ensembleRecalibrated = EnsembleRealDataTest.ece(rows, "ensemble");
                assertTrue(ensembleRecalibrated < EnsembleRealDataTest.ece(rows, "ensemble (raw)"), text::toString);
                assertTrue(ensembleRecalibrated <= membersRecalibrated, "the recalibrated ensemble is no worse than"
                        + " its members on average\n" + text);
                assertTrue(membersRecalibrated < membersRaw, text::toString);
                assertTrue(dNoisy > dClean, text::toString);
            }
        }
    }

    /** The mean foreground D of {@code input}'s restoration, and its map when {@code png} is given. */
    private static double disagreement(CareEnsemble ensemble, FloatImage input, Path png, String title)
            throws Exception {
        EnsembleRestoration r = ensemble.predict(input, PredictOptions.defaults(), EnsembleReadouts.standard(),
                PredictionListener.NONE);
        float[] d = r.get("disagreement").toArray();
        boolean[] fg = ForegroundMask.of(r.mean().toArray());
        double s = 0;
        int n = 0;
        for (int i = 0; i < d.length; i++) {
            if (fg[i]) {
                s += d[i];
                n++;
            }
        }
        if (png != null) {
            MapPng.write(png, r.mean(), r.get("disagreement"), new MapPng.Style(title + ", restored",
                    String.format(Locale.ROOT, "disagreement D (foreground mean %.3f)", s / n), "nats", 0, MAP_RANGE),
                    true);
        }
        return s / n;
    }

    private static List<ReliabilityPng.Curve> curves(List<CalibrationReport.Row> rows, String pixels) {
        List<ReliabilityPng.Curve> c = new ArrayList<>();
        for (CalibrationReport.Row r : rows) {
            if (r.pixels().equals(pixels)) {
                c.add(new ReliabilityPng.Curve(String.format(Locale.ROOT, "%s (ECE %.3f)", r.model(),
                        r.result().ece()), r.result().levels(), r.result().coverage(),
                        !r.model().startsWith("member"), r.model().endsWith("(raw)")));
            }
        }
        return c;
    }
}
