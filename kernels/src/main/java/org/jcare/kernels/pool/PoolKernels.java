package org.jcare.kernels.pool;

import org.jcare.engine.Engine;
import org.jcare.engine.cl.ClBuffer;
import org.jcare.engine.cl.ClProgram;
import org.jcare.engine.cl.KernelSource;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.WorkSizes;

/**
 * Launches the kernels of {@code pool.cl}; one typed method per kernel (outputs, inputs, sizes, scalars).
 * {@code argmax} is a byte buffer of one {@code uchar} per pooled element held in a float tensor of a quarter
 * the length (see {@link Pool}); passing null to a forward skips the argmax store.
 */
public final class PoolKernels {
    private final ClProgram program;

    private PoolKernels(Engine engine) {
        this.program = engine.cl().program(KernelSource.load(PoolKernels.class, "pool.cl"), "");
    }

    /** The launcher on {@code engine} (the program is cached per context, so this is cheap). */
    public static PoolKernels on(Engine engine) {
        // one launcher per engine: loading and hashing the source on every op call costs about a millisecond
        return engine.service(PoolKernels.class, PoolKernels::new);
    }

    /** {@code maxpool3d_forward}: any factors over {@code planes} planes of {@code d x h x w}. */
    public void maxForward(Tensor y, Tensor argmax, Tensor x, int d, int h, int w, int fd, int fh, int fw, int planes) {
        long rows = (long) planes * (d / fd) * (h / fh);
        program.kernel("maxpool3d_forward").call().arg(y.buffer()).arg(indexBuffer(argmax, y)).arg(x.buffer())
                .arg(d).arg(h).arg(w).arg(fd).arg(fh).arg(fw).arg(rows).arg(argmax == null ? 0 : 1)
                .launch(new long[] {w / fw, rows}, WorkSizes.row2d(w / fw));
    }

    /** {@code maxpool3d_forward_k222}: factors (2, 2, 2). */
    public void maxForward222(Tensor y, Tensor argmax, Tensor x, int d, int h, int w, int planes) {
        long slices = (long) planes * (d / 2);
        program.kernel("maxpool3d_forward_k222").call().arg(y.buffer()).arg(indexBuffer(argmax, y)).arg(x.buffer())
                .arg(h).arg(w).arg(slices).arg(argmax == null ? 0 : 1)
                .launch(new long[] {w / 2, h / 2, slices}, WorkSizes.slice3d(w / 2, h / 2));
    }

    /** {@code maxpool2d_forward_k22}: factors (2, 2) over {@code planes} planes of {@code h x w}. */
    public void maxForward22(Tensor y, Tensor argmax, Tensor x, int h, int w, int planes) {
        long rows = (long) planes * (h / 2);
        program.kernel("maxpool2d_forward_k22").call().arg(y.buffer()).arg(indexBuffer(argmax, y)).arg(x.buffer())
                .arg(w).arg(rows).arg(argmax == null ? 0 : 1)
                .launch(new long[] {w / 2, rows}, WorkSizes.row2d(w / 2));
    }

    /** {@code maxpool3d_backward}: routes dy to the saved winners, any factors. */
    public void maxBackward(Tensor dx, Tensor argmax, Tensor dy, int d, int h, int w, int fd, int fh, int fw, int planes) {
        long rows = (long) planes * (d / fd) * (h / fh);
        program.kernel("maxpool3d_backward").call().arg(dx.buffer()).arg(argmax.buffer()).arg(dy.buffer())
                .arg(d).arg(h).arg(w).arg(fd).arg(fh).arg(fw).arg(rows)
                .launch(new long[] {w / fw, rows}, WorkSizes.row2d(w / fw));
    }

    /** {@code maxpool3d_backward_k222}: one work-item per pooled element writes its window. */
    public void maxBackward222(Tensor dx, Tensor argmax, Tensor dy, int d, int h, int w, int planes) {
        long slices = (long) planes * (d / 2);
        program.kernel("maxpool3d_backward_k222").call().arg(dx.buffer()).arg(argmax.buffer()).arg(dy.buffer())
                .arg(h).arg(w).arg(slices)
                .launch(new long[] {w / 2, h / 2, slices}, WorkSizes.slice3d(w / 2, h / 2));
    }

    /** {@code maxpool2d_backward_k22}: one work-item per pooled element writes its window. */
    public void maxBackward22(Tensor dx, Tensor argmax, Tensor dy, int h, int w, int planes) {
        long rows = (long) planes * (h / 2);
        program.kernel("maxpool2d_backward_k22").call().arg(dx.buffer()).arg(argmax.buffer()).arg(dy.buffer())
                .arg(w).arg(rows)
                .launch(new long[] {w / 2, rows}, WorkSizes.row2d(w / 2));
    }

    private static ClBuffer indexBuffer(Tensor argmax, Tensor y) {
        // With storeArgmax = 0 the kernel never touches the pointer; y's buffer is just a valid cl_mem.
        return argmax == null ? y.buffer() : argmax.buffer();
    }
}
