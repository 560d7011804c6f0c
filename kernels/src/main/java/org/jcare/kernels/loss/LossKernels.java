package org.jcare.kernels.loss;

import org.jcare.engine.Engine;
import org.jcare.engine.cl.ClProgram;
import org.jcare.engine.cl.KernelSource;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.WorkSizes;
import org.jcare.kernels.reduce.ReduceKernels;

/**
 * Launches the kernels of {@code loss.cl}; one typed method per kernel (outputs, inputs, sizes, scalars). The
 * forwards write partial sums ({@link #partialCount} of them), which {@link ReduceKernels#finish} turns into the
 * mean. Sizes: {@code s} voxels per channel, {@code n} target channels, {@code cp} pred channels (n or 2n),
 * {@code batch} samples.
 */
public final class LossKernels {
    private final ClProgram program;

    private LossKernels(Engine engine) {
        this.program = engine.cl().program(KernelSource.join(ReduceKernels.commonSource(), KernelSource.load(LossKernels.class, "loss.cl")),
                "-DREDUCE_LOCAL=" + ReduceKernels.LOCAL + " -DREDUCE_ITEMS=" + ReduceKernels.ITEMS);
    }

    /** The launcher on {@code engine} (the program is cached per context, so this is cheap). */
    public static LossKernels on(Engine engine) {
        // one launcher per engine: loading and hashing the source on every op call costs about a millisecond
        return engine.service(LossKernels.class, LossKernels::new);
    }

    /** Work-groups per target plane of {@code s} voxels. */
    public static long groupsPerPlane(long s) {
        return Math.max(1, (s + ReduceKernels.SPAN - 1) / ReduceKernels.SPAN);
    }

    /** Number of partial sums a forward writes. */
    public static long partialCount(long s, int n, int batch) {
        return groupsPerPlane(s) * n * batch;
    }

    /** {@code mae_forward}: partial sums of |mu - y|. */
    public void maeForward(Tensor partials, Tensor pred, Tensor target, long s, int n, int cp, int batch) {
        forward("mae_forward", partials, pred, target, s, n, cp, batch);
    }

    /** {@code mse_forward}: partial sums of (mu - y)^2. */
    public void mseForward(Tensor partials, Tensor pred, Tensor target, long s, int n, int cp, int batch) {
        forward("mse_forward", partials, pred, target, s, n, cp, batch);
    }

    /** {@code laplace_forward}: partial sums of |mu - y| / sigma + log(sigma) + log(2). */
    public void laplaceForward(Tensor partials, Tensor pred, Tensor target, long s, int n, int cp, int batch) {
        forward("laplace_forward", partials, pred, target, s, n, cp, batch);
    }

    /** {@code mae_forward_vec8}: the CPU variant of {@link #maeForward}. */
    public void maeForwardVec8(Tensor partials, Tensor pred, Tensor target, long s, int n, int cp, int batch) {
        forward("mae_forward_vec8", partials, pred, target, s, n, cp, batch);
    }

    /** {@code mse_forward_vec8}: the CPU variant of {@link #mseForward}. */
    public void mseForwardVec8(Tensor partials, Tensor pred, Tensor target, long s, int n, int cp, int batch) {
        forward("mse_forward_vec8", partials, pred, target, s, n, cp, batch);
    }

    /** {@code laplace_forward_vec8}: the CPU variant of {@link #laplaceForward}. */
    public void laplaceForwardVec8(Tensor partials, Tensor pred, Tensor target, long s, int n, int cp, int batch) {
        forward("laplace_forward_vec8", partials, pred, target, s, n, cp, batch);
    }

    /** {@code mae_backward}: dpred from the device-resident loss gradient {@code g}. */
    public void maeBackward(Tensor dpred, Tensor pred, Tensor target, Tensor g, long s, int n, int cp, int batch, float scale) {
        backward("mae_backward", dpred, pred, target, g, s, n, cp, batch, scale);
    }

    /** {@code mse_backward}. */
    public void mseBackward(Tensor dpred, Tensor pred, Tensor target, Tensor g, long s, int n, int cp, int batch, float scale) {
        backward("mse_backward", dpred, pred, target, g, s, n, cp, batch, scale);
    }

    /** {@code laplace_backward}. */
    public void laplaceBackward(Tensor dpred, Tensor pred, Tensor target, Tensor g, long s, int n, int cp, int batch,
                                float scale) {
        backward("laplace_backward", dpred, pred, target, g, s, n, cp, batch, scale);
    }

    private void forward(String kernel, Tensor partials, Tensor pred, Tensor target, long s, int n, int cp, int batch) {
        program.kernel(kernel).call().arg(partials.buffer()).arg(pred.buffer()).arg(target.buffer()).arg(s).arg(n).arg(cp)
                .launch(new long[] {groupsPerPlane(s) * ReduceKernels.LOCAL, n, batch}, new long[] {ReduceKernels.LOCAL, 1, 1});
    }

    private void backward(String kernel, Tensor dpred, Tensor pred, Tensor target, Tensor g, long s, int n, int cp, int batch,
                          float scale) {
        program.kernel(kernel).call().arg(dpred.buffer()).arg(pred.buffer()).arg(target.buffer()).arg(g.buffer())
                .arg(s).arg(n).arg(cp).arg(scale)
                .launch(new long[] {s, cp, batch}, WorkSizes.local3d(s));
    }
}
