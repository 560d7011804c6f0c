package org.jcare.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PatchOptionsTest {
    @Test
    void defaultsAreCsbdeeps() {
        PatchOptions o = PatchOptions.builder(new int[] {64, 64}, 8).build();
        assertTrue(o.filter());
        assertEquals(0.4, o.filterThreshold());
        assertEquals(99.9, o.filterPercentile());
        assertTrue(o.normalize());
        assertArrayEquals(new double[] {1, 3}, o.pmin());
        assertArrayEquals(new double[] {99.5, 99.9}, o.pmax());
        assertFalse(o.reluLast());
        assertTrue(o.shuffle());
        assertEquals(0, o.seed());
        assertEquals(0, o.memoryLimitBytes());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PatchOptions.builder(new int[] {0, 64}, 0).filter(1.5, 120).percentiles(3, 1, 99.5, 99.9)
                        .memoryLimitBytes(-1).build());
        String m = e.getMessage();
        assertTrue(m.contains("patch size") && m.contains("patches per image") && m.contains("filter threshold")
                && m.contains("filter percentile") && m.contains("pmin") && m.contains("memory limit"), m);
        IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
                () -> PatchOptions.builder(new int[] {8, 8}, 1).percentiles(1, 99.6, 99.5, 99.9).build());
        assertTrue(overlap.getMessage().contains("must lie below"), overlap.getMessage());
    }

    @Test
    void arraysAreCopied() {
        int[] p = {16, 16};
        PatchOptions o = PatchOptions.builder(p, 1).build();
        p[0] = 3;
        o.patchSize()[1] = 5;
        assertArrayEquals(new int[] {16, 16}, o.patchSize());
    }
}
