package org.jcare.kernels.upsample;

import org.jcare.engine.Engine;
import org.jcare.engine.cl.ClProgram;
import org.jcare.engine.cl.KernelSource;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.WorkSizes;

/**
 * Launches the kernels of {@code upsample.cl}; one typed method per kernel (outputs, inputs, sizes, scalars).
 * Sizes d, h, w are those of the small tensor (the forward's input, the backward's output); a plane is one
 * channel of one sample.
 */
public final class UpsampleKernels {
    private final ClProgram program;

    private UpsampleKernels(Engine engine) {
        this.program = engine.cl().program(KernelSource.load(UpsampleKernels.class, "upsample.cl"), "");
    }

    /** The launcher on {@code engine} (the program is cached per context, so this is cheap). */
    public static UpsampleKernels on(Engine engine) {
        // one launcher per engine: loading and hashing the source on every op call costs about a millisecond
        return engine.service(UpsampleKernels.class, UpsampleKernels::new);
    }

    /** {@code upsample3d_forward}: nearest neighbour, any factors. */
    public void nearestForward(Tensor y, Tensor x, int d, int h, int w, int fd, int fh, int fw, int planes) {
        long rows = (long) planes * d * fd * h * fh;
        long width = (long) w * fw;
        program.kernel("upsample3d_forward").call().arg(y.buffer()).arg(x.buffer())
                .arg(d).arg(h).arg(w).arg(fd).arg(fh).arg(fw).arg(rows)
                .launch(new long[] {width, rows}, WorkSizes.row2d(width));
    }

    /** {@code upsample3d_forward_k222}: factors (2, 2, 2). */
    public void nearestForward222(Tensor y, Tensor x, int d, int h, int w, int planes) {
        long slices = (long) planes * 2 * d;
        program.kernel("upsample3d_forward_k222").call().arg(y.buffer()).arg(x.buffer()).arg(h).arg(w).arg(slices)
                .launch(new long[] {2L * w, 2L * h, slices}, WorkSizes.slice3d(2L * w, 2L * h));
    }

    /** {@code upsample2d_forward_k22}: factors (2, 2) over {@code planes} planes of h x w. */
    public void nearestForward22(Tensor y, Tensor x, int h, int w, int planes) {
        long rows = (long) planes * 2 * h;
        program.kernel("upsample2d_forward_k22").call().arg(y.buffer()).arg(x.buffer()).arg(w).arg(rows)
                .launch(new long[] {2L * w, rows}, WorkSizes.row2d(2L * w));
    }

    /** {@code upsample3d_backward}: block sums, any factors. */
    public void nearestBackward(Tensor dx, Tensor dy, int d, int h, int w, int fd, int fh, int fw, int planes) {
        long rows = (long) planes * d * h;
        program.kernel("upsample3d_backward").call().arg(dx.buffer()).arg(dy.buffer())
                .arg(d).arg(h).arg(w).arg(fd).arg(fh).arg(fw).arg(rows)
                .launch(new long[] {w, rows}, WorkSizes.row2d(w));
    }

    /** {@code upsample3d_backward_k222}: block sums for factors (2, 2, 2). */
    public void nearestBackward222(Tensor dx, Tensor dy, int d, int h, int w, int planes) {
        long slices = (long) planes * d;
        program.kernel("upsample3d_backward_k222").call().arg(dx.buffer()).arg(dy.buffer()).arg(h).arg(w).arg(slices)
                .launch(new long[] {w, h, slices}, WorkSizes.slice3d(w, h));
    }

    /** {@code upsample2d_backward_k22}: block sums for factors (2, 2) over {@code planes} planes of h x w. */
    public void nearestBackward22(Tensor dx, Tensor dy, int h, int w, int planes) {
        long rows = (long) planes * h;
        program.kernel("upsample2d_backward_k22").call().arg(dx.buffer()).arg(dy.buffer()).arg(w).arg(rows)
                .launch(new long[] {w, rows}, WorkSizes.row2d(w));
    }
}
