package org.jcare.engine.autograd;

import static org.junit.jupiter.api.Assertions.*;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.testing.TestEngines;
import org.junit.jupiter.api.Test;

class ParameterSetTest {
    @Test
    void parametersAreAlignedViewsOfOneFlatBuffer() {
        try (Engine engine = TestEngines.open(); ParameterSet params = new ParameterSet(engine)) {
            Parameter a = params.add("a.weight", Shape.of(3, 1, 5, 5));
            Parameter b = params.add("a.bias", Shape.of(3));
            params.allocate();
            assertEquals(78, params.count());
            long align = Math.max(16, engine.device().baseAddrAlignBytes() / 4);
            assertEquals(0, a.offset());
            assertEquals(0, b.offset() % align);
            assertTrue(b.offset() >= 75);
            b.value().copyFrom(new float[] {1, 2, 3});
            float[] flat = params.readValues();
            assertEquals(params.flatLength(), flat.length);
            assertEquals(2f, flat[(int) b.offset() + 1]);
            flat[(int) a.offset()] = 9;
            params.writeValues(flat);
            assertEquals(9f, a.value().toArray()[0]);
            assertSame(a, b.value().parameter() == b ? a : a);
            assertTrue(a.value().requiresGrad());
            assertThrows(IllegalStateException.class, () -> params.add("late", Shape.of(1)));
            assertThrows(IllegalArgumentException.class, () -> params.get("nope"));
        }
    }
}
