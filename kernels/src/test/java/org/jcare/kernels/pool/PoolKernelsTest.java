package org.jcare.kernels.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class PoolKernelsTest {
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
        for (Shape s : ShapeGrid.evenActivations()) {
            for (int[] f : s.rank() == 4 ? new int[][] {{2, 2}} : new int[][] {{2, 2, 2}, {1, 2, 2}}) {
                check(s, DoubleTensor.uniform(s, seed++, -1, 1).roundedToFloat(), seed++, f);
            }
        }
    }

    @Test
    void tiesGoToTheFirstElementInScanOrder() {
        long seed = 50;
        for (Shape s : ShapeGrid.evenActivations()) {
            for (int[] f : s.rank() == 4 ? new int[][] {{2, 2}, {1, 2}} : new int[][] {{2, 2, 2}, {1, 2, 2}, {2, 1, 2}}) {
                check(s, DeviceChecks.coarse(s, seed++, 3), seed++, f);
            }
        }
    }

    @Test
    void anyDividingFactorsUseTheNaiveKernel() {
        long seed = 100;
        for (Shape s0 : ShapeGrid.activations()) {
            int[] f = s0.rank() == 4 ? new int[] {3, 2} : new int[] {1, 3, 2};
            Shape s = ShapeGrid.roundedUp(s0, f);
            check(s, DoubleTensor.uniform(s, seed++, -1, 1).roundedToFloat(), seed++, f);
        }
    }

    @Test
    void naiveKernelsAgreeWithTheFixedOnes() {
        for (Shape s : ShapeGrid.evenActivations()) {
            try (Scope scope = engine.scope()) {
                PoolKernels k = PoolKernels.on(engine);
                Tensor x = DeviceChecks.upload(engine, DeviceChecks.coarse(s, s.numel(), 4));
                int d = s.depth();
                int planes = s.batch() * s.channels();
                Shape out = s.rank() == 5 ? s.with(2, d / 2).with(3, s.height() / 2).with(4, s.width() / 2)
                        : s.with(2, s.height() / 2).with(3, s.width() / 2);
                Tensor yFixed = engine.empty(out);
                Tensor yNaive = engine.empty(out);
                Tensor aFixed = engine.empty(Shape.of((out.numel() + 3) / 4));
                Tensor aNaive = engine.empty(Shape.of((out.numel() + 3) / 4));
                int fd = s.rank() == 5 ? 2 : 1;
                if (fd == 2) {
                    k.maxForward222(yFixed, aFixed, x, d, s.height(), s.width(), planes);
                } else {
                    k.maxForward22(yFixed, aFixed, x, s.height(), s.width(), planes);
                }
                k.maxForward(yNaive, aNaive, x, d, s.height(), s.width(), fd, 2, 2, planes);
                DeviceChecks.assertBitIdentical("maxpool naive vs fixed " + s, yFixed.toArray(), yNaive.toArray());
                Tensor dy = DeviceChecks.upload(engine, DoubleTensor.uniform(out, 3, -1, 1));
                Tensor dxFixed = engine.empty(s);
                Tensor dxNaive = engine.empty(s);
                if (fd == 2) {
                    k.maxBackward222(dxFixed, aFixed, dy, d, s.height(), s.width(), planes);
                } else {
                    k.maxBackward22(dxFixed, aFixed, dy, s.height(), s.width(), planes);
                }
                k.maxBackward(dxNaive, aNaive, dy, d, s.height(), s.width(), fd, 2, 2, planes);
                DeviceChecks.assertBitIdentical("maxpool backward naive vs fixed " + s, dxFixed.toArray(), dxNaive.toArray());
            }
        }
    }

    @Test
    void inferenceRecordsNothing() {
        try (Scope scope = engine.scope(); var noGrad = engine.noGrad()) {
            Shape s = Shape.of(1, 2, 4, 6);
            DoubleTensor x = DoubleTensor.uniform(s, 9, -1, 1).roundedToFloat();
            int before = scope.size();
            Tensor y = Pool.max(DeviceChecks.leaf(engine, x), 2, 2);
            assertEquals(0, engine.tape().size());
            assertEquals(before + 2, scope.size(), "x and y only: no argmax is kept for inference");
            DeviceChecks.assertMatches("maxpool inference", PoolRef.max(x, 2, 2), y, 0, 0);
        }
    }

    @Test
    void sizesTheFactorsDoNotDivideAreErrorsNamingTheShape() {
        try (Scope scope = engine.scope()) {
            Tensor x = engine.zeros(Shape.of(1, 1, 5, 8, 8));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pool.max(x, 2, 2, 2));
            assertTrue(e.getMessage().contains("[1, 1, 5, 8, 8]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Pool.max(x, 2, 2));
            assertTrue(e.getMessage().contains("3 spatial axes"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Pool.max(x, 1, 0, 2));
            assertThrows(IllegalArgumentException.class, () -> Pool.max(engine.zeros(Shape.of(1, 1, 32, 32)), 16, 32));
        }
    }

    private static void check(Shape s, DoubleTensor x, long seed, int... f) {
        try (Scope scope = engine.scope()) {
            Tensor xd = DeviceChecks.leaf(engine, x);
            Tensor y = Pool.max(xd, f);
            DoubleTensor yRef = PoolRef.max(x, f);
            String what = "maxpool " + s + " factors " + Arrays.toString(f);
            DeviceChecks.assertMatches(what + " forward", yRef, y, 0, 0);
            DoubleTensor dy = DoubleTensor.uniform(yRef.shape(), seed, -1, 1).roundedToFloat();
            engine.tape().backward(y, DeviceChecks.upload(engine, dy));
            DeviceChecks.assertMatches(what + " backward", PoolRef.maxBackward(x, dy, f), engine.tape().grad(xd), 0, 0);
            engine.tape().clear();
        }
    }
}
