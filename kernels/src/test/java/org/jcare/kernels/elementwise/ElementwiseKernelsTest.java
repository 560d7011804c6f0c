package org.jcare.kernels.elementwise;

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

class ElementwiseKernelsTest {
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
    void addMatchesTheReference() {
        long seed = 1;
        for (Shape s : ShapeGrid.activations()) {
            try (Scope scope = engine.scope()) {
                DoubleTensor a = DoubleTensor.uniform(s, seed++, -1, 1).roundedToFloat();
                DoubleTensor b = DoubleTensor.uniform(s, seed++, -1, 1).roundedToFloat();
                Tensor ad = DeviceChecks.leaf(engine, a);
                Tensor bd = DeviceChecks.leaf(engine, b);
                Tensor y = Elementwise.add(ad, bd);
                DeviceChecks.assertMatches("add " + s, ElementwiseRef.add(a, b).roundedToFloat(), y, 0, 0);
                DoubleTensor dy = DoubleTensor.uniform(s, seed++, -1, 1).roundedToFloat();
                engine.tape().backward(y, DeviceChecks.upload(engine, dy));
                DeviceChecks.assertMatches("add da " + s, dy, engine.tape().grad(ad), 0, 0);
                DeviceChecks.assertMatches("add db " + s, dy, engine.tape().grad(bd), 0, 0);
                engine.tape().clear();
            }
        }
    }

    @Test
    void addingATensorToItselfDoublesItsGradient() {
        try (Scope scope = engine.scope()) {
            Shape s = Shape.of(3, 3, 7, 9);
            DoubleTensor x = DoubleTensor.uniform(s, 7, -1, 1).roundedToFloat();
            Tensor xd = DeviceChecks.leaf(engine, x);
            Tensor y = Elementwise.add(xd, xd);
            DoubleTensor dy = DoubleTensor.uniform(s, 8, -1, 1).roundedToFloat();
            engine.tape().backward(y, DeviceChecks.upload(engine, dy));
            DeviceChecks.assertMatches("add(x, x) dx", ElementwiseRef.scale(dy, 2), engine.tape().grad(xd), 0, 0);
            engine.tape().clear();
        }
    }

    @Test
    void scaleMatchesTheReference() {
        long seed = 100;
        for (Shape s : ShapeGrid.activations()) {
            try (Scope scope = engine.scope()) {
                DoubleTensor x = DoubleTensor.uniform(s, seed++, -1, 1).roundedToFloat();
                Tensor xd = DeviceChecks.leaf(engine, x);
                float f = -0.37f;
                Tensor y = Elementwise.scale(xd, f);
                DeviceChecks.assertMatches("scale " + s, ElementwiseRef.scale(x, f).roundedToFloat(), y, 0, 0);
                DoubleTensor dy = DoubleTensor.uniform(s, seed++, -1, 1).roundedToFloat();
                engine.tape().backward(y, DeviceChecks.upload(engine, dy));
                DeviceChecks.assertMatches("scale dx " + s, ElementwiseRef.scale(dy, f).roundedToFloat(), engine.tape().grad(xd), 0, 0);
                engine.tape().clear();
            }
        }
    }

    @Test
    void differentShapesAreErrors() {
        try (Scope scope = engine.scope()) {
            assertThrows(IllegalArgumentException.class,
                    () -> Elementwise.add(engine.zeros(Shape.of(1, 2, 3, 4)), engine.zeros(Shape.of(1, 2, 4, 3))));
        }
    }
}
