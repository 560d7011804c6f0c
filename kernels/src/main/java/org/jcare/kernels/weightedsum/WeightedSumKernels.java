package org.jcare.kernels.weightedsum;

import org.jcare.engine.Engine;
import org.jcare.engine.cl.ClProgram;
import org.jcare.engine.cl.KernelSource;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.WorkSizes;

/**
 * Launches the kernels of {@code weightedsum.cl}; one typed method per kernel (outputs, inputs, sizes, scalars).
 * x is viewed as [p][b][l][i] with {@code p < planes}; {@code cw} is the weights' channel count (c or 1).
 */
public final class WeightedSumKernels {
    private final ClProgram program;

    private WeightedSumKernels(Engine engine) {
        this.program = engine.cl().program(KernelSource.load(WeightedSumKernels.class, "weightedsum.cl"), "");
    }

    /** The launcher on {@code engine} (the program is cached per context, so this is cheap). */
    public static WeightedSumKernels on(Engine engine) {
        // one launcher per engine: loading and hashing the source on every op call costs about a millisecond
        return engine.service(WeightedSumKernels.class, WeightedSumKernels::new);
    }

    /** {@code weightedsum_forward}: out[p][b][i] = sum_l x * w. */
    public void forward(Tensor out, Tensor x, Tensor w, int length, long inner, long middle, int c, int cw, long planes) {
        program.kernel("weightedsum_forward").call().arg(out.buffer()).arg(x.buffer()).arg(w.buffer())
                .arg(length).arg(inner).arg(middle).arg(c).arg(cw).arg(planes)
                .launch(new long[] {inner, middle, planes}, WorkSizes.local3d(inner));
    }

    /** {@code weightedsum_backward_input}: dx = g * w. */
    public void backwardInput(Tensor dx, Tensor g, Tensor w, int length, long inner, long middle, int c, int cw, long planes) {
        program.kernel("weightedsum_backward_input").call().arg(dx.buffer()).arg(g.buffer()).arg(w.buffer())
                .arg(length).arg(inner).arg(middle).arg(c).arg(cw).arg(planes)
                .launch(new long[] {inner, middle, planes}, WorkSizes.local3d(inner));
    }

    /** {@code weightedsum_backward_weights}: dw = g * x, summed over the broadcast channels. */
    public void backwardWeights(Tensor dw, Tensor g, Tensor x, int length, long inner, long middle, int c, int cw,
                                long weightPlanes) {
        program.kernel("weightedsum_backward_weights").call().arg(dw.buffer()).arg(g.buffer()).arg(x.buffer())
                .arg(length).arg(inner).arg(middle).arg(c).arg(cw).arg(weightPlanes)
                .launch(new long[] {inner, middle, weightPlanes}, WorkSizes.local3d(inner));
    }

    /** {@code weightedsum_forward_vec8}: 8 neighbouring i per work-item; needs {@code inner % 8 == 0}. */
    public void forwardVec8(Tensor out, Tensor x, Tensor w, int length, long inner, long middle, int c, int cw, long planes) {
        program.kernel("weightedsum_forward_vec8").call().arg(out.buffer()).arg(x.buffer()).arg(w.buffer())
                .arg(length).arg(inner).arg(middle).arg(c).arg(cw).arg(planes)
                .launch(new long[] {inner / 8, middle, planes}, WorkSizes.local3d(inner / 8));
    }

    /** {@code weightedsum_backward_input_vec8}; needs {@code inner % 8 == 0}. */
    public void backwardInputVec8(Tensor dx, Tensor g, Tensor w, int length, long inner, long middle, int c, int cw,
                                  long planes) {
        program.kernel("weightedsum_backward_input_vec8").call().arg(dx.buffer()).arg(g.buffer()).arg(w.buffer())
                .arg(length).arg(inner).arg(middle).arg(c).arg(cw).arg(planes)
                .launch(new long[] {inner / 8, middle, planes}, WorkSizes.local3d(inner / 8));
    }

    /** {@code weightedsum_backward_weights_vec8}; needs {@code inner % 8 == 0}. */
    public void backwardWeightsVec8(Tensor dw, Tensor g, Tensor x, int length, long inner, long middle, int c, int cw,
                                    long weightPlanes) {
        program.kernel("weightedsum_backward_weights_vec8").call().arg(dw.buffer()).arg(g.buffer()).arg(x.buffer())
                .arg(length).arg(inner).arg(middle).arg(c).arg(cw).arg(weightPlanes)
                .launch(new long[] {inner / 8, middle, weightPlanes}, WorkSizes.local3d(inner / 8));
    }

    /** True when the float8 variants apply: a CPU device (DESIGN decision 11) and whole groups of 8 along inner. */
    public static boolean useVec8(Engine engine, long inner) {
        return engine.device().isCpu() && inner % 8 == 0;
    }
}
