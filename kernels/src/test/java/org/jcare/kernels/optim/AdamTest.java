package org.jcare.kernels.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.jcare.engine.Engine;
import org.jcare.engine.autograd.Parameter;
import org.jcare.engine.autograd.ParameterSet;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.loss.Loss;
import org.jcare.kernels.weightedsum.WeightedSum;
import org.junit.jupiter.api.Test;

class AdamTest {
    /**
     * Fits y = W x (W 3 x 4) to 32 samples with the engine's own ops: x is laid out as [1, samples, 3, 4] (each
     * sample's x repeated over the 3 output rows), W as [1, 1, 3, 4] broadcast over the samples, and the weighted
     * sum over the last axis gives [1, samples, 3]; the loss is the mse against W_true x.
     */
    @Test
    void drivesTheLossOfALinearFitDown() {
        int rows = 3;
        int cols = 4;
        int samples = 32;
        Random r = new Random(7);
        float[] wTrue = new float[rows * cols];
        for (int i = 0; i < wTrue.length; i++) {
            wTrue[i] = (float) (2 * r.nextGaussian());
        }
        float[] x = new float[samples * rows * cols];
        float[] y = new float[samples * rows];
        for (int s = 0; s < samples; s++) {
            float[] xs = new float[cols];
            for (int k = 0; k < cols; k++) {
                xs[k] = (float) r.nextGaussian();
            }
            for (int j = 0; j < rows; j++) {
                for (int k = 0; k < cols; k++) {
                    x[(s * rows + j) * cols + k] = xs[k];
                    y[s * rows + j] += wTrue[j * cols + k] * xs[k];
                }
            }
        }
        try (Engine engine = Engine.open((String) null); Scope outer = engine.scope();
             ParameterSet params = new ParameterSet(engine)) {
            Parameter w = params.add("w", Shape.of(1, 1, rows, cols));
            params.allocate();
            Tensor xd = engine.tensor(Shape.of(1, samples, rows, cols), x);
            Tensor yd = engine.tensor(Shape.of(1, samples, rows), y);
            try (Adam adam = new Adam(engine, params)) {
                float first = Float.NaN;
                float last = Float.NaN;
                for (int step = 0; step < 300; step++) {
                    try (Scope scope = engine.scope()) {
                        params.zeroGrad();
                        Tensor loss = Loss.mse(WeightedSum.apply(xd, w.value(), 3), yd);
                        engine.tape().backward(loss);
                        adam.step(0.05f);
                        last = loss.toArray()[0];
                        if (step == 0) {
                            first = last;
                        }
                    }
                }
                assertTrue(first > 1, "initial loss " + first);
                assertTrue(last < first / 1000, "Adam took the loss from " + first + " to " + last + " only");
            }
        }
    }
}
