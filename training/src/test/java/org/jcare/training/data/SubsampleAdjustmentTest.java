package org.jcare.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** CSBDeep's {@code _adjust_subsample}: the worked examples of CARE-MODES.md 1.1 (checked with a numpy replica). */
class SubsampleAdjustmentTest {
    @Test
    void documentedExamples() {
        assertEquals(new SubsampleAdjustment(10.2, 510), SubsampleAdjustment.of(512, 10.2, 0.2));
        assertEquals(new SubsampleAdjustment(4.0, 100), SubsampleAdjustment.of(100, 4, 0.2));
        assertEquals(new SubsampleAdjustment(2.5, 35), SubsampleAdjustment.of(37, 2.5, 0.2));
        // CSBDeep issue #35: 4.88599 loses digits down to 4.89
        assertEquals(new SubsampleAdjustment(4.89, 489), SubsampleAdjustment.of(512, 4.88599, 0.2));
        assertEquals(new SubsampleAdjustment(3.0, 39), SubsampleAdjustment.of(40, 3, 0.2));
    }

    @Test
    void tooLargeFactorsAreRefusedWithTheCsbdeepMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SubsampleAdjustment.of(10, 6.5, 0.2));
        assertTrue(e.getMessage().contains("subsample factor 6.5 too large"), e.getMessage());
        // 9.5 is no error: its digit is dropped, round(9.5) = 10.0 (half to even) fits the axis exactly
        assertEquals(new SubsampleAdjustment(10.0, 10), SubsampleAdjustment.of(10, 9.5, 0.2));
        assertThrows(IllegalArgumentException.class, () -> SubsampleAdjustment.of(10, 0.5, 0.2));
    }

    @Test
    void pythonNumberSemantics() {
        assertEquals("10.2", SubsampleAdjustment.repr(10.2));
        assertEquals("4.0", SubsampleAdjustment.repr(4.0));
        assertEquals("0.1", SubsampleAdjustment.repr(0.1));
        assertEquals(4.886, SubsampleAdjustment.round(4.88599, 4));
        assertEquals(2.67, SubsampleAdjustment.round(2.675, 2)); // the binary value is below 2.675
        assertEquals(0.0, SubsampleAdjustment.round(0.5, 0));    // half to even
    }
}
