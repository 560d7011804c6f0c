package org.jcare.kernels.pool;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.SpatialFactors;

/**
 * Max pooling as an autograd op (Keras MaxPooling2D/3D with pool size = stride = factors, padding "valid" on
 * sizes the factors divide). The forward saves, per pooled element, the position of the winner in its window
 * (one byte); the backward routes each pooled gradient to that element and gives every other element 0.
 * Ties go to the first element in scan order (depth, then height, then width, width fastest).
 */
public final class Pool {
    /** Windows hold at most this many elements: the argmax is one unsigned byte. */
    public static final int MAX_WINDOW = 256;

    private Pool() {
    }

    /**
     * Max pooling of an N C H W (factors (fh, fw)) or N C D H W (factors (fd, fh, fw)) tensor. Any positive
     * factors that divide the spatial sizes are accepted; (2, 2), (2, 2, 2) and (1, 2, 2) have loop-free kernels.
     * CARE pads images to multiples of 2^depth before the network, so a size the factor does not divide is an
     * error that names the shape.
     */
    public static Tensor max(Tensor x, int... factors) {
        Shape s = x.shape();
        SpatialFactors f = SpatialFactors.of("Pool.max", s, factors);
        requireDivisible(s, f);
        if (f.volume() > MAX_WINDOW) {
            throw new IllegalArgumentException("Pool.max: window " + f.describe(s) + " of " + f.volume()
                    + " elements is larger than " + MAX_WINDOW + " (the argmax is one byte), shape " + s);
        }
        Engine e = x.engine();
        PoolKernels k = PoolKernels.on(e);
        Shape out = f.divide(s);
        Tensor y = e.empty(out);
        boolean saveArgmax = e.tape().isRecording() && x.requiresGrad();
        // One uchar per pooled element, held in a float tensor of a quarter the length so that the scope owns it
        // like any other saved activation.
        Tensor argmax = saveArgmax ? e.empty(Shape.of((out.numel() + 3) / 4)) : null;
        int d = s.depth();
        int h = s.height();
        int w = s.width();
        int planes = Math.toIntExact((long) s.batch() * s.channels());
        if (f.isPlanar2()) {
            k.maxForward22(y, argmax, x, h, w, planes * d);
        } else if (f.isCubic2()) {
            k.maxForward222(y, argmax, x, d, h, w, planes);
        } else {
            k.maxForward(y, argmax, x, d, h, w, f.fd(), f.fh(), f.fw(), planes);
        }
        if (argmax != null) {
            e.tape().record("maxpool" + s.spatialRank() + "d", "factors=" + f.describe(s), new Tensor[] {x},
                    new Tensor[] {y}, (node, g) -> {
                        Tensor dx = e.empty(s);
                        if (f.isPlanar2()) {
                            k.maxBackward22(dx, argmax, g[0], h, w, planes * d);
                        } else if (f.isCubic2()) {
                            k.maxBackward222(dx, argmax, g[0], d, h, w, planes);
                        } else {
                            k.maxBackward(dx, argmax, g[0], d, h, w, f.fd(), f.fh(), f.fw(), planes);
                        }
                        return new Tensor[] {dx};
                    });
        }
        return y;
    }

    static void requireDivisible(Shape s, SpatialFactors f) {
        if (s.depth() % f.fd() != 0 || s.height() % f.fh() != 0 || s.width() % f.fw() != 0) {
            throw new IllegalArgumentException("Pool.max: factors " + f.describe(s) + " do not divide the spatial sizes of "
                    + s + " (pad the image to a multiple of the pooling factors, 2^depth per axis for a U-Net)");
        }
    }
}
