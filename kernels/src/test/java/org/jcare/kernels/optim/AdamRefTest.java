package org.jcare.kernels.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AdamRefTest {
    @Test
    void firstStepMovesEveryParameterByTheLearningRateAgainstItsGradient() {
        // bias correction makes step 1 = lr * g / (|g| + eps / sqrt(1 - beta2)) ~ lr * sign(g)
        double[] p = {1, -2, 3, 0.5};
        double[] g = {0.3, -7, 100, -0.1};
        AdamRef adam = new AdamRef(p, 0.9, 0.999, 1e-7);
        adam.step(g, 0.01);
        double epsHat = 1e-7 / Math.sqrt(1 - 0.999);
        for (int i = 0; i < p.length; i++) {
            assertEquals(p[i] - 0.01 * g[i] / (Math.abs(g[i]) + epsHat), adam.params()[i], 1e-15, "parameter " + i);
            assertEquals(p[i] - 0.01 * Math.signum(g[i]), adam.params()[i], 1e-6, "parameter " + i);
        }
        assertEquals(1, adam.steps());
        assertEquals(0.1 * 0.3, adam.m()[0], 1e-15);
        assertEquals(0.001 * 0.09, adam.v()[0], 1e-15);
    }

    @Test
    void minimisesAConvexQuadratic() {
        Random r = new Random(3);
        int n = 20;
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = 4 * r.nextDouble() - 2;
        }
        AdamRef adam = new AdamRef(new double[n], 0.9, 0.999, 1e-7);
        double[] g = new double[n];
        for (int step = 0; step < 3000; step++) {
            double[] p = adam.params();
            for (int i = 0; i < n; i++) {
                g[i] = p[i] - c[i];
            }
            adam.step(g, step < 2000 ? 0.01 : 0.001);
        }
        for (int i = 0; i < n; i++) {
            assertTrue(Math.abs(adam.params()[i] - c[i]) < 1e-2, "parameter " + i + ": " + adam.params()[i] + " vs " + c[i]);
        }
    }
}
