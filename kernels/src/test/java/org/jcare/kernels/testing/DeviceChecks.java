package org.jcare.kernels.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Comparison;
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
}
