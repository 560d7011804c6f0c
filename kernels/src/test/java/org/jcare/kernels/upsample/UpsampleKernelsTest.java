package org.jcare.kernels.upsample;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.testing.DeviceChecks;
import org.jcare.kernels.testing.ShapeGrid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UpsampleKernelsTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void factorTwoMatchesTheReference() {
        long seed = 1;
        for (Shape s : ShapeGrid.activations()) {
            for (int[] f : s.rank() == 4 ? new int[][] {{2, 2}} : new int[][] {{2, 2, 2}, {1, 2, 2}}) {
                check(s, seed++, f);
            }
        }
    }

    @Test
    void otherFactorsUseTheNaiveKernels() {
        long seed = 100;
        for (Shape s : ShapeGrid.activations()) {
            for (int[] f : s.rank() == 4 ? new int[][] {{3, 2}, {1, 2}} : new int[][] {{2, 1, 3}, {1, 1, 2}}) {
                check(s, seed++, f);
            }
        }
    }

    @Test
    void naiveKernelsAgreeBitForBitWithTheFixedOnes() {
        for (Shape s : ShapeGrid.activations()) {
            try (Scope scope = engine.scope()) {
                UpsampleKernels k = UpsampleKernels.on(engine);
                int fd = s.rank() == 5 ? 2 : 1;
                Shape big = s.rank() == 5 ? s.with(2, 2L * s.depth()).with(3, 2L * s.height()).with(4, 2L * s.width())
                        : s.with(2, 2L * s.height()).with(3, 2L * s.width());
                Tensor dy = DeviceChecks.upload(engine, DoubleTensor.uniform(big, 4, -1, 1));
                Tensor fixed = engine.empty(s);
                Tensor naive = engine.empty(s);
                int planes = s.batch() * s.channels();
                if (fd == 2) {
                    k.nearestBackward222(fixed, dy, s.depth(), s.height(), s.width(), planes);
                } else {
                    k.nearestBackward22(fixed, dy, s.height(), s.width(), planes);
                }
                k.nearestBackward(naive, dy, s.depth(), s.height(), s.width(), fd, 2, 2, planes);
                DeviceChecks.assertBitIdentical("upsample backward naive vs fixed " + s, fixed.toArray(), naive.toArray());
                Tensor x = DeviceChecks.upload(engine, DoubleTensor.uniform(s, 5, -1, 1));
                Tensor yFixed = engine.empty(big);
                Tensor yNaive = engine.empty(big);
                if (fd == 2) {
                    k.nearestForward222(yFixed, x, s.depth(), s.height(), s.width(), planes);
                } else {
                    k.nearestForward22(yFixed, x, s.height(), s.width(), planes);
                }
                k.nearestForward(yNaive, x, s.depth(), s.height(), s.width(), fd, 2, 2, planes);
                DeviceChecks.assertBitIdentical("upsample forward naive vs fixed " + s, yFixed.toArray(), yNaive.toArray());
            }
        }
    }

    @Test
    void badFactorsAreErrors() {
        try (Scope scope = engine.scope()) {
            Tensor x = engine.zeros(Shape.of(1, 1, 4, 4));
            assertThrows(IllegalArgumentException.class, () -> Upsample.nearest(x, 2, 2, 2));
            assertThrows(IllegalArgumentException.class, () -> Upsample.nearest(x, 0, 2));
        }
    }

    private static void check(Shape s, long seed, int... f) {
        try (Scope scope = engine.scope()) {
            DoubleTensor x = DoubleTensor.uniform(s, seed, -1, 1).roundedToFloat();
            Tensor xd = DeviceChecks.leaf(engine, x);
            Tensor y = Upsample.nearest(xd, f);
            DoubleTensor yRef = UpsampleRef.nearest(x, f);
            String what = "upsample " + s + " factors " + Arrays.toString(f);
            DeviceChecks.assertMatches(what + " forward", yRef, y, 0, 0);
            DoubleTensor dy = DoubleTensor.uniform(yRef.shape(), seed + 1000, -1, 1).roundedToFloat();
            engine.tape().backward(y, DeviceChecks.upload(engine, dy));
            DeviceChecks.assertMatches(what + " backward", UpsampleRef.nearestBackward(s, dy, f), engine.tape().grad(xd),
                    DeviceChecks.FP32_NMSE, 1e-6);
            engine.tape().clear();
        }
    }
}
