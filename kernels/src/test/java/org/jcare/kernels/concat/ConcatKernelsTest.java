package org.jcare.kernels.concat;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.testing.DeviceChecks;
import org.jcare.kernels.testing.ShapeGrid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConcatKernelsTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void concatenationAndSplitMatchTheReference() {
        long seed = 1;
        int[] otherChannels = {16, 1, 3};
        int i = 0;
        for (Shape sa : ShapeGrid.activations()) {
            Shape sb = sa.with(1, otherChannels[i++ % otherChannels.length]);
            try (Scope scope = engine.scope()) {
                DoubleTensor a = DoubleTensor.uniform(sa, seed++, -1, 1).roundedToFloat();
                DoubleTensor b = DoubleTensor.uniform(sb, seed++, -1, 1).roundedToFloat();
                Tensor ad = DeviceChecks.leaf(engine, a);
                Tensor bd = DeviceChecks.leaf(engine, b);
                Tensor y = Concat.channels(ad, bd);
                DoubleTensor yRef = ConcatRef.channels(a, b);
                DeviceChecks.assertMatches("concat " + sa + " + " + sb, yRef, y, 0, 0);
                DoubleTensor dy = DoubleTensor.uniform(yRef.shape(), seed++, -1, 1).roundedToFloat();
                engine.tape().backward(y, DeviceChecks.upload(engine, dy));
                int ca = sa.dimInt(1);
                DeviceChecks.assertMatches("concat da " + sa, ConcatRef.slice(dy, 0, ca), engine.tape().grad(ad), 0, 0);
                DeviceChecks.assertMatches("concat db " + sb, ConcatRef.slice(dy, ca, sb.dimInt(1)), engine.tape().grad(bd), 0, 0);
                engine.tape().clear();
            }
        }
    }

    @Test
    void onlyTheInputThatNeedsAGradientGetsOne() {
        try (Scope scope = engine.scope()) {
            Shape sa = Shape.of(2, 3, 5, 7);
            Shape sb = Shape.of(2, 1, 5, 7);
            DoubleTensor a = DoubleTensor.uniform(sa, 1, -1, 1).roundedToFloat();
            DoubleTensor b = DoubleTensor.uniform(sb, 2, -1, 1).roundedToFloat();
            Tensor ad = DeviceChecks.upload(engine, a);
            Tensor bd = DeviceChecks.leaf(engine, b);
            Tensor y = Concat.channels(ad, bd);
            DoubleTensor dy = DoubleTensor.uniform(y.shape(), 3, -1, 1).roundedToFloat();
            engine.tape().backward(y, DeviceChecks.upload(engine, dy));
            assertNull(engine.tape().grad(ad));
            DeviceChecks.assertMatches("concat db only", ConcatRef.slice(dy, 3, 1), engine.tape().grad(bd), 0, 0);
            engine.tape().clear();
        }
    }

    @Test
    void mismatchedShapesAreErrorsNamingBoth() {
        try (Scope scope = engine.scope()) {
            Tensor a = engine.zeros(Shape.of(1, 2, 4, 4));
            Tensor b = engine.zeros(Shape.of(1, 2, 4, 6));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Concat.channels(a, b));
            assertTrue(e.getMessage().contains("[1, 2, 4, 4]") && e.getMessage().contains("[1, 2, 4, 6]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Concat.channels(a, engine.zeros(Shape.of(2, 2, 4, 4))));
        }
    }
}
