package org.jcare.kernels.testing;

import java.util.ArrayList;
import java.util.List;
import org.jcare.engine.tensor.Shape;

/**
 * The shapes every kernel is tested on: 2D and 3D, batch 1 and 3, 1, 3 and 16 channels, odd spatial sizes
 * (7x9x11) and sizes that are not multiples of any work-group size.
 */
public final class ShapeGrid {
    private ShapeGrid() {
    }

    /** N C H W and N C D H W activation shapes. */
    public static List<Shape> activations() {
        return List.of(
                Shape.of(1, 1, 9, 11),
                Shape.of(3, 3, 7, 9),
                Shape.of(1, 16, 13, 17),
                Shape.of(3, 1, 7, 9, 11),
                Shape.of(1, 3, 5, 9, 11),
                Shape.of(3, 16, 7, 9, 11));
    }

    /** Activation shapes whose spatial sizes are even (for pooling by 2). */
    public static List<Shape> evenActivations() {
        return List.of(
                Shape.of(1, 1, 8, 12),
                Shape.of(3, 3, 6, 10),
                Shape.of(1, 16, 14, 18),
                Shape.of(3, 1, 4, 8, 10),
                Shape.of(1, 3, 6, 10, 12),
                Shape.of(3, 16, 2, 6, 14));
    }

    /**
     * {@code shape} with each spatial size rounded up to a multiple of its factor ((fh, fw) for N C H W,
     * (fd, fh, fw) for N C D H W): odd grid shapes made poolable by odd factors.
     */
    public static Shape roundedUp(Shape shape, int... factors) {
        Shape s = shape;
        int first = shape.rank() - factors.length;
        for (int i = 0; i < factors.length; i++) {
            long d = shape.dim(first + i);
            s = s.with(first + i, (d + factors[i] - 1) / factors[i] * factors[i]);
        }
        return s;
    }

    /** {@link #activations()} of the given spatial rank (2 or 3). */
    public static List<Shape> activations(int spatialRank) {
        List<Shape> out = new ArrayList<>();
        for (Shape s : activations()) {
            if (s.spatialRank() == spatialRank) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Shapes of any rank from 1 to 5 for ops that take any tensor (softmax, reductions): the activation grid
     * plus a vector, a matrix and a rank-3 tensor.
     */
    public static List<Shape> anyRank() {
        List<Shape> out = new ArrayList<>(List.of(Shape.of(300), Shape.of(5, 67), Shape.of(3, 7, 33)));
        out.addAll(activations());
        return out;
    }
}
