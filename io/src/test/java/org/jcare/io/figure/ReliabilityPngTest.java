package org.jcare.io.figure;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReliabilityPngTest {
    @Test
    void drawsOneCurvePerModel(@TempDir Path dir) throws Exception {
        double[] nominal = {0.1, 0.5, 0.9};
        Path png = dir.resolve("reliability.png");
        ReliabilityPng.write(png, "Calibration", List.of(
                new ReliabilityPng.Curve("model (ECE 0.20)", nominal, new double[] {0.05, 0.3, 0.7}, false, true),
                new ReliabilityPng.Curve("ensemble (ECE 0.02)", nominal, new double[] {0.1, 0.48, 0.88}, true, false)),
                false);
        PngChecks.decode(png, 700, 600);
        assertThrows(IllegalArgumentException.class,
                () -> new ReliabilityPng.Curve("x", nominal, new double[2], true, false));
    }
}
