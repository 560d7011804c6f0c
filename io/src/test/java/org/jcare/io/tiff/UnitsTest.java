package org.jcare.io.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void convertsLengthAndTimeUnitsAsFilesSpellThem() {
        assertEquals(0.75, Units.convertLength(750, "nm", "µm"), 1e-12);
        assertEquals(0.5, Units.convertLength(0.5, "micron", "um"));
        assertEquals(3, Units.convertLength(3, "furlong", "µm"), "unknown units are left alone");
        assertEquals(60, Units.seconds("min"));
        assertTrue(Double.isNaN(Units.seconds("fortnight")));
        assertTrue(Units.isPixel("pixel") && Units.isPixel("") && !Units.isPixel("µm"));
    }
}
