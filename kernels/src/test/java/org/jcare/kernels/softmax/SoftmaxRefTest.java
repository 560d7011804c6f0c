package org.jcare.kernels.softmax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.testing.FiniteDifferences;
import org.junit.jupiter.api.Test;

class SoftmaxRefTest {
    @Test
    void backwardMatchesFiniteDifferencesOnEveryAxis() {
        Shape s = Shape.of(2, 1, 4, 3, 5);
        for (int axis = 0; axis < s.rank(); axis++) {
            DoubleTensor x = DoubleTensor.uniform(s, axis, -3, 3);
            DoubleTensor dy = DoubleTensor.uniform(s, 10 + axis, -1, 1);
            int a = axis;
            DoubleTensor dx = SoftmaxRef.backward(SoftmaxRef.apply(x, a), dy, a);
            FiniteDifferences.check("softmax axis " + a, t -> SoftmaxRef.apply(t, a), x, dy, dx, 300, 1e-7);
        }
    }

    @Test
    void linesSumToOneEvenForHugeInputs() {
        DoubleTensor x = new DoubleTensor(Shape.of(1, 3), new double[] {1000, 1001, 999});
        DoubleTensor y = SoftmaxRef.apply(x, -1);
        assertEquals(1, y.data()[0] + y.data()[1] + y.data()[2], 1e-15);
        assertEquals(Math.E * y.data()[0], y.data()[1], 1e-12);
    }
}
