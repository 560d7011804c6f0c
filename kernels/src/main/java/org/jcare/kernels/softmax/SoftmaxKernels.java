package org.jcare.kernels.softmax;

import org.jcare.engine.Engine;
import org.jcare.engine.cl.ClProgram;
import org.jcare.engine.cl.KernelSource;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.WorkSizes;

/**
 * Launches the kernels of {@code softmax.cl}; one typed method per kernel (outputs, inputs, sizes, scalars).
 * The tensor is viewed as [outer][length][inner] with the softmax over the middle axis.
 */
public final class SoftmaxKernels {
    private final ClProgram program;

    private SoftmaxKernels(Engine engine) {
        this.program = engine.cl().program(KernelSource.load(SoftmaxKernels.class, "softmax.cl"), "");
    }

    /** The launcher on {@code engine} (the program is cached per context, so this is cheap). */
    public static SoftmaxKernels on(Engine engine) {
        // one launcher per engine: loading and hashing the source on every op call costs about a millisecond
        return engine.service(SoftmaxKernels.class, SoftmaxKernels::new);
    }

    /** {@code softmax_forward}. */
    public void forward(Tensor y, Tensor x, int length, long inner, long outer) {
        program.kernel("softmax_forward").call().arg(y.buffer()).arg(x.buffer()).arg(length).arg(inner).arg(outer)
                .launch(new long[] {inner, outer}, WorkSizes.local2d(inner));
    }

    /** {@code softmax_backward}, from the saved output {@code y}. */
    public void backward(Tensor dx, Tensor y, Tensor dy, int length, long inner, long outer) {
        program.kernel("softmax_backward").call().arg(dx.buffer()).arg(y.buffer()).arg(dy.buffer()).arg(length)
                .arg(inner).arg(outer).launch(new long[] {inner, outer}, WorkSizes.local2d(inner));
    }

    /** {@code softmax_forward_vec8}: 8 lines per work-item; needs {@code inner % 8 == 0}. */
    public void forwardVec8(Tensor y, Tensor x, int length, long inner, long outer) {
        program.kernel("softmax_forward_vec8").call().arg(y.buffer()).arg(x.buffer()).arg(length).arg(inner).arg(outer)
                .launch(new long[] {inner / 8, outer}, WorkSizes.local2d(inner / 8));
    }

    /** {@code softmax_backward_vec8}: 8 lines per work-item; needs {@code inner % 8 == 0}. */
    public void backwardVec8(Tensor dx, Tensor y, Tensor dy, int length, long inner, long outer) {
        program.kernel("softmax_backward_vec8").call().arg(dx.buffer()).arg(y.buffer()).arg(dy.buffer()).arg(length)
                .arg(inner).arg(outer).launch(new long[] {inner / 8, outer}, WorkSizes.local2d(inner / 8));
    }

    /** True when the float8 variants apply: a CPU device (DESIGN decision 11) and whole groups of 8 lines. */
    public static boolean useVec8(Engine engine, long inner) {
        return engine.device().isCpu() && inner % 8 == 0;
    }
}
