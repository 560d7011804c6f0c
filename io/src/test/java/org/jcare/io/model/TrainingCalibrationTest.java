package org.jcare.io.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCalibrationTest {
    @Test
    void recordsTheFirstCalibratedTiffAndReadsItBack(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("a.tif");
        Path calibrated = dir.resolve("b.tif");
        new TiffWriter().write(FloatImage.zeros("YX", 8, 8), plain);
        new TiffWriter().write(FloatImage.zeros("ZYX", 2, 8, 8).withCalibration(new Calibration(0.1, 0.2, 0.5,
                "micron", 0)), calibrated);
        Path model = Files.createDirectory(dir.resolve("model"));
        assertTrue(TrainingCalibration.ofTiff(plain).isEmpty());
        TrainingCalibration.recordFrom(model, List.of(dir, plain, calibrated));
        Calibration c = TrainingCalibration.read(model).orElseThrow();
        assertEquals(0.1, c.x(), 1e-9);
        assertEquals(0.2, c.y(), 1e-9);
        assertEquals(0.5, c.z(), 1e-9);
        assertTrue(c.unit().equals("micron") || c.unit().equals("\u00b5m") || c.unit().equals("um"), "unit " + c.unit());
        Path none = Files.createDirectory(dir.resolve("none"));
        TrainingCalibration.recordFrom(none, List.of(plain));
        assertTrue(TrainingCalibration.read(none).isEmpty());
        assertTrue(TrainingCalibration.read(dir.resolve("model.zip")).isEmpty());
    }
}
