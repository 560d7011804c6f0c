package org.jcare.engine.tensor;

import org.jcare.engine.cl.ClBuffer;
import org.jcare.engine.cl.ClContext;
import org.jcare.engine.cl.ClProgram;
import org.jcare.engine.cl.KernelSource;

/** Launches the engine's elementwise kernels ({@code tensor.cl}): fill, accumulate, axpy. */
public final class TensorKernels {
    private static final long LOCAL = 256;
    private final ClProgram program;

    /** Builds (or fetches from the cache) {@code tensor.cl} on {@code cl}. */
    public TensorKernels(ClContext cl) {
        this.program = cl.program(KernelSource.load(TensorKernels.class, "tensor.cl"), "");
    }

    /** {@code out[i] = value} for the first {@code n} floats. */
    public void fill(ClBuffer out, float value, long n) {
        program.kernel("fill_forward").call().arg(out).arg(value).arg(n).launch1d(n, LOCAL);
    }

    /** {@code out[i] += in[i]} for the first {@code n} floats. */
    public void accumulate(ClBuffer out, ClBuffer in, long n) {
        program.kernel("accumulate_forward").call().arg(out).arg(in).arg(n).launch1d(n, LOCAL);
    }

    /** {@code out[i] += alpha * in[i]} for the first {@code n} floats. */
    public void axpy(ClBuffer out, ClBuffer in, float alpha, long n) {
        program.kernel("axpy_forward").call().arg(out).arg(in).arg(alpha).arg(n).launch1d(n, LOCAL);
    }
}
