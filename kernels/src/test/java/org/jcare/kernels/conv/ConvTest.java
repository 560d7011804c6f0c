package org.jcare.kernels.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.testing.DeviceChecks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The autograd op: shape errors, what it records, and which gradients it computes. */
class ConvTest {
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
    void shapeErrorsNameTheOpAndBothShapes() {
        try (Scope scope = engine.scope()) {
            Tensor x = engine.zeros(Shape.of(1, 3, 4, 8, 8));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Conv.apply(x, engine.zeros(Shape.of(16, 2, 3, 3, 3)), null, true));
            assertTrue(e.getMessage().startsWith("conv3d: input [1, 3, 4, 8, 8], weight [16, 2, 3, 3, 3]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> Conv.apply(engine.zeros(Shape.of(1, 3, 8, 8)), engine.zeros(Shape.of(16, 3, 3, 3, 3)), null, true));
            assertTrue(e.getMessage().startsWith("conv2d: input [1, 3, 8, 8], weight [16, 3, 3, 3, 3]")
                    && e.getMessage().contains("rank"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> Conv.apply(x, engine.zeros(Shape.of(16, 3, 1, 3, 3)), engine.zeros(Shape.of(8)), false));
            assertTrue(e.getMessage().contains("bias [8]"), e.getMessage());
        }
    }

    @Test
    void recordsOneNodeWithKernelChannelsAndRelu() {
        try (Scope scope = engine.scope()) {
            Tensor x = engine.zeros(Shape.of(1, 3, 9, 10)).requiresGrad(true);
            Conv.apply(x, engine.zeros(Shape.of(5, 3, 5, 5)), null, false);
            Conv.apply(engine.zeros(Shape.of(1, 3, 4, 9, 10)).requiresGrad(true),
                    engine.zeros(Shape.of(5, 3, 1, 3, 3)), engine.zeros(Shape.of(5)), true);
            String dump = engine.tape().dump();
            assertEquals(2, engine.tape().size());
            assertTrue(dump.contains("conv2d{k=5x5 3->5 "), dump);
            assertTrue(dump.contains("conv3d{k=1x3x3 3->5 relu "), dump);
            engine.tape().clear();
        }
    }

    @Test
    void noGradientRecordsNothing() {
        try (Scope scope = engine.scope()) {
            Tensor y = Conv.apply(engine.zeros(Shape.of(1, 2, 5, 5)), engine.zeros(Shape.of(3, 2, 3, 3)), null, true);
            assertEquals(Shape.of(1, 3, 5, 5), y.shape());
            assertEquals(0, engine.tape().size());
        }
    }

    @Test
    void computesOnlyTheGradientsThatAreNeeded() {
        Shape xs = Shape.of(2, 3, 6, 7);
        Shape ws = Shape.of(4, 3, 3, 3);
        DoubleTensor x = DoubleTensor.uniform(xs, 1, -1, 1).roundedToFloat();
        DoubleTensor w = DoubleTensor.uniform(ws, 2, -1, 1).roundedToFloat();
        DoubleTensor b = DoubleTensor.uniform(Shape.of(4), 3, -1, 1).roundedToFloat();
        DoubleTensor dy = DoubleTensor.uniform(xs.with(1, 4), 4, -1, 1).roundedToFloat();
        try (Scope scope = engine.scope()) {
            // frozen weights, trainable bias and input
            Tensor xd = DeviceChecks.upload(engine, x).requiresGrad(true);
            Tensor wd = DeviceChecks.upload(engine, w);
            Tensor bd = DeviceChecks.upload(engine, b).requiresGrad(true);
            Tensor y = Conv.apply(xd, wd, bd, false);
            engine.tape().backward(y, DeviceChecks.upload(engine, dy));
            assertNull(engine.tape().grad(wd));
            assertNotNull(engine.tape().grad(xd));
            ConvKernelsTest.assertClose("db only", ConvRef.backwardBias(dy), engine.tape().grad(bd));
            ConvKernelsTest.assertClose("dx", ConvRef.backwardData(dy, w, xs), engine.tape().grad(xd));
            engine.tape().clear();
        }
    }
}
