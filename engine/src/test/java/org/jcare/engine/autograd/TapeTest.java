package org.jcare.engine.autograd;

import static org.junit.jupiter.api.Assertions.*;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.engine.testing.TestEngines;
import org.junit.jupiter.api.Test;

/** The tape's bookkeeping, exercised with two toy ops built on the engine's own kernels. */
class TapeTest {
    /** y = a * x; backward dx = a * dy. */
    static Tensor scale(Tensor x, float a) {
        Engine e = x.engine();
        Tensor y = e.zeros(x.shape());
        e.tensorKernels().axpy(y.buffer(), x.buffer(), a, x.numel());
        e.tape().record("scale", "a=" + a, new Tensor[] {x}, new Tensor[] {y}, (node, g) -> {
            Tensor dx = e.zeros(x.shape());
            e.tensorKernels().axpy(dx.buffer(), g[0].buffer(), a, x.numel());
            return new Tensor[] {dx};
        });
        return y;
    }

    /** y = x1 + x2; backward passes dy through to both (shared gradient tensor). */
    static Tensor add(Tensor x1, Tensor x2) {
        Engine e = x1.engine();
        Tensor y = e.zeros(x1.shape());
        e.accumulate(y, x1);
        e.accumulate(y, x2);
        e.tape().record("add", "", new Tensor[] {x1, x2}, new Tensor[] {y}, (node, g) -> new Tensor[] {g[0], g[0]});
        return y;
    }

    @Test
    void gradientsAccumulateAcrossBranchesAndIntoParameters() {
        try (Engine engine = TestEngines.open(); Scope scope = engine.scope();
             ParameterSet params = new ParameterSet(engine)) {
            Parameter w = params.add("w", Shape.of(4));
            params.allocate();
            w.value().copyFrom(new float[] {1, 2, 3, 4});
            Tensor x = engine.tensor(Shape.of(4), new float[] {1, 1, 1, 1}).requiresGrad(true);
            // z = (2 w + x) + 3 w  ->  dz/dw = 5, dz/dx = 1; seed = 1 per element
            Tensor z = add(add(scale(w.value(), 2), x), scale(w.value(), 3));
            assertEquals(4, engine.tape().size());
            String dump = engine.tape().dump();
            assertTrue(dump.contains("scale{a=2.0}([4] w) -> [4]"), dump);
            engine.tape().backward(z, engine.full(Shape.of(4), 1f));
            assertArrayEquals(new float[] {5, 5, 5, 5}, w.grad().toArray());
            assertArrayEquals(new float[] {1, 1, 1, 1}, engine.tape().grad(x).toArray());
            assertEquals(0, engine.tape().size(), "backward clears the tape");
            // a second backward accumulates; zeroGrad resets in one launch
            Tensor z2 = scale(w.value(), 1);
            engine.tape().backward(z2, engine.full(Shape.of(4), 1f));
            assertArrayEquals(new float[] {6, 6, 6, 6}, w.grad().toArray());
            params.zeroGrad();
            assertArrayEquals(new float[] {0, 0, 0, 0}, w.grad().toArray());
        }
    }

    @Test
    void noGradRecordsNothing() {
        try (Engine engine = TestEngines.open(); Scope scope = engine.scope()) {
            Tensor x = engine.zeros(Shape.of(3)).requiresGrad(true);
            try (var ng = engine.noGrad()) {
                Tensor y = scale(x, 2);
                assertFalse(y.requiresGrad());
            }
            assertEquals(0, engine.tape().size());
            assertTrue(scale(x, 2).requiresGrad());
            engine.tape().clear();
        }
    }

    @Test
    void gradientTemporariesGoBackToThePool() {
        try (Engine engine = TestEngines.open(); ParameterSet params = new ParameterSet(engine)) {
            Parameter w = params.add("w", Shape.of(1 << 16));
            params.allocate();
            long allocationsAfterFirst = 0;
            for (int step = 0; step < 4; step++) {
                try (Scope scope = engine.scope()) {
                    Tensor y = w.value();
                    for (int i = 0; i < 5; i++) {
                        y = scale(y, 1.5f);
                    }
                    engine.tape().backward(y, engine.full(y.shape(), 1f));
                }
                if (step == 0) {
                    allocationsAfterFirst = engine.pool().allocations();
                }
            }
            assertEquals(allocationsAfterFirst, engine.pool().allocations());
            assertEquals(0, engine.pool().bytesInUse());
        }
    }
}
