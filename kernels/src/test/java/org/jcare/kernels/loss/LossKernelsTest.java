package org.jcare.kernels.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BinaryOperator;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.reduce.ReduceKernels;
import org.jcare.kernels.testing.DeviceChecks;
import org.jcare.kernels.testing.ShapeGrid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LossKernelsTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private interface DeviceLoss {
        Tensor apply(Tensor pred, Tensor target);
    }

    private interface RefGradient {
        DoubleTensor apply(DoubleTensor pred, DoubleTensor target, double g);
    }

    @Test
    void maeAndMseOnMeanOnlyPredictions() {
        long seed = 1;
        for (Shape t : ShapeGrid.activations()) {
            DoubleTensor pred = DoubleTensor.uniform(t, seed++, -1, 1).roundedToFloat();
            DoubleTensor y = DoubleTensor.uniform(t, seed++, -1, 1).roundedToFloat();
            check("mae " + t, Loss::mae, LossRef::mae, LossRef::maeBackward, pred, y);
            check("mse " + t, Loss::mse, LossRef::mse, LossRef::mseBackward, pred, y);
        }
    }

    @Test
    void allLossesOnProbabilisticPredictions() {
        long seed = 100;
        for (Shape t : ShapeGrid.activations()) {
            DoubleTensor pred = LossRefTest.probabilistic(t, seed++).roundedToFloat();
            DoubleTensor y = DoubleTensor.uniform(t, seed++, -1, 1).roundedToFloat();
            check("mae (2n) " + t, Loss::mae, LossRef::mae, LossRef::maeBackward, pred, y);
            check("mse (2n) " + t, Loss::mse, LossRef::mse, LossRef::mseBackward, pred, y);
            check("laplace " + t, Loss::laplace, LossRef::laplace, LossRef::laplaceBackward, pred, y);
        }
    }

    @Test
    void planesLongerThanOneWorkGroupSpan() {
        // 2 x 1 x 64 x 130: each plane spans several stage-1 work-groups, the last one partial
        Shape t = Shape.of(2, 1, 64, 130);
        DoubleTensor pred = LossRefTest.probabilistic(t, 7).roundedToFloat();
        DoubleTensor y = DoubleTensor.uniform(t, 8, -1, 1).roundedToFloat();
        check("laplace " + t, Loss::laplace, LossRef::laplace, LossRef::laplaceBackward, pred, y);
        check("mae " + t, Loss::mae, LossRef::mae, LossRef::maeBackward, pred, y);
    }

    @Test
    void bothForwardVariantsMatchTheReference() {
        long seed = 200;
        // plane sizes: not a multiple of 8, and longer than one stage-1 span with a partial last chunk
        for (Shape t : new Shape[] {Shape.of(3, 3, 7, 9), Shape.of(2, 1, 3, 41, 43)}) {
            DoubleTensor pred = LossRefTest.probabilistic(t, seed++).roundedToFloat();
            DoubleTensor y = DoubleTensor.uniform(t, seed++, -1, 1).roundedToFloat();
            int n = t.dimInt(1);
            int batch = t.dimInt(0);
            long s = t.numel() / ((long) n * batch);
            long count = LossKernels.partialCount(s, n, batch);
            for (String kind : new String[] {"mae", "mse", "laplace"}) {
                for (boolean vec8 : new boolean[] {false, true}) {
                    try (Scope scope = engine.scope()) {
                        LossKernels k = LossKernels.on(engine);
                        Tensor pd = DeviceChecks.upload(engine, pred);
                        Tensor yd = DeviceChecks.upload(engine, y);
                        Tensor partials = engine.empty(Shape.of(count));
                        Tensor out = engine.empty(Shape.of(1));
                        switch (kind + vec8) {
                            case "maefalse" -> k.maeForward(partials, pd, yd, s, n, 2 * n, batch);
                            case "maetrue" -> k.maeForwardVec8(partials, pd, yd, s, n, 2 * n, batch);
                            case "msefalse" -> k.mseForward(partials, pd, yd, s, n, 2 * n, batch);
                            case "msetrue" -> k.mseForwardVec8(partials, pd, yd, s, n, 2 * n, batch);
                            case "laplacefalse" -> k.laplaceForward(partials, pd, yd, s, n, 2 * n, batch);
                            default -> k.laplaceForwardVec8(partials, pd, yd, s, n, 2 * n, batch);
                        }
                        ReduceKernels.on(engine).finish(out, partials, count, (float) (1.0 / t.numel()));
                        DoubleTensor expected = switch (kind) {
                            case "mae" -> LossRef.mae(pred, y);
                            case "mse" -> LossRef.mse(pred, y);
                            default -> LossRef.laplace(pred, y);
                        };
                        DeviceChecks.assertMatches(kind + (vec8 ? " vec8 " : " strided ") + t, expected, out, 1e-12, 1e-5);
                    }
                }
            }
        }
    }

    @Test
    void lossesAreBitIdenticalAcrossRuns() {
        Shape t = Shape.of(3, 16, 7, 9, 11);
        DoubleTensor pred = LossRefTest.probabilistic(t, 11);
        DoubleTensor y = DoubleTensor.uniform(t, 12, -1, 1);
        for (DeviceLoss loss : List.<DeviceLoss>of(Loss::mae, Loss::mse, Loss::laplace)) {
            float[][] runs = new float[2][];
            for (int r = 0; r < 2; r++) {
                try (Scope scope = engine.scope()) {
                    runs[r] = loss.apply(DeviceChecks.upload(engine, pred), DeviceChecks.upload(engine, y)).toArray();
                }
            }
            DeviceChecks.assertBitIdentical("loss", runs[0], runs[1]);
        }
    }

    @Test
    void mismatchedShapesAreErrorsNamingBoth() {
        try (Scope scope = engine.scope()) {
            Tensor y = engine.zeros(Shape.of(2, 1, 8, 8));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Loss.laplace(engine.zeros(Shape.of(2, 1, 8, 8)), y));
            assertTrue(e.getMessage().contains("[2, 1, 8, 8]") && e.getMessage().contains("2 channels"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Loss.mae(engine.zeros(Shape.of(2, 3, 8, 8)), y));
            assertThrows(IllegalArgumentException.class, () -> Loss.mse(engine.zeros(Shape.of(2, 1, 8, 9)), y));
        }
    }

    private static void check(String what, DeviceLoss loss, BinaryOperator<DoubleTensor> ref, RefGradient grad,
                              DoubleTensor pred, DoubleTensor y) {
        try (Scope scope = engine.scope()) {
            Tensor p = DeviceChecks.leaf(engine, pred);
            Tensor out = loss.apply(p, DeviceChecks.upload(engine, y));
            assertEquals(Shape.of(1), out.shape());
            DeviceChecks.assertMatches(what, ref.apply(pred, y), out, 1e-12, 1e-5);
            engine.tape().backward(out, engine.full(Shape.of(1), 2.5f));
            DeviceChecks.assertMatches(what + " dpred", grad.apply(pred, y, 2.5), engine.tape().grad(p),
                    DeviceChecks.FP32_NMSE, 1e-6);
            engine.tape().clear();
        }
    }
}
