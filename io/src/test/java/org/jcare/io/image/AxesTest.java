package org.jcare.io.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AxesTest {
    @Test
    void parsesAndValidatesEveryProblemAtOnce() {
        assertEquals("TZCYX", Axes.of("tzcyx").letters());
        assertEquals(2, Axes.of("SCYX").indexOf('y'));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Axes.of("ZZQ"));
        assertTrue(e.getMessage().contains("appears twice") && e.getMessage().contains("'Q'")
                && e.getMessage().contains("X and Y are required"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Axes.of(" "));
        assertThrows(IllegalArgumentException.class, () -> Axes.of("ZYX").requireFits(new long[] {2, 2}, "x"));
    }
}
