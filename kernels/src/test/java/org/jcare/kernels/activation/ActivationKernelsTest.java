package org.jcare.kernels.activation;

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

class ActivationKernelsTest {
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
    void reluForwardAndBackwardMatchTheReference() {
        long seed = 10;
        for (Shape s : ShapeGrid.activations()) {
            try (Scope scope = engine.scope()) {
                DoubleTensor x = DoubleTensor.uniform(s, seed++, -1, 1).roundedToFloat();
                DoubleTensor dy = DoubleTensor.uniform(s, seed++, -1, 1).roundedToFloat();
                Tensor xd = DeviceChecks.upload(engine, x).requiresGrad(true);
                Tensor y = Activations.relu(xd);
                DoubleTensor yRef = ActivationRef.relu(x);
                DeviceChecks.assertMatches("relu forward " + s, yRef, y, 0, 0);
                engine.tape().backward(y, DeviceChecks.upload(engine, dy));
                DeviceChecks.assertMatches("relu backward " + s, ActivationRef.reluBackward(yRef, dy),
                        engine.tape().grad(xd), 0, 0);
                engine.tape().clear();
            }
        }
    }

    @Test
    void softplusForwardAndBackwardMatchTheReference() {
        long seed = 100;
        for (Shape s : ShapeGrid.activations()) {
            try (Scope scope = engine.scope()) {
                DoubleTensor x = DoubleTensor.uniform(s, seed++, -30, 30).roundedToFloat();
                DoubleTensor dy = DoubleTensor.uniform(s, seed++, -1, 1).roundedToFloat();
                Tensor xd = DeviceChecks.upload(engine, x).requiresGrad(true);
                Tensor y = Activations.softplus(xd, 1e-3f);
                DeviceChecks.assertMatches("softplus forward " + s, ActivationRef.softplus(x, 1e-3), y,
                        DeviceChecks.FP32_NMSE, 1e-5);
                engine.tape().backward(y, DeviceChecks.upload(engine, dy));
                DeviceChecks.assertMatches("softplus backward " + s, ActivationRef.softplusBackward(x, dy),
                        engine.tape().grad(xd), DeviceChecks.FP32_NMSE, 1e-6);
                engine.tape().clear();
            }
        }
    }
}
