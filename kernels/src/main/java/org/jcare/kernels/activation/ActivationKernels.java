package org.jcare.kernels.activation;

import org.jcare.engine.Engine;
import org.jcare.engine.cl.ClProgram;
import org.jcare.engine.cl.KernelSource;
import org.jcare.engine.tensor.Tensor;

/** Launches the kernels of {@code activation.cl}; one typed method per kernel (outputs, inputs, sizes, scalars). */
public final class ActivationKernels {
    private static final long LOCAL = 256;
    private final ClProgram program;

    private ActivationKernels(Engine engine) {
        this.program = engine.cl().program(KernelSource.load(ActivationKernels.class, "activation.cl"), "");
    }

    /** The launcher on {@code engine}, created once per engine. */
    public static ActivationKernels on(Engine engine) {
        // one launcher per engine: loading and hashing the source on every op call costs about a millisecond
        return engine.service(ActivationKernels.class, ActivationKernels::new);
    }

    /** {@code y = max(x, 0)}. */
    public void reluForward(Tensor y, Tensor x) {
        program.kernel("relu_forward").call().arg(y.buffer()).arg(x.buffer()).arg(x.numel()).launch1d(x.numel(), LOCAL);
    }

    /** {@code dx = dy * (y > 0)}. */
    public void reluBackward(Tensor dx, Tensor y, Tensor dy) {
        program.kernel("relu_backward").call().arg(dx.buffer()).arg(y.buffer()).arg(dy.buffer()).arg(y.numel())
                .launch1d(y.numel(), LOCAL);
    }

    /** {@code y = softplus(x) + offset}. */
    public void softplusForward(Tensor y, Tensor x, float offset) {
        program.kernel("softplus_forward").call().arg(y.buffer()).arg(x.buffer()).arg(offset).arg(x.numel())
                .launch1d(x.numel(), LOCAL);
    }

    /** {@code dx = dy * sigmoid(x)}. */
    public void softplusBackward(Tensor dx, Tensor x, Tensor dy) {
        program.kernel("softplus_backward").call().arg(dx.buffer()).arg(x.buffer()).arg(dy.buffer()).arg(x.numel())
                .launch1d(x.numel(), LOCAL);
    }
}
