package org.jcare.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.conv.ConvGeometry;
import org.junit.jupiter.api.Test;

/** Shapes and cost models of the op benchmarks, checked by hand. */
class OpWorkloadsTest {
    @Test
    void shapesFollowTheStandardWorkloads() {
        assertEquals(Shape.of(16, 32, 16, 64, 64), OpWorkloads.activation("gpu", 3, 32, false));
        assertEquals(Shape.of(16, 32, 64, 64), OpWorkloads.activation("gpu", 2, 32, true));
        assertEquals(Shape.of(4, 1, 16, 32, 32), OpWorkloads.activation("cpu", 3, 1, false));
        assertEquals(new ConvGeometry(1, 32, 32, 1, 32, 32, 1, 5, 5), OpWorkloads.conv("tiny", 2));
        assertEquals(996_769, OpWorkloads.adamParameters("gpu"));
        assertThrows(IllegalArgumentException.class, () -> OpWorkloads.batch("huge"));
        assertThrows(IllegalArgumentException.class, () -> OpWorkloads.spatial("cpu", 4));
    }

    @Test
    void costsCountTheMathAndTheCompulsoryTraffic() {
        // 3D k3 32->32 at batch 16 of 16x64x64: 2 * 16*65536 * 32*32*27 FLOPs
        OpWorkloads.Cost f = OpWorkloads.cost("ConvOps", "forward", "gpu", 3);
        double v = 16.0 * 65536;
        assertEquals(2 * v * 32 * 32 * 27, f.flops());
        assertEquals(4 * (32 * v + 32 * 32 * 27 + 32 + 32 * v), f.bytes());
        assertEquals(f.flops(), OpWorkloads.cost("ConvOps", "backwardWeights", "gpu", 3).flops());
        // 2D max-pool of 32 x 64x64 at batch 4: read 4 B each, write a quarter of them (4 B + 1 B argmax)
        double p = 4.0 * 32 * 64 * 64;
        assertEquals(4 * p + 5 * p / 4, OpWorkloads.cost("PoolOps", "forward", "cpu", 2).bytes());
        assertEquals(0, OpWorkloads.cost("UpsampleOps", "forward", "cpu", 3).flops());
        assertEquals(28.0 * 996_769, OpWorkloads.cost("AdamOps", "step", "gpu", 3).bytes());
        assertEquals(3.0 * 4 * 16 * 16, OpWorkloads.cost("LossOps", "maeForward", "tiny", 3).flops());
        assertThrows(IllegalArgumentException.class, () -> OpWorkloads.cost("ConvOps", "sideways", "gpu", 3));
        assertThrows(IllegalArgumentException.class, () -> OpWorkloads.cost("GemmOps", "run", "gpu", 3));
    }
}
