package org.jcare.kernels.softmax;

import static org.junit.jupiter.api.Assertions.assertThrows;

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

class SoftmaxKernelsTest {
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
    void everyAxisOfEveryShapeMatchesTheReference() {
        long seed = 1;
        for (Shape s : ShapeGrid.anyRank()) {
            for (int axis = 0; axis < s.rank(); axis++) {
                check(s, axis, DoubleTensor.uniform(s, seed++, -8, 8).roundedToFloat(), seed++);
            }
        }
    }

    @Test
    void hugeInputsStayFinite() {
        // without the max subtraction exp(1000) overflows to infinity
        Shape s = Shape.of(2, 1, 7, 5, 9);
        check(s, 2, DoubleTensor.uniform(s, 77, 990, 1010).roundedToFloat(), 78);
        check(s, -1, DoubleTensor.uniform(s, 79, -1010, -990).roundedToFloat(), 80);
    }

    @Test
    void badAxesAreErrors() {
        try (Scope scope = engine.scope()) {
            Tensor x = engine.zeros(Shape.of(1, 1, 4, 4));
            assertThrows(IllegalArgumentException.class, () -> Softmax.apply(x, 4));
            assertThrows(IllegalArgumentException.class, () -> Softmax.apply(x, -5));
        }
    }

    private static void check(Shape s, int axis, DoubleTensor x, long seed) {
        try (Scope scope = engine.scope()) {
            Tensor xd = DeviceChecks.leaf(engine, x);
            Tensor y = Softmax.apply(xd, axis);
            DoubleTensor yRef = SoftmaxRef.apply(x, axis);
            DeviceChecks.assertMatches("softmax " + s + " axis " + axis, yRef, y, DeviceChecks.FP32_NMSE, 1e-6);
            DoubleTensor dy = DoubleTensor.uniform(s, seed, -1, 1).roundedToFloat();
            engine.tape().backward(y, DeviceChecks.upload(engine, dy));
            DeviceChecks.assertMatches("softmax backward " + s + " axis " + axis, SoftmaxRef.backward(yRef, dy, axis),
                    engine.tape().grad(xd), DeviceChecks.FP32_NMSE, 1e-6);
            engine.tape().clear();
        }
    }
}
