package org.jcare.io.image;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CalibrationTest {
    @Test
    void knownWhenLateralSizesAre() {
        assertFalse(Calibration.NONE.isKnown());
        assertTrue(new Calibration(0.1, 0.1, 0, "µm", 0).isKnown());
        assertFalse(new Calibration(0.1, 0, 0, "µm", 0).isKnown());
    }
}
