package org.jcare.kernels.activation;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Tensor;

/** ReLU and softplus as autograd ops: forward launches, backward recorded on the engine's tape. */
public final class Activations {
    private Activations() {
    }

    /** {@code max(x, 0)}; the backward masks with the saved output. */
    public static Tensor relu(Tensor x) {
        Engine e = x.engine();
        ActivationKernels k = ActivationKernels.on(e);
        Tensor y = e.empty(x.shape());
        k.reluForward(y, x);
        e.tape().record("relu", "", new Tensor[] {x}, new Tensor[] {y}, (node, g) -> {
            Tensor dx = e.empty(x.shape());
            k.reluBackward(dx, y, g[0]);
            return new Tensor[] {dx};
        });
        return y;
    }

    /** {@code log(1 + exp(x)) + offset} (CARE's scale head uses offset 1e-3); the backward uses the saved input. */
    public static Tensor softplus(Tensor x, float offset) {
        Engine e = x.engine();
        ActivationKernels k = ActivationKernels.on(e);
        Tensor y = e.empty(x.shape());
        k.softplusForward(y, x, offset);
        e.tape().record("softplus", "offset=" + offset, new Tensor[] {x}, new Tensor[] {y}, (node, g) -> {
            Tensor dx = e.empty(x.shape());
            k.softplusBackward(dx, x, g[0]);
            return new Tensor[] {dx};
        });
        return y;
    }
}
