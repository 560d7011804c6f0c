package org.jcare.kernels.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.jcare.engine.Engine;
import org.jcare.engine.Precision;
import org.jcare.engine.tensor.Comparison;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.testing.DeviceChecks;

/**
 * What the tensor-core convolution tests share: the tolerance of a convolution whose operands are rounded (TF32 or
 * BF16) and summed in fp32, and one grid case run through forward, backward data and backward weights against
 * {@link ConvRef}.
 *
 * <p>The bound, per element: both operands are rounded to p mantissa bits (relative error at most u = 2^-11 for
 * TF32's round-to-nearest, ties away, 2^-9 for BF16's 8 bits, round to nearest even), so each product is off by at
 * most 2u (+u^2) of |x w|; the fp32 sums of K terms add at most about K 2^-24 of the sum of |x w| (taken 4x here for
 * the tensor core's accumulation, which may truncate). So |device - reference| &lt;= (4u + K 2^-22) S + 2^-20
 * |reference| + 1e-7, with S = conv(|x|, |w|) the per-element sum of |products| (computed by the reference): twice
 * the product bound. That the operands really are rounded, and how, is checked separately with exact values.
 */
final class MmaChecks {
    private MmaChecks() {
    }

    /** The precision a tensor-core variant rounds its operands to. */
    static Precision precisionOf(ConvVariant v) {
        return v == ConvVariant.GPU_BF16 ? Precision.BF16 : Precision.TF32;
    }

    /** Twice the relative error bound of one product of rounded operands: 2^-9 (TF32), 2^-7 (BF16). */
    static double productFactor(Precision p) {
        return p == Precision.BF16 ? Math.scalb(1.0, -7) : Math.scalb(1.0, -9);
    }

    /**
     * Every element within the bound of the class comment at precision {@code p}: (productFactor + K 2^-22) S +
     * 2^-20 |reference| + 1e-7, with S the per-element sum of |products| and K the terms per sum.
     */
    static void assertClose(String what, Precision p, DoubleTensor expected, DoubleTensor sumOfAbs, long k,
                            Tensor actual) {
        assertEquals(expected.shape(), actual.shape(), what + ": shapes");
        float[] got = actual.toArray();
        double factor = productFactor(p) + k * Math.scalb(1.0, -22);
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < got.length; i++) {
            double ref = expected.data()[i];
            double bound = factor * sumOfAbs.data()[i] + Math.scalb(1.0, -20) * Math.abs(ref) + 1e-7;
            double ratio = Math.abs(got[i] - ref) / bound;
            if (!(ratio <= worst)) { // NaN sticks
                worst = ratio;
                worstAt = i;
            }
        }
        Comparison cmp = Comparison.of(expected.data(), got);
        String detail = cmp.describe(what, expected.shape());
        int at = worstAt;
        double ratio = worst;
        assertTrue(worst <= 1.0, () -> what + ": element " + at + " is " + got[at] + ", reference "
                + expected.data()[at] + ", error " + String.format(Locale.ROOT, "%.3g", ratio)
                + " x the " + p + " bound; " + detail);
        assertTrue(cmp.within(p == Precision.BF16 ? 1e-4 : 1e-5, Double.POSITIVE_INFINITY), () -> detail);
    }

    /** |t| element-wise. */
    static DoubleTensor abs(DoubleTensor t) {
        double[] d = t.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(d[i]);
        }
        return new DoubleTensor(t.shape(), d);
    }

    /**
     * Case {@code c} on {@code kernels} forced to the tensor-core {@code variant}, with and without ReLU: forward, dx
     * and dw at the variant's precision, db (summed in fp32) at fp32 tolerance.
     */
    static void checkCase(Engine engine, ConvKernels kernels, ConvVariant variant, ConvCase c) {
        Precision p = precisionOf(variant);
        long seed = c.name().hashCode() * 11L;
        ConvGeometry geo = ConvGeometry.of(c.x(), c.w());
        for (boolean relu : new boolean[] {false, true}) {
            try (Scope scope = engine.scope()) {
                DoubleTensor x = DoubleTensor.uniform(c.x(), seed++, -1, 1).roundedToFloat();
                DoubleTensor w = DoubleTensor.uniform(c.w(), seed++, -0.5, 0.5).roundedToFloat();
                DoubleTensor b = c.bias() ? DoubleTensor.uniform(Shape.of(c.w().dim(0)), seed++, -0.3, 0.3).roundedToFloat()
                        : null;
                String what = variant + " " + c + (relu ? " relu" : "");
                ConvPasses passes = ConvPasses.on(engine, kernels, variant, geo);
                assertEquals(variant, passes.variant());
                Tensor xd = DeviceChecks.upload(engine, x);
                Tensor wd = DeviceChecks.upload(engine, w);
                Tensor y = passes.forward(xd, wd, b == null ? null : DeviceChecks.upload(engine, b), relu);
                DoubleTensor yRef = ConvRef.forward(x, w, b, relu);
                assertClose(what + " forward", p, yRef, ConvRef.forward(abs(x), abs(w), null, false),
                        (long) geo.cin() * geo.taps(), y);

                DoubleTensor dy = DoubleTensor.uniform(yRef.shape(), seed++, -1, 1).roundedToFloat();
                // mask with the device's own output, so that values within rounding of 0 cannot flip the mask
                DoubleTensor g = relu ? ConvRef.reluMask(DoubleTensor.of(y.shape(), y.toArray()), dy) : dy;
                try (ConvPasses.Gradient grad = passes.gradient(DeviceChecks.upload(engine, dy), relu ? y : null)) {
                    Tensor dx = passes.backwardData(grad, wd, c.x());
                    assertClose(what + " dx", p, ConvRef.backwardData(g, w, c.x()),
                            ConvRef.backwardData(abs(g), abs(w), c.x()), (long) geo.cout() * geo.taps(), dx);
                    Tensor[] dwb = passes.backwardWeights(xd, grad, c.w(), c.bias());
                    assertClose(what + " dw", p, ConvRef.backwardWeights(x, g, c.w()),
                            ConvRef.backwardWeights(abs(x), abs(g), c.w()), (long) geo.n() * geo.plane(), dwb[0]);
                    if (c.bias()) {
                        ConvKernelsTest.assertClose(what + " db (fp32)", ConvRef.backwardBias(g), dwb[1]);
                    }
                }
            }
        }
    }
}
