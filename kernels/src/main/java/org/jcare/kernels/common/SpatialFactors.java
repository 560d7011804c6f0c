package org.jcare.kernels.common;

import java.util.Arrays;
import org.jcare.engine.tensor.Shape;

/**
 * Per-axis factors of a pooling or an upsampling of an N C [D] H W activation, with 2D as depth 1 (fd = 1).
 *
 * @param fd factor along depth (1 for 2D tensors)
 * @param fh factor along height
 * @param fw factor along width
 */
public record SpatialFactors(int fd, int fh, int fw) {
    /**
     * Reads one factor per spatial axis of {@code shape} ((fh, fw) in 2D, (fd, fh, fw) in 3D), all positive;
     * errors name {@code op}, the factors and the shape.
     */
    public static SpatialFactors of(String op, Shape shape, int... factors) {
        shape.requireActivation(op);
        int rank = shape.spatialRank();
        if (factors == null || factors.length != rank) {
            throw new IllegalArgumentException(op + ": " + (factors == null ? 0 : factors.length) + " factors "
                    + Arrays.toString(factors) + " for the " + rank + " spatial axes of " + shape);
        }
        for (int f : factors) {
            if (f <= 0) {
                throw new IllegalArgumentException(op + ": factors " + Arrays.toString(factors) + " must be positive (shape "
                        + shape + ")");
            }
        }
        return rank == 3 ? new SpatialFactors(factors[0], factors[1], factors[2]) : new SpatialFactors(1, factors[0], factors[1]);
    }

    /** Elements of one window (block): fd * fh * fw. */
    public int volume() {
        return fd * fh * fw;
    }

    /** True for (1, 2, 2), which is also what 2D (2, 2) reads as. */
    public boolean isPlanar2() {
        return fd == 1 && fh == 2 && fw == 2;
    }

    /** True for (2, 2, 2). */
    public boolean isCubic2() {
        return fd == 2 && fh == 2 && fw == 2;
    }

    /** {@code shape} with its spatial sizes divided by the factors (which must divide them). */
    public Shape divide(Shape shape) {
        Shape s = shape.with(-1, shape.width() / fw).with(-2, shape.height() / fh);
        return shape.rank() == 5 ? s.with(2, shape.depth() / fd) : s;
    }

    /** {@code shape} with its spatial sizes multiplied by the factors. */
    public Shape multiply(Shape shape) {
        Shape s = shape.with(-1, (long) shape.width() * fw).with(-2, (long) shape.height() * fh);
        return shape.rank() == 5 ? s.with(2, (long) shape.depth() * fd) : s;
    }

    /** The factors as given: (fh, fw) for a 2D shape, (fd, fh, fw) for 3D. */
    public String describe(Shape shape) {
        return shape.rank() == 5 ? "(" + fd + ", " + fh + ", " + fw + ")" : "(" + fh + ", " + fw + ")";
    }
}
