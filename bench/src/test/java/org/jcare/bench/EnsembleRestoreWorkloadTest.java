package org.jcare.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jcare.engine.Engine;
import org.junit.jupiter.api.Test;

/** The ensemble workload against one member, on the smoke size. */
class EnsembleRestoreWorkloadTest {
    @Test
    void reportsOneMemberTheMixtureMeanAndTheDefaultReadouts() {
        Workload w = BenchHarness.workloads("smokeensemble").get(0);
        assertEquals(3, w.members());
        assertTrue(w.description().contains("ensemble of 3"), w.description());
        List<BenchRecord> r;
        try (Engine engine = Engine.open((String) null)) {
            r = EnsembleRestoreWorkload.run(engine, w);
        }
        assertEquals(List.of("smokeensemble2d_1member", "smokeensemble2d_meanstd", "smokeensemble2d"),
                r.stream().map(BenchRecord::workload).toList());
        for (BenchRecord b : r) {
            assertTrue(b.medianMs() > 0 && b.description().contains("x one member"), b.description());
        }
        assertEquals(5, BenchHarness.workloads("cpuensemble").get(0).members());
        assertEquals(1, BenchHarness.workloads("cpu").get(0).members());
        assertThrows(IllegalArgumentException.class, () -> Workload.ensemble("huge"));
    }
}
