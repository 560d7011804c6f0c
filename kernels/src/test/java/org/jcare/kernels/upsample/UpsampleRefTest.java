package org.jcare.kernels.upsample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.testing.FiniteDifferences;
import org.junit.jupiter.api.Test;

class UpsampleRefTest {
    @Test
    void backwardMatchesFiniteDifferences() {
        check(Shape.of(2, 3, 3, 5), 2, 2);
        check(Shape.of(1, 2, 3, 4), 3, 1);
        check(Shape.of(2, 2, 2, 3, 3), 2, 2, 2);
        check(Shape.of(1, 3, 3, 2, 3), 1, 2, 2);
        check(Shape.of(1, 1, 2, 2, 3), 3, 1, 2);
    }

    @Test
    void repeatsEachElementOverItsBlock() {
        DoubleTensor x = new DoubleTensor(Shape.of(1, 1, 1, 2), new double[] {1, 2});
        assertArrayEquals(new double[] {1, 1, 2, 2, 1, 1, 2, 2}, UpsampleRef.nearest(x, 2, 2).data());
    }

    private static void check(Shape s, int... factors) {
        DoubleTensor x = DoubleTensor.uniform(s, s.numel(), -1, 1);
        DoubleTensor y = UpsampleRef.nearest(x, factors);
        DoubleTensor dy = DoubleTensor.uniform(y.shape(), 5, -1, 1);
        DoubleTensor dx = UpsampleRef.nearestBackward(s, dy, factors);
        FiniteDifferences.check("upsample " + s, t -> UpsampleRef.nearest(t, factors), x, dy, dx, 300, 1e-7);
    }
}
