package org.jcare.kernels.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.jcare.engine.Engine;
import org.jcare.engine.autograd.ParameterSet;
import org.jcare.engine.tensor.Comparison;
import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.testing.DeviceChecks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AdamKernelsTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static ParameterSet parameters() {
        ParameterSet params = new ParameterSet(engine);
        params.add("conv.weight", Shape.of(16, 3, 3, 3, 3));
        params.add("conv.bias", Shape.of(16));
        params.add("head.weight", Shape.of(1, 16, 1, 1, 1));
        params.add("odd", Shape.of(1001));
        return params.allocate();
    }

    private static float[] random(long n, long seed, double scale) {
        Random r = new Random(seed);
        float[] f = new float[Math.toIntExact(n)];
        for (int i = 0; i < f.length; i++) {
            // magnitudes over six decades, both signs
            f[i] = (float) (scale * (2 * r.nextDouble() - 1) * Math.pow(10, -3 * r.nextDouble()));
        }
        return f;
    }

    private static double[] widen(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void severalStepsWithChangingLearningRatesMatchTheReference() {
        try (ParameterSet params = parameters(); Adam adam = new Adam(engine, params)) {
            long n = params.flatLength();
            float[] p0 = random(n, 1, 1);
            params.writeValues(p0);
            AdamRef ref = new AdamRef(widen(p0), Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPSILON);
            float[] rates = {4e-4f, 1e-3f, 2e-4f, 4e-4f, 5e-2f, 1e-3f};
            for (int s = 0; s < rates.length; s++) {
                float[] g = random(n, 10 + s, 10);
                engine.cl().write(params.grads(), 0, g);
                adam.step(rates[s]);
                ref.step(widen(g), rates[s]);
            }
            assertEquals(rates.length, adam.steps());
            AdamState state = adam.readState();
            assertMatches("parameters", ref.params(), params.readValues());
            assertMatches("first moments", ref.m(), state.m());
            assertMatches("second moments", ref.v(), state.v());
        }
    }

    @Test
    void restoringTheStateResumesBitForBit() {
        try (ParameterSet params = parameters(); Adam adam = new Adam(engine, params)) {
            long n = params.flatLength();
            params.writeValues(random(n, 2, 1));
            for (int s = 0; s < 3; s++) {
                engine.cl().write(params.grads(), 0, random(n, 20 + s, 1));
                adam.step(1e-3f);
            }
            float[] savedValues = params.readValues();
            AdamState saved = adam.readState();
            float[][] after = new float[2][];
            for (int run = 0; run < 2; run++) {
                if (run == 1) {
                    params.writeValues(savedValues);
                    adam.writeState(saved);
                    assertEquals(3, adam.steps());
                }
                for (int s = 0; s < 2; s++) {
                    engine.cl().write(params.grads(), 0, random(n, 30 + s, 1));
                    adam.step(4e-4f);
                }
                after[run] = params.readValues();
            }
            assertEquals(5, adam.steps());
            DeviceChecks.assertBitIdentical("resumed parameters", after[0], after[1]);
            assertThrows(IllegalArgumentException.class, () -> adam.writeState(new AdamState(1, new float[3], new float[3])));
        }
    }

    @Test
    void zeroGradientsLeaveParametersWhereTheyAre() {
        try (ParameterSet params = parameters(); Adam adam = new Adam(engine, params)) {
            float[] p0 = random(params.flatLength(), 5, 1);
            params.writeValues(p0);
            params.zeroGrad();
            adam.step(1e-3f);
            DeviceChecks.assertBitIdentical("parameters after a zero gradient", p0, params.readValues());
        }
    }

    @Test
    void badSettingsAreErrors() {
        try (ParameterSet params = parameters(); Adam adam = new Adam(engine, params)) {
            assertThrows(IllegalArgumentException.class, () -> adam.step(Float.NaN));
            assertThrows(IllegalArgumentException.class, () -> adam.step(-1));
            assertThrows(IllegalArgumentException.class, () -> new Adam(engine, params, 1.0, 0.999, 1e-7));
            adam.close();
            adam.close();
            assertThrows(IllegalStateException.class, () -> adam.step(1e-3f));
        }
        try (ParameterSet unallocated = new ParameterSet(engine)) {
            unallocated.add("w", Shape.of(3));
            assertThrows(IllegalStateException.class, () -> new Adam(engine, unallocated));
        }
    }

    private static void assertMatches(String what, double[] expected, float[] actual) {
        Comparison c = Comparison.of(expected, actual);
        assertTrue(c.within(DeviceChecks.FP32_NMSE, 1e-5), () -> c.describe("Adam " + what, null));
    }
}
