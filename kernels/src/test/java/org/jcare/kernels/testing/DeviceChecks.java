package org.jcare.kernels.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Comparison;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.DoubleTensor;

/** Assertions comparing device tensors with float64 references, reporting NMSE and the worst element. */
public final class DeviceChecks {
    /** NMSE bound for float32 kernels against float64 references. */
    public static final double FP32_NMSE = 1e-10;

    private DeviceChecks() {
    }

    /** Uploads a reference tensor to the device (rounded to float32). */
    public static Tensor upload(Engine engine, DoubleTensor t) {
        return engine.tensor(t.shape(), t.toFloats());
    }

    /** Asserts the device tensor matches the reference within an NMSE and a max absolute error. */
    public static void assertMatches(String what, DoubleTensor expected, Tensor actual, double maxNmse, double maxAbs) {
        assertTrue(expected.shape().equals(actual.shape()),
                what + ": reference shape " + expected.shape() + ", device shape " + actual.shape());
        Comparison c = Comparison.of(expected.data(), actual.toArray());
        assertTrue(c.within(maxNmse, maxAbs), () -> c.describe(what, expected.shape()));
    }

    /** Uploads a reference tensor as a leaf that asks for its gradient. */
    public static Tensor leaf(Engine engine, DoubleTensor t) {
        return upload(engine, t).requiresGrad(true);
    }

    /** Asserts two device results are bit-identical (determinism), naming the first differing element. */
    public static void assertBitIdentical(String what, float[] first, float[] second) {
        assertEquals(first.length, second.length, what + ": lengths differ");
        for (int i = 0; i < first.length; i++) {
            if (Float.floatToRawIntBits(first[i]) != Float.floatToRawIntBits(second[i])) {
                assertEquals(first[i], second[i], what + ": run 1 and run 2 differ at element " + i);
                throw new AssertionError(what + ": run 1 and run 2 differ in bits at element " + i + " ("
                        + first[i] + " vs " + second[i] + ")");
            }
        }
    }

    /** Integers 0 .. levels - 1 from a seeded generator: many exact ties, for tie-breaking tests. */
    public static DoubleTensor coarse(Shape shape, long seed, int levels) {
        Random r = new Random(seed);
        double[] d = new double[Math.toIntExact(shape.numel())];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextInt(levels);
        }
        return new DoubleTensor(shape, d);
    }

    /**
     * Leaves NaN-filled buffers of every pool size class up to {@code maxBytes} in the engine's pool ({@code copies}
     * of each), so that a kernel that reads memory it did not write (padding slack, unwritten partials, a temporary
     * from the pool) gets NaN and fails its comparison instead of passing on zeros by luck.
     */
    public static void poisonPool(Engine engine, long maxBytes, int copies) {
        List<Tensor> poisoned = new ArrayList<>();
        for (long bytes = 256; bytes <= maxBytes; bytes += Math.max(256, Long.highestOneBit(bytes) / 4)) {
            for (int c = 0; c < copies; c++) {
                poisoned.add(engine.full(Shape.of(bytes / 4), Float.NaN));
            }
        }
        poisoned.forEach(Tensor::close);
    }
}
