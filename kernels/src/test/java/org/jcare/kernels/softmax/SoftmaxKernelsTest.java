package org.jcare.kernels.softmax;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void bothVariantsMatchTheReferenceWhereTheVectorOneApplies() {
        long seed = 500;
        for (Shape s : new Shape[] {Shape.of(3, 1, 7, 8, 9), Shape.of(1, 3, 5, 4, 2), Shape.of(2, 16, 3, 16)}) {
            // softmax over axis 2: outer = N*C, inner = product of the later axes, a multiple of 8
            int axis = 2;
            long outer = s.dim(0) * s.dim(1);
            int length = s.dimInt(axis);
            long inner = s.numel() / (outer * length);
            assertEquals(0, inner % 8, "test shape must allow the vector variant");
            for (boolean vec8 : new boolean[] {false, true}) {
                try (Scope scope = engine.scope()) {
                    DoubleTensor x = DoubleTensor.uniform(s, seed++, -8, 8).roundedToFloat();
                    DoubleTensor dy = DoubleTensor.uniform(s, seed++, -1, 1).roundedToFloat();
                    SoftmaxKernels k = SoftmaxKernels.on(engine);
                    Tensor xd = DeviceChecks.upload(engine, x);
                    Tensor y = engine.empty(s);
                    Tensor dx = engine.empty(s);
                    DoubleTensor yRef = SoftmaxRef.apply(x, axis);
                    Tensor yIn = DeviceChecks.upload(engine, yRef);
                    Tensor dyd = DeviceChecks.upload(engine, dy);
                    if (vec8) {
                        k.forwardVec8(y, xd, length, inner, outer);
                        k.backwardVec8(dx, yIn, dyd, length, inner, outer);
                    } else {
                        k.forward(y, xd, length, inner, outer);
                        k.backward(dx, yIn, dyd, length, inner, outer);
                    }
                    String what = "softmax " + (vec8 ? "vec8 " : "scalar ") + s;
                    DeviceChecks.assertMatches(what, yRef, y, DeviceChecks.FP32_NMSE, 1e-6);
                    DeviceChecks.assertMatches(what + " backward", SoftmaxRef.backward(yRef.roundedToFloat(), dy, axis), dx,
                            DeviceChecks.FP32_NMSE, 1e-6);
                }
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
