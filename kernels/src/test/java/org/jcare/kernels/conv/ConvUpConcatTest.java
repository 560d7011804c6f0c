package org.jcare.kernels.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.jcare.engine.Engine;
import org.jcare.engine.Precision;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.testing.DeviceChecks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Conv#applyUpConcat}: the decoder's conv(concat([upsample(low), skip])) with the concatenation read through
 * by every variant's loader (naive, GPU-shaped, TF32 and the pipelined BF16 kernels, emulated where there are no
 * tensor cores; the CPU variant in its pad pass), against the
 * composition {@link ConvRef#forwardUpConcat}: forward, dLow, dSkip, dw and db, with and without ReLU, over 2D and 3D,
 * factors (2, 2), (2, 2, 2) and (1, 2, 2), batch 1 and 3, C1 and C2 in {1, 3, 16}, odd coarse sizes (so the fine sizes
 * are even but no multiple of a work-group tile), and widths that are multiples of the CPU vector width.
 */
class ConvUpConcatTest {
    private static final ConvVariant[] VARIANTS = {ConvVariant.NAIVE, ConvVariant.CPU, ConvVariant.GPU,
        ConvVariant.GPU_TF32};
    /** The pipelined kernels' generic loader on two cases (2D k5 and 3D with factors (1, 2, 2), channels no multiple
     * of 8 on both sides of the split): each program costs PoCL seconds to build. */
    private static final List<String> BF16_CASES = List.of("2d 16+1->16 k5 (2,2) low 3x9",
            "3d n3 16+3->16 k3 (1,2,2) low 3x5x7 nobias");
    private static Engine engine;

    /** One grid point: low, skip and weight shapes, the factors, with or without bias. */
    record Case(String name, Shape low, Shape skip, Shape w, int[] factors, boolean bias) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
        // NaN in the pool: a kernel reading memory it did not write fails the comparison
        DeviceChecks.poisonPool(engine, 2L << 20, 3);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static List<Case> grid() {
        int[] f22 = {2, 2};
        int[] f222 = {2, 2, 2};
        int[] f122 = {1, 2, 2};
        return List.of(
                new Case("2d 3+3->3 k3 (2,2) low 5x7", Shape.of(1, 3, 5, 7), Shape.of(1, 3, 10, 14), Shape.of(3, 6, 3, 3),
                        f22, true),
                new Case("2d n3 1+16->3 k3 (2,2) low 3x5 nobias", Shape.of(3, 1, 3, 5), Shape.of(3, 16, 6, 10),
                        Shape.of(3, 17, 3, 3), f22, false),
                new Case("2d 16+1->16 k5 (2,2) low 3x9", Shape.of(1, 16, 3, 9), Shape.of(1, 1, 6, 18),
                        Shape.of(16, 17, 5, 5), f22, true),
                new Case("2d n3 3+1->1 k3 (2,2) low 3x8", Shape.of(3, 3, 3, 8), Shape.of(3, 1, 6, 16), Shape.of(1, 4, 3, 3),
                        f22, true),
                new Case("3d 3+3->3 k3 (2,2,2) low 3x5x7", Shape.of(1, 3, 3, 5, 7), Shape.of(1, 3, 6, 10, 14),
                        Shape.of(3, 6, 3, 3, 3), f222, true),
                new Case("3d n3 3+16->1 k3 (2,2,2) low 1x3x5", Shape.of(3, 3, 1, 3, 5), Shape.of(3, 16, 2, 6, 10),
                        Shape.of(1, 19, 3, 3, 3), f222, true),
                new Case("3d n3 16+3->16 k3 (1,2,2) low 3x5x7 nobias", Shape.of(3, 16, 3, 5, 7), Shape.of(3, 3, 3, 10, 14),
                        Shape.of(16, 19, 3, 3, 3), f122, false),
                new Case("3d 1+1->3 k3 (1,2,2) low 5x3x9", Shape.of(1, 1, 5, 3, 9), Shape.of(1, 1, 5, 6, 18),
                        Shape.of(3, 2, 3, 3, 3), f122, true),
                new Case("3d 16+16->16 1x3x3 (1,2,2) low 2x5x8", Shape.of(1, 16, 2, 5, 8), Shape.of(1, 16, 2, 10, 16),
                        Shape.of(16, 32, 1, 3, 3), f122, true));
    }

    static Stream<Arguments> variantsAndCases() {
        return Stream.concat(ConvCase.everyVariantWithEveryCase(VARIANTS, grid()), ConvCase.everyVariantWithEveryCase(
                new ConvVariant[] {ConvVariant.GPU_BF16}, grid().stream().filter(c -> BF16_CASES.contains(c.name())).toList()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variantsAndCases")
    void forwardAndAllGradientsMatchTheComposedReference(ConvVariant variant, Case c) {
        long seed = c.name().hashCode() * 23L;
        for (boolean relu : new boolean[] {false, true}) {
            try (Scope scope = engine.scope()) {
                DoubleTensor low = DoubleTensor.uniform(c.low(), seed++, -1, 1).roundedToFloat();
                DoubleTensor skip = DoubleTensor.uniform(c.skip(), seed++, -1, 1).roundedToFloat();
                DoubleTensor w = DoubleTensor.uniform(c.w(), seed++, -0.5, 0.5).roundedToFloat();
                DoubleTensor b = c.bias() ? DoubleTensor.uniform(Shape.of(c.w().dim(0)), seed++, -0.3, 0.3).roundedToFloat()
                        : null;
                Tensor lowD = DeviceChecks.leaf(engine, low);
                Tensor skipD = DeviceChecks.leaf(engine, skip);
                Tensor wd = DeviceChecks.leaf(engine, w);
                Tensor bd = b == null ? null : DeviceChecks.leaf(engine, b);
                String what = variant + " " + c + (relu ? " relu" : "");

                Tensor y = Conv.applyUpConcat(lowD, c.factors(), skipD, wd, bd, relu, variant);
                assertEquals(1, engine.tape().size(), "one node, no upsample or concat");
                assertTrue(engine.tape().dump().contains("+concat"), engine.tape().dump());
                DoubleTensor cat = ConvRef.upConcat(low, c.factors(), skip);
                DoubleTensor yRef = ConvRef.forwardUpConcat(low, c.factors(), skip, w, b, relu);
                DoubleTensor dy = DoubleTensor.uniform(yRef.shape(), seed++, -1, 1).roundedToFloat();
                // mask with the device's own output, so that values within rounding of 0 cannot flip the mask
                DoubleTensor g = relu ? ConvRef.reluMask(DoubleTensor.of(y.shape(), y.toArray()), dy) : dy;
                DoubleTensor[] dRef = ConvRef.backwardUpConcat(g, w, c.low(), c.factors(), c.skip());
                engine.tape().backward(y, DeviceChecks.upload(engine, dy));
                Tensor dLow = engine.tape().grad(lowD);
                Tensor dSkip = engine.tape().grad(skipD);
                Tensor dw = engine.tape().grad(wd);
                if (variant == ConvVariant.GPU_TF32 || variant == ConvVariant.GPU_BF16) {
                    Precision p = MmaChecks.precisionOf(variant);
                    ConvGeometry geo = ConvGeometry.of(cat.shape(), c.w());
                    DoubleTensor absW = MmaChecks.abs(w);
                    DoubleTensor[] absD = ConvRef.backwardUpConcat(MmaChecks.abs(g), absW, c.low(), c.factors(), c.skip());
                    MmaChecks.assertClose(what + " forward", p, yRef,
                            ConvRef.forward(MmaChecks.abs(cat), absW, null, false), (long) geo.cin() * geo.taps(), y);
                    MmaChecks.assertClose(what + " dLow", p, dRef[0], absD[0], (long) geo.cout() * geo.taps(), dLow);
                    MmaChecks.assertClose(what + " dSkip", p, dRef[1], absD[1], (long) geo.cout() * geo.taps(), dSkip);
                    MmaChecks.assertClose(what + " dw", p, ConvRef.backwardWeights(cat, g, c.w()),
                            ConvRef.backwardWeights(MmaChecks.abs(cat), MmaChecks.abs(g), c.w()),
                            (long) geo.n() * geo.plane(), dw);
                } else {
                    ConvKernelsTest.assertClose(what + " forward", yRef, y);
                    ConvKernelsTest.assertClose(what + " dLow", dRef[0], dLow);
                    ConvKernelsTest.assertClose(what + " dSkip", dRef[1], dSkip);
                    ConvKernelsTest.assertClose(what + " dw", ConvRef.backwardWeights(cat, g, c.w()), dw);
                }
                if (b != null) {
                    ConvKernelsTest.assertClose(what + " db", ConvRef.backwardBias(g), engine.tape().grad(bd));
                }
                engine.tape().clear();
            }
        }
    }

    /** Only the gradients that are needed: a frozen low and frozen weights get none, skip still gets its own. */
    @Test
    void computesOnlyTheGradientsThatAreNeeded() {
        Shape ls = Shape.of(2, 3, 3, 5);
        Shape ss = Shape.of(2, 2, 6, 10);
        Shape ws = Shape.of(4, 5, 3, 3);
        DoubleTensor low = DoubleTensor.uniform(ls, 1, -1, 1).roundedToFloat();
        DoubleTensor skip = DoubleTensor.uniform(ss, 2, -1, 1).roundedToFloat();
        DoubleTensor w = DoubleTensor.uniform(ws, 3, -1, 1).roundedToFloat();
        DoubleTensor dy = DoubleTensor.uniform(ss.with(1, 4), 4, -1, 1).roundedToFloat();
        try (Scope scope = engine.scope()) {
            Tensor lowD = DeviceChecks.upload(engine, low);
            Tensor skipD = DeviceChecks.leaf(engine, skip);
            Tensor wd = DeviceChecks.upload(engine, w);
            Tensor y = Conv.applyUpConcat(lowD, new int[] {2, 2}, skipD, wd, null, false);
            engine.tape().backward(y, DeviceChecks.upload(engine, dy));
            assertNull(engine.tape().grad(lowD));
            assertNull(engine.tape().grad(wd));
            assertNotNull(engine.tape().grad(skipD));
            ConvKernelsTest.assertClose("dSkip only", ConvRef.backwardUpConcat(dy, w, ls, new int[] {2, 2}, ss)[1],
                    engine.tape().grad(skipD));
            engine.tape().clear();
        }
    }

    @Test
    void shapeErrorsNameTheOpAndTheShapes() {
        try (Scope scope = engine.scope()) {
            Tensor low = engine.zeros(Shape.of(1, 3, 4, 5));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conv.applyUpConcat(low,
                    new int[] {2, 2}, engine.zeros(Shape.of(1, 2, 8, 9)), engine.zeros(Shape.of(4, 5, 3, 3)), null, true));
            assertTrue(e.getMessage().startsWith("conv2d: low [1, 3, 4, 5] upsampled by (2, 2) is [1, 3, 8, 10]"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Conv.applyUpConcat(low, new int[] {2, 2},
                    engine.zeros(Shape.of(1, 2, 8, 10)), engine.zeros(Shape.of(4, 6, 3, 3)), null, true));
            assertTrue(e.getMessage().contains("input [1, 5, 8, 10], weight [4, 6, 3, 3]"), e.getMessage());
            assertFalse(engine.tape().size() > 0);
        }
    }
}
