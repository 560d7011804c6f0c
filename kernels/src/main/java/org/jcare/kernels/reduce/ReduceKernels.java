package org.jcare.kernels.reduce;

import org.jcare.engine.Engine;
import org.jcare.engine.cl.ClProgram;
import org.jcare.engine.cl.KernelSource;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.WorkSizes;

/**
 * Launches the kernels of {@code reduce.cl}; one typed method per kernel (outputs, inputs, sizes, scalars).
 * {@link #finish} is also the second stage of the losses.
 */
public final class ReduceKernels {
    /** Work-group size of both stages ({@code REDUCE_LOCAL}). */
    public static final int LOCAL = 256;
    /** Elements per work-item of stage 1 ({@code REDUCE_ITEMS}). */
    public static final int ITEMS = 16;
    /** Elements per stage-1 work-group: one partial sum each. */
    public static final long SPAN = (long) LOCAL * ITEMS;

    private final ClProgram program;

    private ReduceKernels(Engine engine) {
        this.program = engine.cl().program(KernelSource.join(commonSource(), KernelSource.load(ReduceKernels.class, "reduce.cl")),
                "-DREDUCE_LOCAL=" + LOCAL + " -DREDUCE_ITEMS=" + ITEMS);
    }

    /**
     * {@code reduce_common.cl}: the tunables' defaults, the work-group tree sum and the float8 horizontal sum, which
     * every deterministic reduction (this family's and the losses') puts in front of its own source.
     */
    public static KernelSource commonSource() {
        return KernelSource.load(ReduceKernels.class, "reduce_common.cl");
    }

    /** The launcher on {@code engine} (the program is cached per context, so this is cheap). */
    public static ReduceKernels on(Engine engine) {
        // one launcher per engine: loading and hashing the source on every op call costs about a millisecond
        return engine.service(ReduceKernels.class, ReduceKernels::new);
    }

    /** Number of stage-1 partial sums for {@code n} elements. */
    public static long partialCount(long n) {
        return Math.max(1, (n + SPAN - 1) / SPAN);
    }

    /** {@code sum_partials}: one partial sum per {@link #SPAN} elements of {@code x}. */
    public void partials(Tensor partials, Tensor x, long n) {
        program.kernel("sum_partials").call().arg(partials.buffer()).arg(x.buffer()).arg(n)
                .launch1d(partialCount(n) * LOCAL, LOCAL);
    }

    /** {@code sum_partials_vec8}: the same partial sums, contiguous float8 items per work-item (CPU variant). */
    public void partialsVec8(Tensor partials, Tensor x, long n) {
        program.kernel("sum_partials_vec8").call().arg(partials.buffer()).arg(x.buffer()).arg(n)
                .launch1d(partialCount(n) * LOCAL, LOCAL);
    }

    /** True on CPU devices, where the {@code _vec8} stage-1 kernels (here and in the losses) are the fast ones. */
    public static boolean useVec8(Engine engine) {
        return engine.device().isCpu();
    }

    /** {@code sum_final}: out[0] = scale * the sum of the first {@code count} partials (one work-group). */
    public void finish(Tensor out, Tensor partials, long count, float scale) {
        program.kernel("sum_final").call().arg(out.buffer()).arg(partials.buffer()).arg(count).arg(scale)
                .launch1d(LOCAL, LOCAL);
    }

    /** {@code broadcast_backward}: dx[i] = scale * g[0], g read on the device. */
    public void broadcastBackward(Tensor dx, Tensor g, long n, float scale) {
        program.kernel("broadcast_backward").call().arg(dx.buffer()).arg(g.buffer()).arg(n).arg(scale)
                .launch1d(n, WorkSizes.LOCAL);
    }
}
