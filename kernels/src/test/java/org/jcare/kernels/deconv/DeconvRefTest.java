package org.jcare.kernels.deconv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.common.DoubleTensor;
import org.junit.jupiter.api.Test;

class DeconvRefTest {
    @Test
    void ratioAndUpdateByHand() {
        Shape s = Shape.of(3);
        DoubleTensor d = new DoubleTensor(s, new double[] {2, 3, 4});
        DoubleTensor b = new DoubleTensor(s, new double[] {4, 0, -1});
        DoubleTensor r = DeconvRef.ratio(d, b, 1e-3);
        assertEquals(0.5, r.data()[0], 0);
        assertEquals(3000, r.data()[1], 1e-9, "the denominator is floored at eps");
        assertEquals(4000, r.data()[2], 1e-9);
        assertEquals(6, DeconvRef.update(d, new DoubleTensor(s, new double[] {3, 1, 1})).data()[0], 0);
    }

    @Test
    void totalVariationUpdateByHand() {
        // a single bright voxel in a 5 x 5 plane: div = -2 - sqrt 2 there (its own unit gradient (-1, -1)/sqrt 2,
        // minus the unit gradients +x and +y of its backward neighbours)
        int n = 25;
        double[] u = new double[n];
        double[] c = new double[n];
        java.util.Arrays.fill(u, 1);
        java.util.Arrays.fill(c, 1);
        u[12] = 2;
        Shape s = Shape.of(1, 5, 5);
        DoubleTensor out = DeconvRef.updateTv(new DoubleTensor(s, u), new DoubleTensor(s, c), 1, 5, 5, 0.1, 1e-9, 0.1);
        assertEquals(2 / (1 + 0.1 * (2 + Math.sqrt(2))), out.data()[12], 1e-9);
        // left neighbour: its gradient (1, 0) points into the spike; before it the gradient is 0 -> div = +1
        assertEquals(1 / (1 - 0.1), out.data()[11], 1e-9);
        // a large lambda cannot make the denominator fall below minDenom
        DoubleTensor big = DeconvRef.updateTv(new DoubleTensor(s, u), new DoubleTensor(s, c), 1, 5, 5, 10, 1e-9, 0.1);
        assertEquals(1 / 0.1, big.data()[11], 1e-9);
    }
}
