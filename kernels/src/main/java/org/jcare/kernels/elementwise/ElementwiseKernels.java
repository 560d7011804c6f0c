package org.jcare.kernels.elementwise;

import org.jcare.engine.Engine;
import org.jcare.engine.cl.ClProgram;
import org.jcare.engine.cl.KernelSource;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.WorkSizes;

/** Launches the kernels of {@code elementwise.cl}; one typed method per kernel (outputs, inputs, sizes, scalars). */
public final class ElementwiseKernels {
    private final ClProgram program;

    private ElementwiseKernels(Engine engine) {
        this.program = engine.cl().program(KernelSource.load(ElementwiseKernels.class, "elementwise.cl"), "");
    }

    /** The launcher on {@code engine} (the program is cached per context, so this is cheap). */
    public static ElementwiseKernels on(Engine engine) {
        // one launcher per engine: loading and hashing the source on every op call costs about a millisecond
        return engine.service(ElementwiseKernels.class, ElementwiseKernels::new);
    }

    /** {@code y = a + b}. */
    public void addForward(Tensor y, Tensor a, Tensor b) {
        long n = y.numel();
        program.kernel("add_forward").call().arg(y.buffer()).arg(a.buffer()).arg(b.buffer()).arg(n)
                .launch1d(n, WorkSizes.LOCAL);
    }

    /** {@code y = s * x}. */
    public void scaleForward(Tensor y, Tensor x, float s) {
        long n = y.numel();
        program.kernel("scale_forward").call().arg(y.buffer()).arg(x.buffer()).arg(s).arg(n)
                .launch1d(n, WorkSizes.LOCAL);
    }
}
