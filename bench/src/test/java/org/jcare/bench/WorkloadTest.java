package org.jcare.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The standard workloads of issue 5. */
class WorkloadTest {
    @Test
    void gpuAndCpuSetsMatchTheIssue() {
        Workload t3 = Workload.gpu().get(0);
        assertEquals(3, t3.nDim());
        assertEquals(3, t3.kernel());
        assertEquals(16L * 16 * 64 * 64, t3.voxels());
        assertTrue(t3.description().contains("batch 16 of 16x64x64"), t3.description());
        Workload r2 = Workload.cpu().get(3);
        assertEquals(5, r2.kernel());
        assertEquals(1024L * 1024, r2.voxels());
        assertTrue(r2.description().startsWith("restore 1024x1024"), r2.description());
        assertEquals(6, Workload.smoke().size());
    }

    @Test
    void taskWorkloadsOfIssue11() {
        Workload iso = Workload.gpu().stream().filter(w -> w.name().equals("restoreiso")).findFirst().orElseThrow();
        assertEquals("isotropic", iso.task());
        assertEquals(5, iso.factor());
        assertEquals(100L * 1024 * 1024, iso.voxels());
        assertEquals(5, iso.kernel(), "the isotropic model is CSBDeep's 2D default");
        assertTrue(iso.description().startsWith("isotropic restore 100x1024x1024"), iso.description());
        Workload proj = Workload.gpu().stream().filter(w -> w.name().equals("trainproj")).findFirst().orElseThrow();
        assertEquals("projection", proj.task());
        assertTrue(proj.train() && !proj.isStandard());
        assertTrue(Workload.gpu().get(0).isStandard());
    }
}
