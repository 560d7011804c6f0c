package org.jcare.kernels.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.testing.FiniteDifferences;
import org.junit.jupiter.api.Test;

class LossRefTest {
    private final Shape target = Shape.of(2, 2, 3, 5);
    private final DoubleTensor dy = new DoubleTensor(Shape.of(1), new double[] {1.7});

    @Test
    void gradientsMatchFiniteDifferencesWithMeanOnlyPredictions() {
        DoubleTensor pred = DoubleTensor.uniform(target, 1, -1, 1);
        DoubleTensor y = DoubleTensor.uniform(target, 2, -1, 1);
        check("mae", LossRef::mae, pred, y, LossRef.maeBackward(pred, y, 1.7));
        check("mse", LossRef::mse, pred, y, LossRef.mseBackward(pred, y, 1.7));
    }

    @Test
    void gradientsMatchFiniteDifferencesWithMeanAndScale() {
        DoubleTensor pred = probabilistic(target, 3);
        DoubleTensor y = DoubleTensor.uniform(target, 4, -1, 1);
        check("mae (2n)", LossRef::mae, pred, y, LossRef.maeBackward(pred, y, 1.7));
        check("mse (2n)", LossRef::mse, pred, y, LossRef.mseBackward(pred, y, 1.7));
        check("laplace", LossRef::laplace, pred, y, LossRef.laplaceBackward(pred, y, 1.7));
    }

    @Test
    void laplaceOfAPerfectPredictionWithUnitScaleIsLogTwo() {
        DoubleTensor y = DoubleTensor.uniform(Shape.of(1, 1, 2, 2), 5, -1, 1);
        double[] p = new double[8];
        System.arraycopy(y.data(), 0, p, 0, 4);
        Arrays.fill(p, 4, 8, 1.0);
        assertEquals(Math.log(2), LossRef.laplace(new DoubleTensor(Shape.of(1, 2, 2, 2), p), y).data()[0], 1e-15);
    }

    /** Mean channels uniform in [-1, 1), scale channels in [0.5, 2) (kept positive by the finite differences too). */
    static DoubleTensor probabilistic(Shape target, long seed) {
        Shape ps = target.with(1, 2 * target.dim(1));
        DoubleTensor p = DoubleTensor.uniform(ps, seed, -1, 1);
        int n = target.dimInt(1);
        int s = Math.toIntExact(target.with(0, 1).with(1, 1).numel());
        Random r = new Random(seed + 1);
        for (int b = 0; b < target.dim(0); b++) {
            for (int i = 0; i < n * s; i++) {
                p.data()[(b * 2 * n + n) * s + i] = 0.5 + 1.5 * r.nextDouble();
            }
        }
        return p;
    }

    private void check(String what, BinaryOperator<DoubleTensor> loss, DoubleTensor pred, DoubleTensor y, DoubleTensor dpred) {
        FiniteDifferences.check(what, t -> loss.apply(t, y), pred, dy, dpred, 400, 1e-7);
    }
}
