package org.jcare.kernels.weightedsum;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class WeightedSumKernelsTest {
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
    void channelBroadcastWeightsOverEverySpatialAxis() {
        long seed = 1;
        for (Shape s : ShapeGrid.activations()) {
            for (int axis = 2; axis < s.rank(); axis++) {
                check(s, s.with(1, 1), axis, seed++);
            }
        }
    }

    @Test
    void sameShapeWeightsOverEveryAxis() {
        long seed = 100;
        for (Shape s : ShapeGrid.activations()) {
            for (int axis = 0; axis < s.rank(); axis++) {
                check(s, s, axis, seed++);
            }
        }
    }

    @Test
    void bothVariantsMatchTheReferenceWhereTheVectorOneApplies() {
        long seed = 300;
        // x [N, C, D, H, W] summed over D with inner = H*W a multiple of 8, weights broadcast or not
        for (Shape xs : new Shape[] {Shape.of(3, 3, 5, 4, 6), Shape.of(1, 16, 7, 2, 4)}) {
            for (Shape ws : new Shape[] {xs, xs.with(1, 1)}) {
                WeightedSum.Plan plan = WeightedSum.plan(xs, ws, 2);
                for (boolean vec8 : new boolean[] {false, true}) {
                    try (Scope scope = engine.scope()) {
                        WeightedSumKernels k = WeightedSumKernels.on(engine);
                        DoubleTensor x = DoubleTensor.uniform(xs, seed++, -1, 1).roundedToFloat();
                        DoubleTensor w = DoubleTensor.uniform(ws, seed++, -1, 1).roundedToFloat();
                        DoubleTensor g = DoubleTensor.uniform(plan.out(), seed++, -1, 1).roundedToFloat();
                        Tensor xd = DeviceChecks.upload(engine, x);
                        Tensor wd = DeviceChecks.upload(engine, w);
                        Tensor gd = DeviceChecks.upload(engine, g);
                        Tensor out = engine.empty(plan.out());
                        Tensor dx = engine.empty(xs);
                        Tensor dw = engine.empty(ws);
                        int l = plan.length();
                        if (vec8) {
                            k.forwardVec8(out, xd, wd, l, plan.inner(), plan.middle(), plan.c(), plan.cw(), plan.planes());
                            k.backwardInputVec8(dx, gd, wd, l, plan.inner(), plan.middle(), plan.c(), plan.cw(), plan.planes());
                            k.backwardWeightsVec8(dw, gd, xd, l, plan.inner(), plan.middle(), plan.c(), plan.cw(),
                                    plan.weightPlanes());
                        } else {
                            k.forward(out, xd, wd, l, plan.inner(), plan.middle(), plan.c(), plan.cw(), plan.planes());
                            k.backwardInput(dx, gd, wd, l, plan.inner(), plan.middle(), plan.c(), plan.cw(), plan.planes());
                            k.backwardWeights(dw, gd, xd, l, plan.inner(), plan.middle(), plan.c(), plan.cw(),
                                    plan.weightPlanes());
                        }
                        String what = "weightedsum " + (vec8 ? "vec8" : "scalar") + " x " + xs + " w " + ws;
                        DeviceChecks.assertMatches(what, WeightedSumRef.apply(x, w, 2), out, DeviceChecks.FP32_NMSE, 1e-5);
                        DeviceChecks.assertMatches(what + " dx", WeightedSumRef.backwardInput(x, w, g, 2), dx,
                                DeviceChecks.FP32_NMSE, 1e-6);
                        DeviceChecks.assertMatches(what + " dw", WeightedSumRef.backwardWeights(x, w, g, 2), dw,
                                DeviceChecks.FP32_NMSE, 1e-5);
                    }
                }
            }
        }
    }

    @Test
    void weightGradientIsBitIdenticalAcrossRuns() {
        Shape xs = Shape.of(3, 16, 7, 9, 11);
        Shape ws = xs.with(1, 1);
        float[][] runs = new float[2][];
        for (int r = 0; r < 2; r++) {
            try (Scope scope = engine.scope()) {
                Tensor x = DeviceChecks.upload(engine, DoubleTensor.uniform(xs, 1, -1, 1));
                Tensor w = DeviceChecks.leaf(engine, DoubleTensor.uniform(ws, 2, -1, 1));
                Tensor out = WeightedSum.apply(x, w, 2);
                engine.tape().backward(out, DeviceChecks.upload(engine, DoubleTensor.uniform(out.shape(), 3, -1, 1)));
                assertNull(engine.tape().grad(x), "x asked for no gradient");
                runs[r] = engine.tape().grad(w).toArray();
                engine.tape().clear();
            }
        }
        DeviceChecks.assertBitIdentical("weightedsum dw", runs[0], runs[1]);
    }

    @Test
    void incompatibleShapesAreErrorsNamingBoth() {
        try (Scope scope = engine.scope()) {
            Tensor x = engine.zeros(Shape.of(1, 3, 4, 5, 6));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WeightedSum.apply(x, engine.zeros(Shape.of(1, 2, 4, 5, 6)), 2));
            assertTrue(e.getMessage().contains("[1, 3, 4, 5, 6]") && e.getMessage().contains("[1, 2, 4, 5, 6]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> WeightedSum.apply(x, engine.zeros(Shape.of(1, 1, 4, 5, 6)), 1));
            assertThrows(IllegalArgumentException.class, () -> WeightedSum.apply(x, x, 5));
        }
    }

    private static void check(Shape xs, Shape ws, int axis, long seed) {
        try (Scope scope = engine.scope()) {
            DoubleTensor x = DoubleTensor.uniform(xs, seed, -1, 1).roundedToFloat();
            DoubleTensor w = DoubleTensor.uniform(ws, seed + 1000, -1, 1).roundedToFloat();
            Tensor xd = DeviceChecks.leaf(engine, x);
            Tensor wd = DeviceChecks.leaf(engine, w);
            Tensor out = WeightedSum.apply(xd, wd, axis);
            String what = "weightedsum x " + xs + " w " + ws + " axis " + axis;
            DeviceChecks.assertMatches(what, WeightedSumRef.apply(x, w, axis), out, DeviceChecks.FP32_NMSE, 1e-5);
            DoubleTensor g = DoubleTensor.uniform(out.shape(), seed + 2000, -1, 1).roundedToFloat();
            engine.tape().backward(out, DeviceChecks.upload(engine, g));
            DeviceChecks.assertMatches(what + " dx", WeightedSumRef.backwardInput(x, w, g, axis), engine.tape().grad(xd),
                    DeviceChecks.FP32_NMSE, 1e-6);
            DeviceChecks.assertMatches(what + " dw", WeightedSumRef.backwardWeights(x, w, g, axis), engine.tape().grad(wd),
                    DeviceChecks.FP32_NMSE, 1e-5);
            engine.tape().clear();
        }
    }
}
