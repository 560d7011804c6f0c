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
}
