package org.jcare.training.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jcare.engine.Engine;
import org.junit.jupiter.api.Test;

class WeightInitTest {
    @Test
    void pytorchsRuleDrawsWeightsAndBiasesWithinOneOverRootFanIn() {
        UNetSpec spec = new UNetSpec(2, 1, 1, 1, new int[] {3, 3}, 4, true, false, false, new int[] {2, 2});
        try (Engine engine = Engine.open((String) null); UNet net = new UNet(engine, spec)) {
            float[] v = net.initialize(3, WeightInit.PYTORCH).parameters().readValues();
            for (UNet.Layer l : net.layers()) {
                long[] d = l.weight().shape().dims();
                double bound = 1 / Math.sqrt(d[1] * d[2] * d[3]);
                double maxW = 0;
                double maxB = 0;
                for (long i = 0; i < l.weight().shape().numel(); i++) {
                    maxW = Math.max(maxW, Math.abs(v[(int) (l.weight().offset() + i)]));
                }
                for (long i = 0; i < l.bias().shape().numel(); i++) {
                    maxB = Math.max(maxB, Math.abs(v[(int) (l.bias().offset() + i)]));
                }
                assertTrue(maxW <= bound && maxW > 0.5 * bound, l.name() + " weights " + maxW + " vs " + bound);
                assertTrue(maxB <= bound && maxB > 0, l.name() + " biases " + maxB + " vs " + bound);
            }
            float[] again = net.initialize(3, WeightInit.PYTORCH).parameters().readValues();
            assertEquals(java.util.Arrays.hashCode(v), java.util.Arrays.hashCode(again), "seeded");
            float[] glorot = net.initialize(3).parameters().readValues();
            UNet.Layer head = net.layers().get(net.layers().size() - 1);
            assertEquals(0f, glorot[(int) head.bias().offset()], "Glorot keeps zero biases");
        }
    }
}
