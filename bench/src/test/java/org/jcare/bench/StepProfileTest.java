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
}
