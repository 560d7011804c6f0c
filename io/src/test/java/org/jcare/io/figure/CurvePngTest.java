package org.jcare.io.figure;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurvePngTest {
    @TempDir
    Path dir;

    static TrainingCurves curves(int n) {
        double[] e = new double[n];
        double[] l = new double[n];
        double[] v = new double[n];
        double[] lr = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = i;
            l[i] = 1.0 / (1 + i);
            v[i] = 1.2 / (1 + 0.8 * i);
            lr[i] = i < n / 2 ? 4e-4 : 2e-4;
        }
        return new TrainingCurves(e, l, v, lr);
    }

    @Test
    void writesLinearAndLogCurves() throws Exception {
        Path lin = dir.resolve("lin.png");
        CurvePng.write(lin, curves(30), CurvePng.Style.DEFAULT, false);
        PngChecks.decode(lin, 800, 500);
        Path log = dir.resolve("log.png");
        CurvePng.write(log, curves(200), new CurvePng.Style(640, 400, true, true, "log"), false);
        PngChecks.decode(log, 640, 400);
    }

    @Test
    void logAxisRejectsNonPositiveLoss() {
        TrainingCurves c = new TrainingCurves(new double[] {0, 1}, new double[] {1, -0.5}, new double[0],
                new double[0]);
        assertThrows(IllegalArgumentException.class, () -> CurvePng.render(c, CurvePng.Style.DEFAULT.withLogY(true)));
        CurvePng.render(c, CurvePng.Style.DEFAULT);
    }
}
