package org.jcare.kernels.mixture;

import java.util.Random;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TmpTimingTest {
    @Test
    void time() {
        try (Engine e = Engine.open((String) null); Scope s = e.scope()) {
            int m = 3;
            int n = 262144;
            Random r = new Random(1);
            float[] d = new float[2 * m * n];
            for (int k = 0; k < m; k++) {
                for (int i = 0; i < n; i++) {
                    d[2 * k * n + i] = (float) (0.5 + 0.01 * r.nextGaussian());
                    d[2 * k * n + n + i] = (float) (0.05 * Math.exp(0.2 * r.nextGaussian()));
                }
            }
            MixtureMembers x = MixtureMembers.stacked(e.tensor(Shape.of(d.length), d), e.full(Shape.of(m), 1f), m, n, true);
            Tensor out = e.empty(Shape.of(2, n));
            for (int rep = 0; rep < 4; rep++) {
                long t0 = System.nanoTime();
                Mixture.disagreement(out, x, 0, 1);
                e.cl().finish();
                long t1 = System.nanoTime();
                Mixture.quantiles(out, x, Mixture.levels(e, 0.05f, 0.95f), 0);
                e.cl().finish();
                long t2 = System.nanoTime();
                System.out.printf("D %.3f s, quantiles(2) %.3f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            }
        }
    }
}
