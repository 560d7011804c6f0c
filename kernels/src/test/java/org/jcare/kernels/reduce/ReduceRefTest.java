package org.jcare.kernels.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.testing.FiniteDifferences;
import org.junit.jupiter.api.Test;

class ReduceRefTest {
    private final Shape shape = Shape.of(2, 3, 4, 5);

    @Test
    void backwardMatchesFiniteDifferences() {
        DoubleTensor x = DoubleTensor.uniform(shape, 1, -1, 1);
        DoubleTensor dy = new DoubleTensor(Shape.of(1), new double[] {0.7});
        FiniteDifferences.check("mean", ReduceRef::mean, x, dy, ReduceRef.broadcastBackward(shape, 0.7, 1.0 / x.size()), 200, 1e-7);
        FiniteDifferences.check("sum", ReduceRef::sum, x, dy, ReduceRef.broadcastBackward(shape, 0.7, 1), 200, 1e-7);
    }

    @Test
    void compensatedSumIsExactOnCancellingValues() {
        DoubleTensor x = new DoubleTensor(Shape.of(4), new double[] {1e16, 1, -1e16, 1});
        assertEquals(2, ReduceRef.sum(x).data()[0]);
    }
}
