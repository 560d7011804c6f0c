package org.jcare.kernels.reduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

class ReduceKernelsTest {
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
    void meanAndSumMatchTheReference() {
        List<Shape> shapes = new ArrayList<>(ShapeGrid.anyRank());
        long span = ReduceKernels.SPAN;
        // around the edges of a stage-1 work-group
        shapes.addAll(List.of(Shape.of(1), Shape.of(span - 1), Shape.of(span), Shape.of(span + 1), Shape.of(3 * span + 17)));
        long seed = 1;
        for (Shape s : shapes) {
            try (Scope scope = engine.scope()) {
                DoubleTensor x = DoubleTensor.uniform(s, seed++, -1, 2).roundedToFloat();
                Tensor xd = DeviceChecks.leaf(engine, x);
                Tensor m = Reduce.mean(xd);
                assertEquals(Shape.of(1), m.shape());
                DeviceChecks.assertMatches("mean " + s, ReduceRef.mean(x), m, 1e-12, 1e-6);
                DeviceChecks.assertMatches("sum " + s, ReduceRef.sum(x), Reduce.sum(DeviceChecks.upload(engine, x)),
                        1e-12, 1e-6 * x.size());
                engine.tape().backward(m, engine.full(Shape.of(1), 3f));
                DeviceChecks.assertMatches("mean backward " + s, ReduceRef.broadcastBackward(s, 3, 1.0 / x.size()),
                        engine.tape().grad(xd), 1e-12, 1e-6);
                engine.tape().clear();
            }
        }
    }

    @Test
    void bothStageOneVariantsMatchTheReference() {
        long span = ReduceKernels.SPAN;
        long seed = 40;
        for (long n : new long[] {1, 7, span - 1, span + 9, 3 * span + 17, 100003}) {
            for (boolean vec8 : new boolean[] {false, true}) {
                try (Scope scope = engine.scope()) {
                    DoubleTensor x = DoubleTensor.uniform(Shape.of(n), seed++, -1, 2).roundedToFloat();
                    ReduceKernels k = ReduceKernels.on(engine);
                    long count = ReduceKernels.partialCount(n);
                    Tensor partials = engine.empty(Shape.of(count));
                    Tensor out = engine.empty(Shape.of(1));
                    if (vec8) {
                        k.partialsVec8(partials, DeviceChecks.upload(engine, x), n);
                    } else {
                        k.partials(partials, DeviceChecks.upload(engine, x), n);
                    }
                    k.finish(out, partials, count, 1f);
                    DeviceChecks.assertMatches("sum of " + n + (vec8 ? " (vec8)" : " (strided)"), ReduceRef.sum(x), out,
                            1e-12, 1e-6 * n);
                }
            }
        }
    }

    @Test
    void millionsOfElementsAreSummedAccuratelyAndDeterministically() {
        // 4M elements: 1024 stage-1 partials, so stage 2 walks 4 per work-item
        int n = 1 << 22;
        float[] data = new float[n];
        Random r = new Random(42);
        double exact = 0;
        float naive = 0;
        for (int i = 0; i < n; i++) {
            data[i] = 1 + r.nextFloat();
            exact += data[i];
            naive += data[i];
        }
        float[][] runs = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (Scope scope = engine.scope()) {
                Tensor x = engine.tensor(Shape.of(4, 1, 1024, 1024), data);
                runs[run] = Reduce.mean(x).toArray();
            }
        }
        double rel = Math.abs(runs[0][0] - exact / n) / (exact / n);
        double naiveRel = Math.abs(naive - exact) / exact;
        assertTrue(rel < 3e-7, "two-stage mean of 4M elements off by " + rel + " (relative)");
        assertTrue(naiveRel > 100 * rel, "a running float sum should be much worse: " + naiveRel + " vs " + rel);
        assertArrayEquals(runs[0], runs[1], "same input, same device: the same bits");
        DeviceChecks.assertBitIdentical("mean of 4M elements", runs[0], runs[1]);
    }
}
