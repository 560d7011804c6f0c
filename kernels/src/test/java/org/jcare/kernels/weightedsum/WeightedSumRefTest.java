package org.jcare.kernels.weightedsum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.testing.FiniteDifferences;
import org.junit.jupiter.api.Test;

class WeightedSumRefTest {
    @Test
    void gradientsMatchFiniteDifferencesForSameShapeWeights() {
        Shape s = Shape.of(2, 3, 4, 3, 5);
        for (int axis = 0; axis < s.rank(); axis++) {
            check(s, s, axis);
        }
        check(Shape.of(2, 3, 4, 5), Shape.of(2, 3, 4, 5), 1);
    }

    @Test
    void gradientsMatchFiniteDifferencesForChannelBroadcastWeights() {
        Shape s = Shape.of(2, 3, 4, 3, 5);
        for (int axis = 2; axis < s.rank(); axis++) {
            check(s, s.with(1, 1), axis);
        }
        check(Shape.of(2, 3, 4, 5), Shape.of(2, 1, 4, 5), -1);
    }

    @Test
    void projectionSumsTheStackWeightedByItsSoftmax() {
        // x [1, 2, 2, 1, 1] (two channels, two slices), w [1, 1, 2, 1, 1]
        DoubleTensor x = new DoubleTensor(Shape.of(1, 2, 2, 1, 1), new double[] {1, 2, 10, 20});
        DoubleTensor w = new DoubleTensor(Shape.of(1, 1, 2, 1, 1), new double[] {0.25, 0.75});
        DoubleTensor out = WeightedSumRef.apply(x, w, 2);
        assertArrayEquals(new double[] {1.75, 17.5}, out.data(), 1e-12);
        assertArrayEquals(new long[] {1, 2, 1, 1}, out.shape().dims());
    }

    private static void check(Shape xs, Shape ws, int axis) {
        DoubleTensor x = DoubleTensor.uniform(xs, 1, -1, 1);
        DoubleTensor w = DoubleTensor.uniform(ws, 2, -1, 1);
        DoubleTensor out = WeightedSumRef.apply(x, w, axis);
        DoubleTensor g = DoubleTensor.uniform(out.shape(), 3, -1, 1);
        String what = "weightedsum x " + xs + " w " + ws + " axis " + axis;
        FiniteDifferences.check(what + " dx", t -> WeightedSumRef.apply(t, w, axis), x, g,
                WeightedSumRef.backwardInput(x, w, g, axis), 200, 1e-7);
        FiniteDifferences.checkParameter(what + " dw", t -> WeightedSumRef.apply(x, t, axis), w, g,
                WeightedSumRef.backwardWeights(x, w, g, axis), 200, 1e-7);
    }
}
