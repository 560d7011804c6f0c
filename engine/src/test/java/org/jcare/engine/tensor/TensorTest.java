package org.jcare.engine.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.jcare.engine.Engine;
import org.jcare.engine.testing.TestEngines;
import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void hostDeviceRoundTripAndFill() {
        try (Engine engine = TestEngines.open(); Scope scope = engine.scope()) {
            float[] data = {1, -2, 3.5f, 4, 5, 6};
            Tensor t = engine.tensor(Shape.of(1, 1, 2, 3), data);
            assertArrayEquals(data, t.toArray());
            assertArrayEquals(new float[] {7, 7, 7}, engine.full(Shape.of(3), 7f).toArray());
            Tensor view = t.reshape(Shape.of(6));
            assertArrayEquals(data, view.toArray());
            assertThrows(IllegalArgumentException.class, () -> t.reshape(Shape.of(5)));
            assertThrows(IllegalArgumentException.class, () -> t.copyFrom(new float[5]));
        }
    }

    @Test
    void accumulateAddsElementwise() {
        try (Engine engine = TestEngines.open(); Scope scope = engine.scope()) {
            Tensor a = engine.tensor(Shape.of(1000), ramp(1000, 1));
            Tensor b = engine.tensor(Shape.of(1000), ramp(1000, 2));
            engine.accumulate(a, b);
            float[] out = a.toArray();
            for (int i = 0; i < 1000; i++) {
                assertEquals(3f * i, out[i], 0f);
            }
        }
    }

    @Test
    void scopeClosesItsTensorsAndKeepHandsOneOut() {
        try (Engine engine = TestEngines.open()) {
            Tensor kept;
            Tensor dropped;
            try (Scope scope = engine.scope()) {
                dropped = engine.zeros(Shape.of(10));
                kept = scope.keep(engine.zeros(Shape.of(10)));
            }
            assertFalse(dropped.isOpen());
            assertTrue(kept.isOpen());
            kept.close();
            assertThrows(IllegalStateException.class, kept::buffer);
        }
    }

    static float[] ramp(int n, float scale) {
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = scale * i;
        }
        return r;
    }
}
