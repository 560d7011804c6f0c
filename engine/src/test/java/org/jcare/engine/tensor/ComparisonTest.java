package org.jcare.engine.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ComparisonTest {
    @Test
    void reportsWorstElementWithItsIndex() {
        Comparison c = Comparison.of(new double[] {1, 2, 3, 4}, new float[] {1, 2, 3.5f, 4});
        assertEquals(2, c.worstIndex());
        assertEquals(0.5, c.maxAbsError(), 1e-12);
        assertEquals(0.25 / 30, c.nmse(), 1e-12);
        assertFalse(c.within(1e-3, 1));
        String d = c.describe("op", Shape.of(1, 1, 2, 2));
        assertTrue(d.contains("[0, 0, 1, 0]"), d);
    }

    @Test
    void nanNeverPasses() {
        Comparison c = Comparison.of(new double[] {1, 2}, new float[] {1, Float.NaN});
        assertEquals(1, c.nonFinite());
        assertFalse(c.within(1, 1));
    }
}
