package org.jcare.kernels.activation;

import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.testing.FiniteDifferences;
import org.junit.jupiter.api.Test;

class ActivationRefTest {
    private final Shape shape = Shape.of(2, 3, 5, 7);

    @Test
    void reluBackwardMatchesFiniteDifferences() {
        // keep inputs away from the kink at 0, where the derivative is undefined
        DoubleTensor x = DoubleTensor.uniform(shape, 1, -1, 1);
        for (int i = 0; i < x.size(); i++) {
            if (Math.abs(x.data()[i]) < 0.05) {
                x.data()[i] = 0.5;
            }
        }
        DoubleTensor dy = DoubleTensor.uniform(shape, 2, -1, 1);
        DoubleTensor dx = ActivationRef.reluBackward(ActivationRef.relu(x), dy);
        FiniteDifferences.check("relu", ActivationRef::relu, x, dy, dx, 1000, 1e-7);
    }

    @Test
    void softplusBackwardMatchesFiniteDifferences() {
        DoubleTensor x = DoubleTensor.uniform(shape, 3, -20, 20);
        DoubleTensor dy = DoubleTensor.uniform(shape, 4, -1, 1);
        DoubleTensor dx = ActivationRef.softplusBackward(x, dy);
        FiniteDifferences.check("softplus", t -> ActivationRef.softplus(t, 1e-3), x, dy, dx, 1000, 1e-7);
    }
}
