package org.jcare.kernels.conv;

import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.SpatialFactors;

/**
 * What a convolution reads as its input x [N, Cin, (D,) H, W]: either a plain tensor, or the U-Net decoder's
 * concatenation [upsample(low), skip] along channels, read through by the kernels' loaders and never materialized:
 * channel ci &lt; C1 of x is low [N, C1, D/fd, H/fh, W/fw] at (z/fd, y/fh, x/fw) (nearest upsampling), channel ci &gt;= C1
 * is channel ci - C1 of skip [N, C2, D, H, W]. A plain input is the case C1 = 0 with skip = x, which is how the kernels
 * see it too (one loader for both).
 *
 * @param skip    the plain input, or the skip connection of the concatenation (channels C1 ..)
 * @param low     the coarse tensor that is upsampled (channels 0 .. C1 - 1), or null for a plain input
 * @param factors the upsampling factors per axis (1, 1, 1 for a plain input)
 */
public record ConvInput(Tensor skip, Tensor low, SpatialFactors factors) {
    private static final SpatialFactors ONE = new SpatialFactors(1, 1, 1);

    /** A plain input x. */
    public static ConvInput plain(Tensor x) {
        return new ConvInput(x, null, ONE);
    }

    /**
     * concat([upsample_nearest(low, factors), skip], channels): low [N, C1, d, h, w] with factors (fh, fw) in 2D or
     * (fd, fh, fw) in 3D, skip [N, C2, d*fd, h*fh, w*fw].
     *
     * @throws IllegalArgumentException when the shapes do not fit, naming the op and both shapes
     */
    public static ConvInput upConcat(String op, Tensor low, Tensor skip, int... factors) {
        SpatialFactors f = SpatialFactors.of(op, low.shape(), factors);
        Shape up = f.multiply(low.shape());
        Shape s = skip.shape();
        if (s.rank() != up.rank() || !s.with(1, 1).equals(up.with(1, 1))) {
            throw new IllegalArgumentException(op + ": low " + low.shape() + " upsampled by " + f.describe(low.shape())
                    + " is " + up + ", which does not fit skip " + s + " (every axis but the channels must agree)");
        }
        return new ConvInput(skip, low, f);
    }

    /** True for the read-through concatenation of an upsampled tensor and a skip connection. */
    public boolean isUpConcat() {
        return low != null;
    }

    /** Channels taken from low (0 for a plain input). */
    public int c1() {
        return low == null ? 0 : low.shape().channels();
    }

    /** The shape of the input the convolution sees: [N, C1 + C2, (D,) H, W]. */
    public Shape shape() {
        return low == null ? skip.shape() : skip.shape().with(1, (long) c1() + skip.shape().channels());
    }
}
