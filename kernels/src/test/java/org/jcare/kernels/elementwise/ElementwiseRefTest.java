package org.jcare.kernels.elementwise;

import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.testing.FiniteDifferences;
import org.junit.jupiter.api.Test;

class ElementwiseRefTest {
    private final Shape shape = Shape.of(2, 3, 4, 5);

    @Test
    void addPassesTheGradientToBothInputs() {
        DoubleTensor a = DoubleTensor.uniform(shape, 1, -1, 1);
        DoubleTensor b = DoubleTensor.uniform(shape, 2, -1, 1);
        DoubleTensor dy = DoubleTensor.uniform(shape, 3, -1, 1);
        FiniteDifferences.check("add da", t -> ElementwiseRef.add(t, b), a, dy, dy, 200, 1e-7);
        FiniteDifferences.check("add db", t -> ElementwiseRef.add(a, t), b, dy, dy, 200, 1e-7);
    }

    @Test
    void scaleBackwardIsTheScaledGradient() {
        DoubleTensor x = DoubleTensor.uniform(shape, 4, -1, 1);
        DoubleTensor dy = DoubleTensor.uniform(shape, 5, -1, 1);
        FiniteDifferences.check("scale", t -> ElementwiseRef.scale(t, -2.5), x, dy, ElementwiseRef.scale(dy, -2.5), 200, 1e-7);
    }
}
