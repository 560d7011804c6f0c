package org.jcare.engine.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Kernel sources from the class path, one file or several joined in order. */
class KernelSourceTest {
    @Test
    void joinsSeveralFilesInOrderUnderOneName() {
        KernelSource s = KernelSource.load(KernelSourceTest.class, "source_part_a.cl", "source_part_b.cl");
        assertEquals("org/jcare/engine/cl/source_part_a.cl+org/jcare/engine/cl/source_part_b.cl", s.name());
        assertTrue(s.text().indexOf("inline float twice") < s.text().indexOf("__kernel void doubled"),
                "the shared function comes first");
        assertTrue(s.text().contains("v; }\n\n__kernel"), "files separated by a line break");
    }

    @Test
    void missingFileIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KernelSource.load(KernelSourceTest.class, "source_part_a.cl", "nope.cl"));
        assertTrue(e.getMessage().contains("org/jcare/engine/cl/nope.cl"), e.getMessage());
    }

    @Test
    void joinPutsSourcesOfAnyOriginInOrder() {
        KernelSource shared = KernelSource.of("shared", "inline int one() { return 1; }");
        KernelSource own = KernelSource.load(KernelSourceTest.class, "source_part_b.cl");
        KernelSource s = KernelSource.join(shared, own);
        assertEquals("shared+org/jcare/engine/cl/source_part_b.cl", s.name());
        assertTrue(s.text().startsWith("inline int one() { return 1; }\n__kernel void doubled"), s.text());
        assertThrows(IllegalArgumentException.class, KernelSource::join);
    }
}
