package org.jcare.kernels.concat;

import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.testing.FiniteDifferences;
import org.junit.jupiter.api.Test;

class ConcatRefTest {
    @Test
    void slicesMatchFiniteDifferencesForBothInputs() {
        for (Shape[] pair : new Shape[][] {{Shape.of(2, 3, 4, 5), Shape.of(2, 2, 4, 5)},
                {Shape.of(2, 1, 3, 4, 5), Shape.of(2, 3, 3, 4, 5)}}) {
            DoubleTensor a = DoubleTensor.uniform(pair[0], 1, -1, 1);
            DoubleTensor b = DoubleTensor.uniform(pair[1], 2, -1, 1);
            DoubleTensor y = ConcatRef.channels(a, b);
            DoubleTensor dy = DoubleTensor.uniform(y.shape(), 3, -1, 1);
            int ca = pair[0].dimInt(1);
            int cb = pair[1].dimInt(1);
            FiniteDifferences.check("concat da", t -> ConcatRef.channels(t, b), a, dy, ConcatRef.slice(dy, 0, ca), 300, 1e-7);
            FiniteDifferences.check("concat db", t -> ConcatRef.channels(a, t), b, dy, ConcatRef.slice(dy, ca, cb), 300, 1e-7);
        }
    }
}
