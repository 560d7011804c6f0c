package org.jcare.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.jcare.engine.Engine;
import org.jcare.kernels.mixture.MixtureRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The protocol on synthetic images whose calibration is known, in raw units of any scale. */
class CalibrationReportTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /**
     * Ground truth drawn from the mixture of three members' Laplace predictions, everything in raw units
     * {@code 1000 + 400 v}: the ensemble is calibrated; each member alone is not (it misses the others' spread).
     */
    private static Object[] image(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] gt = new float[n];
        float[][] mu = new float[3][n];
        float[][] b = new float[3][n];
        for (int i = 0; i < n; i++) {
            double base = i % 7 == 0 ? 0.8 : 0.1 + 0.05 * r.nextDouble(); // bright structures on a dim background
            double[] pm = new double[3];
            double[] pb = new double[3];
            for (int k = 0; k < 3; k++) {
                pm[k] = base + 0.05 * r.nextGaussian();
                pb[k] = 0.02 + 0.02 * r.nextDouble();
                mu[k][i] = (float) (1000 + 400 * pm[k]);
                b[k][i] = (float) (400 * pb[k]);
            }
            gt[i] = (float) (1000 + 400 * MixtureRef.sample(pm, pb, seed, i, 0));
        }
        return new Object[] {gt, mu, b};
    }

    @Test
    void theEnsembleOfTheMixtureThatMadeTheTruthIsCalibratedItsMembersAreNot() {
        CalibrationReport report = new CalibrationReport(engine, new double[] {1, 1, 1}, 1, true);
        for (long s = 1; s <= 2; s++) {
            Object[] img = image(s, 60_000);
            report.add((float[]) img[0], (float[][]) img[1], (float[][]) img[2]);
        }
        List<CalibrationReport.Row> rows = report.rows();
        assertEquals(8, rows.size(), "3 members and the ensemble, all and foreground, no raw rows at factor 1");
        CalibrationReport.Row ensemble = rows.get(6);
        assertEquals("ensemble", ensemble.model());
        assertEquals(120_000, ensemble.result().pixels());
        assertTrue(ensemble.result().ece() < 0.02, ensemble.result().toString());
        CalibrationReport.Row member = rows.get(0);
        assertTrue(member.result().ece() > 0.1 && member.result().meanGap() < 0,
                "one member alone is over-confident: " + member.result());
        assertEquals("foreground", rows.get(7).pixels());
        assertTrue(rows.get(7).result().pixels() < 40_000 && rows.get(7).result().pixels() > 10_000,
                "the bright seventh of the pixels: " + rows.get(7).result().pixels());
        String csv = CalibrationReport.csv(rows);
        assertTrue(csv.startsWith("model,pixels,count,ece,qce,mean_gap,coverage_0.05"), csv);
        assertTrue(CalibrationReport.table(rows).contains("ensemble"));
    }

    @Test
    void storedFactorsAddRawRowsAndChangeTheResult() {
        CalibrationReport report = new CalibrationReport(engine, new double[] {2, 1, 1}, 0.5, true);
        Object[] img = image(3, 30_000);
        report.add((float[]) img[0], (float[][]) img[1], (float[][]) img[2]);
        List<String> names = report.rows().stream().map(CalibrationReport.Row::model).distinct().toList();
        assertEquals(List.of("member 1 (raw)", "member 1", "member 2", "member 3", "ensemble (raw)", "ensemble"),
                names);
        CalibrationReport.Row raw = report.rows().get(8);
        CalibrationReport.Row halved = report.rows().get(10);
        assertEquals("ensemble (raw)", raw.model());
        assertTrue(halved.result().meanGap() < raw.result().meanGap() - 0.05, "halved scales cover less");
    }
}
