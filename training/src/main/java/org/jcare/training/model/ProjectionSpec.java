package org.jcare.training.model;

import java.util.Arrays;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.ProjectionParams;
import org.jcare.training.config.TaskKind;

/**
 * The architecture of CSBDeep's projection network ({@code ProjectionCARE._build}): a 3D encoder-decoder without skip
 * connections whose pooling keeps Z ({@link ProjectionParams}), a 1-filter output convolution, softmax along Z, the
 * weighted sum of the input stack along Z, then the 2D CARE U-Net {@code denoiser}.
 *
 * @param channelsIn input channels of the stack
 * @param projection the projection sub-network, kernel and pooling resolved (Z, Y, X order)
 * @param denoiser   the 2D U-Net on the projected image
 */
public record ProjectionSpec(int channelsIn, ProjectionParams projection, UNetSpec denoiser) {
    /** Checks the pieces fit each other. */
    public ProjectionSpec {
        if (projection.kern() == null || projection.pool() == null || projection.kern().length != 3
                || projection.pool().length != 3) {
            throw new IllegalArgumentException("projection network needs kernel and pooling for Z, Y, X: " + projection);
        }
        if (projection.pool()[0] != 1) {
            throw new IllegalArgumentException("projection network must not pool Z: " + projection);
        }
        if (denoiser.nDim() != 2 || denoiser.channelsIn() != channelsIn) {
            throw new IllegalArgumentException("the denoiser of a projection network is a 2D U-Net taking the "
                    + channelsIn + " projected channel(s), got " + denoiser);
        }
    }

    /** The network a projection config describes (the denoiser from its unet_* fields, in 2D). */
    public static ProjectionSpec fromConfig(CareConfig c) {
        if (c.task().kind() != TaskKind.PROJECTION) {
            throw new IllegalArgumentException("not a projection config: task " + c.task());
        }
        int[] k = c.kernelSizePerAxis();
        int[] k2 = Arrays.copyOfRange(k, k.length - 2, k.length);
        UNetSpec unet = new UNetSpec(2, c.nChannelIn(), c.nChannelOut(), c.unetNDepth(), k2, c.unetNFirst(),
                c.unetResidual(), c.probabilistic(), "relu".equals(c.unetLastActivation()), new int[] {2, 2});
        return new ProjectionSpec(c.nChannelIn(), c.task().projection(), unet);
    }

    /** Y and X sizes must be multiples of this (the least common multiple of both networks' pooling grids). */
    public int[] divisibility() {
        int[] p = projection.pool();
        int[] u = denoiser.divisibility();
        int[] d = new int[3];
        d[0] = 1;
        for (int i = 1; i < 3; i++) {
            d[i] = lcm((int) Math.pow(p[i], projection.nDepth()), u[i - 1]);
        }
        return d;
    }

    private static int lcm(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }

    @Override
    public String toString() {
        return "Projection(" + channelsIn + " channel(s), " + projection + "; then " + denoiser + ")";
    }
}
