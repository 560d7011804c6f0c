package org.jcare.kernels.testing;

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
}
