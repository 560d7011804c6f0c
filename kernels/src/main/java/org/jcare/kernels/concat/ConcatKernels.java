package org.jcare.kernels.concat;

import org.jcare.engine.Engine;
import org.jcare.engine.cl.ClProgram;
import org.jcare.engine.cl.KernelSource;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.WorkSizes;

/** Launches the kernels of {@code concat.cl}; one typed method per kernel (outputs, inputs, sizes, scalars). */
public final class ConcatKernels {
    private final ClProgram program;

    private ConcatKernels(Engine engine) {
        this.program = engine.cl().program(KernelSource.load(ConcatKernels.class, "concat.cl"), "");
    }

    /** The launcher on {@code engine} (the program is cached per context, so this is cheap). */
    public static ConcatKernels on(Engine engine) {
        // one launcher per engine: loading and hashing the source on every op call costs about a millisecond
        return engine.service(ConcatKernels.class, ConcatKernels::new);
    }

    /** {@code concat_forward}: y = [a, b] along channels; {@code s} voxels per channel, {@code n} samples. */
    public void channelsForward(Tensor y, Tensor a, Tensor b, long s, int ca, int cb, int n) {
        program.kernel("concat_forward").call().arg(y.buffer()).arg(a.buffer()).arg(b.buffer()).arg(s).arg(ca).arg(cb)
                .launch(new long[] {s, ca + cb, n}, WorkSizes.local3d(s));
    }

    /** {@code concat_backward}: splits dy into da (first ca channels) and db (the other cb). */
    public void channelsBackward(Tensor da, Tensor db, Tensor dy, long s, int ca, int cb, int n) {
        program.kernel("concat_backward").call().arg(da.buffer()).arg(db.buffer()).arg(dy.buffer()).arg(s).arg(ca).arg(cb)
                .launch(new long[] {s, ca + cb, n}, WorkSizes.local3d(s));
    }
}
