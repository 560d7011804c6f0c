package org.jcare.engine.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.jcare.engine.Engine;
import org.jcare.engine.testing.TestEngines;
import org.junit.jupiter.api.Test;

class BufferPoolTest {
    @Test
    void sizeClassesWasteAtMostAFifth() {
        for (long b : new long[] {1, 255, 256, 257, 1000, 4096, 4097, 123_457, 1L << 30, (1L << 30) + 1}) {
            long c = BufferPool.sizeClass(b);
            assertTrue(c >= b, "class " + c + " of " + b);
            assertTrue(c - b < Math.max(256, b / 4 + 1), "class " + c + " of " + b);
        }
    }

    @Test
    void repeatedStepsReuseBuffers() {
        try (Engine engine = TestEngines.open()) {
            long afterFirst = -1;
            for (int step = 0; step < 5; step++) {
                try (Scope scope = engine.scope()) {
                    engine.empty(Shape.of(16, 32, 64, 64));
                    engine.empty(Shape.of(16, 32, 64, 64));
                    engine.empty(Shape.of(1000));
                }
                if (step == 0) {
                    afterFirst = engine.pool().allocations();
                }
            }
            assertEquals(afterFirst, engine.pool().allocations(), "no allocation after the first step");
            assertEquals(0, engine.pool().bytesInUse());
            assertTrue(engine.pool().peakBytesInUse() >= 2L * 16 * 32 * 64 * 64 * 4);
        }
    }
}
