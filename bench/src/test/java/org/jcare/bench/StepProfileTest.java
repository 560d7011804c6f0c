package org.jcare.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Kernel families and the profile's table and JSON. */
class StepProfileTest {
    @Test
    void familiesDropTheVariant() {
        assertEquals("conv3d_forward", StepProfile.family("conv3d_forward_cpu"));
        assertEquals("conv3d_forward", StepProfile.family("conv3d_forward"));
        assertEquals("fill", StepProfile.family("fill"));
    }

    @Test
    void tableAndJsonCarryEveryFamily() {
        List<StepProfile.Row> rows = List.of(new StepProfile.Row("conv3d_forward", 21, 3.0, 0.75),
                new StepProfile.Row("adam_step", 1, 1.0, 0.25));
        String table = StepProfile.table("train3d", rows);
        assertTrue(table.contains("conv3d_forward") && table.contains("75.0%") && table.contains("4.000 ms"), table);
        String json = StepProfile.jsonLine("train3d", "dev", "abc", rows);
        assertTrue(json.contains("\"family\":\"adam_step\"") && json.contains("\"share\":0.25"), json);
    }

    @Test
    void wallTimeOutsideKernelsIsItsOwnRow() {
        List<StepProfile.Row> rows = StepProfile.withWallTime(List.of(new StepProfile.Row("conv3d_forward", 21, 3.0, 0.75),
                new StepProfile.Row("adam_step", 1, 1.0, 0.25)), 10.0);
        assertEquals(StepProfile.OFF_DEVICE, rows.get(0).family(), "the largest row first");
        assertEquals(6.0, rows.get(0).ms(), 1e-12);
        assertEquals(0.6, rows.get(0).share(), 1e-12);
        assertEquals(0.3, rows.get(1).share(), 1e-12, "shares of the wall time");
        List<StepProfile.Row> overlapped = StepProfile.withWallTime(List.of(new StepProfile.Row("a_b", 1, 3.0, 1)), 2.0);
        assertEquals(0.0, overlapped.get(overlapped.size() - 1).ms(), "never negative");
    }
}
