package org.jcare.kernels.optim;

import org.jcare.engine.Engine;
import org.jcare.engine.cl.ClBuffer;
import org.jcare.engine.cl.ClProgram;
import org.jcare.engine.cl.KernelSource;
import org.jcare.kernels.common.WorkSizes;

/** Launches the kernels of {@code optim.cl}; one typed method per kernel (outputs, inputs, sizes, scalars). */
public final class AdamKernels {
    private final ClProgram program;

    private AdamKernels(Engine engine) {
        this.program = engine.cl().program(KernelSource.load(AdamKernels.class, "optim.cl"), "");
    }

    /** The launcher on {@code engine} (the program is cached per context, so this is cheap). */
    public static AdamKernels on(Engine engine) {
        // one launcher per engine: loading and hashing the source on every op call costs about a millisecond
        return engine.service(AdamKernels.class, AdamKernels::new);
    }

    /**
     * {@code adam_step} over the first {@code n} floats of the flat buffers; {@code lrT} is bias-corrected and the
     * (1 - beta) factors are rounded from double by the caller.
     */
    public void step(ClBuffer p, ClBuffer m, ClBuffer v, ClBuffer g, long n, float lrT, float beta1, float beta2,
                     float oneMinusBeta1, float oneMinusBeta2, float epsilon) {
        program.kernel("adam_step").call().arg(p).arg(m).arg(v).arg(g).arg(n).arg(lrT).arg(beta1).arg(beta2)
                .arg(oneMinusBeta1).arg(oneMinusBeta2).arg(epsilon)
                .launch1d(n, WorkSizes.LOCAL);
    }
}
