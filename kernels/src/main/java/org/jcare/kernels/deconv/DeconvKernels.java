package org.jcare.kernels.deconv;

import org.jcare.engine.Engine;
import org.jcare.engine.cl.ClProgram;
import org.jcare.engine.cl.KernelSource;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.WorkSizes;

/**
 * Launches the kernels of {@code deconv.cl}, the pointwise steps of Richardson-Lucy deconvolution; one typed method
 * per kernel (outputs, inputs, sizes, scalars). The math is {@link DeconvRef} (ratio, update) and optics' {@code
 * TotalVariation} (update_tv). These steps have no autograd functions:
 * deconvolution is a fixed-point iteration, never differentiated.
 */
public final class DeconvKernels {
    private final ClProgram program;

    private DeconvKernels(Engine engine) {
        this.program = engine.cl().program(KernelSource.load(DeconvKernels.class, "deconv.cl"), "");
    }

    /** The launcher on {@code engine}. */
    public static DeconvKernels on(Engine engine) {
        return engine.service(DeconvKernels.class, DeconvKernels::new);
    }

    /** {@code r = d / max(b, eps)}. */
    public void ratio(Tensor r, Tensor d, Tensor b, float eps) {
        long n = r.numel();
        check("ratio", n, d, b);
        program.kernel("rl_ratio").call().arg(r.buffer()).arg(d.buffer()).arg(b.buffer()).arg(n).arg(eps)
                .launch1d(n, WorkSizes.LOCAL);
    }

    /** {@code u1 = u * c}. */
    public void update(Tensor u1, Tensor u, Tensor c) {
        long n = u1.numel();
        check("update", n, u, c);
        program.kernel("rl_update").call().arg(u1.buffer()).arg(u.buffer()).arg(c.buffer()).arg(n)
                .launch1d(n, WorkSizes.LOCAL);
    }

    /**
     * {@code u1 = u * c / max(minDenom, 1 - lambda div(grad u / |grad u|))} on a {@code d x h x w} volume (2D: d = 1).
     */
    public void updateTv(Tensor u1, Tensor u, Tensor c, int d, int h, int w, float lambda, float eps, float minDenom) {
        long n = u1.numel();
        if (n != (long) d * h * w) {
            throw new IllegalArgumentException("rl_update_tv: tensor of " + n + " elements is not " + d + " x " + h
                    + " x " + w);
        }
        check("update_tv", n, u, c);
        program.kernel("rl_update_tv").call().arg(u1.buffer()).arg(u.buffer()).arg(c.buffer()).arg(d).arg(h).arg(w)
                .arg(lambda).arg(eps).arg(minDenom).launch1d(n, WorkSizes.LOCAL);
    }

    private static void check(String op, long n, Tensor a, Tensor b) {
        if (a.numel() != n || b.numel() != n) {
            throw new IllegalArgumentException("rl_" + op + ": tensors of " + n + ", " + a.numel() + " and " + b.numel()
                    + " elements must be the same size");
        }
    }
}
