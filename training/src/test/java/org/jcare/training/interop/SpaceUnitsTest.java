package org.jcare.training.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SpaceUnitsTest {
    @Test
    void imageJUnitsBecomeSpecUnits() {
        assertEquals("micrometer", SpaceUnits.of("micron"));
        assertEquals("micrometer", SpaceUnits.of("\u00b5m"));
        assertEquals("micrometer", SpaceUnits.of(" um "));
        assertEquals("nanometer", SpaceUnits.of("nm"));
        assertNull(SpaceUnits.of("pixel"));
        assertNull(SpaceUnits.of(""));
        assertNull(SpaceUnits.of(null));
    }
}
