package org.jcare.kernels.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.testing.FiniteDifferences;
import org.junit.jupiter.api.Test;

class PoolRefTest {
    @Test
    void maxBackwardMatchesFiniteDifferences2d() {
        check(Shape.of(2, 3, 6, 8), 2, 2);
        check(Shape.of(1, 2, 6, 9), 3, 1);
    }

    @Test
    void maxBackwardMatchesFiniteDifferences3d() {
        check(Shape.of(2, 2, 4, 6, 4), 2, 2, 2);
        check(Shape.of(1, 3, 3, 4, 6), 1, 2, 2);
        check(Shape.of(1, 1, 3, 3, 4), 3, 1, 2);
    }

    @Test
    void tiesGoToTheFirstElementInScanOrder() {
        // one 2x2x2 window, all equal: the gradient goes to (0, 0, 0)
        DoubleTensor x = new DoubleTensor(Shape.of(1, 1, 2, 2, 2), new double[] {1, 1, 1, 1, 1, 1, 1, 1});
        DoubleTensor dy = new DoubleTensor(Shape.of(1, 1, 1, 1, 1), new double[] {5});
        assertArrayEquals(new double[] {5, 0, 0, 0, 0, 0, 0, 0}, PoolRef.maxBackward(x, dy, 2, 2, 2).data());
        // the later of two equal maxima loses
        DoubleTensor x2 = new DoubleTensor(Shape.of(1, 1, 2, 2), new double[] {0, 3, 3, 1});
        DoubleTensor dy2 = new DoubleTensor(Shape.of(1, 1, 1, 1), new double[] {1});
        assertArrayEquals(new double[] {0, 1, 0, 0}, PoolRef.maxBackward(x2, dy2, 2, 2).data());
        assertEquals(3, PoolRef.max(x2, 2, 2).data()[0]);
    }

    private static void check(Shape s, int... factors) {
        // random values are distinct, so the max is differentiable (no ties within 1e-6)
        DoubleTensor x = DoubleTensor.uniform(s, s.numel(), -1, 1);
        DoubleTensor y = PoolRef.max(x, factors);
        DoubleTensor dy = DoubleTensor.uniform(y.shape(), 7, -1, 1);
        DoubleTensor dx = PoolRef.maxBackward(x, dy, factors);
        FiniteDifferences.check("maxpool " + s, t -> PoolRef.max(t, factors), x, dy, dx, 400, 1e-7);
    }
}
