package org.jcare.kernels.upsample;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.SpatialFactors;

/**
 * Nearest-neighbour upsampling as an autograd op (Keras UpSampling2D/3D, whose default interpolation is
 * nearest): every input element is repeated over an fd x fh x fw block. The backward sums the gradient over
 * each block, in a fixed order (deterministic).
 */
public final class Upsample {
    private Upsample() {
    }

    /**
     * Repeats each element of an N C H W (factors (fh, fw)) or N C D H W (factors (fd, fh, fw)) tensor over a
     * block of the factors' size; any positive factors, (2, 2), (2, 2, 2) and (1, 2, 2) have shift-only kernels.
     */
    public static Tensor nearest(Tensor x, int... factors) {
        Shape s = x.shape();
        SpatialFactors f = SpatialFactors.of("Upsample.nearest", s, factors);
        Engine e = x.engine();
        UpsampleKernels k = UpsampleKernels.on(e);
        Tensor y = e.empty(f.multiply(s));
        int d = s.depth();
        int h = s.height();
        int w = s.width();
        int planes = Math.toIntExact((long) s.batch() * s.channels());
        if (f.isPlanar2()) {
            k.nearestForward22(y, x, h, w, planes * d);
        } else if (f.isCubic2()) {
            k.nearestForward222(y, x, d, h, w, planes);
        } else {
            k.nearestForward(y, x, d, h, w, f.fd(), f.fh(), f.fw(), planes);
        }
        e.tape().record("upsample" + s.spatialRank() + "d", "factors=" + f.describe(s), new Tensor[] {x},
                new Tensor[] {y}, (node, g) -> {
                    Tensor dx = e.empty(s);
                    if (f.isPlanar2()) {
                        k.nearestBackward22(dx, g[0], h, w, planes * d);
                    } else if (f.isCubic2()) {
                        k.nearestBackward222(dx, g[0], d, h, w, planes);
                    } else {
                        k.nearestBackward(dx, g[0], d, h, w, f.fd(), f.fh(), f.fw(), planes);
                    }
                    return new Tensor[] {dx};
                });
        return y;
    }
}
