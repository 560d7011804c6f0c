package org.jcare.kernels.conv;

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
 * The residual fused into the forward epilogue, y = relu?(conv(x, w) + b + r), on every variant (naive, CPU-shaped,
 * GPU-shaped, TF32 and the pipelined BF16 kernels: their emulation on devices without tensor cores) against
 * {@link ConvRef}: the forward with and
 * without ReLU and the residual's gradient through the tape (dY, masked by y > 0 with ReLU; on the CPU variant from the
 * unpadded dY, on the others the masked gradient handed over without a copy), plus dx beside it.
 */
class ConvResidualTest {
    private static final ConvVariant[] VARIANTS = {ConvVariant.NAIVE, ConvVariant.CPU, ConvVariant.GPU,
        ConvVariant.GPU_TF32};
    /** The pipelined kernels' residual epilogue on the CARE head (a 1x1 layer; the epilogue is the same code for every
     * kernel size): each program costs PoCL seconds. */
    private static final List<String> BF16_CASES = List.of("3d 16->1 k1 7x9x11");
    private static Engine engine;

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

    /** 2D and 3D, batch 1 and 3, 1, 3 and 16 channels, odd sizes (7x9x11), 1x1 heads and 3x3(x3) kernels. */
    static List<ConvCase> grid() {
        return List.of(
                new ConvCase("2d 1->1 k1 9x11", Shape.of(1, 1, 9, 11), Shape.of(1, 1, 1, 1), true),
                new ConvCase("2d n3 16->3 k3 7x9 nobias", Shape.of(3, 16, 7, 9), Shape.of(3, 16, 3, 3), false),
                new ConvCase("2d 3->16 k3 9x11", Shape.of(1, 3, 9, 11), Shape.of(16, 3, 3, 3), true),
                new ConvCase("3d 16->1 k1 7x9x11", Shape.of(1, 16, 7, 9, 11), Shape.of(1, 16, 1, 1, 1), true),
                new ConvCase("3d n3 3->3 k3 7x9x11", Shape.of(3, 3, 7, 9, 11), Shape.of(3, 3, 3, 3, 3), true),
                new ConvCase("3d n3 1->16 k3 7x9x11 nobias", Shape.of(3, 1, 7, 9, 11), Shape.of(16, 1, 3, 3, 3), false),
                // W a multiple of the CPU vector width: whole-vector residual loads in the CPU epilogue
                new ConvCase("3d 16->16 1x3x3 3x5x16", Shape.of(1, 16, 3, 5, 16), Shape.of(16, 16, 1, 3, 3), true));
    }

    static Stream<Arguments> variantsAndCases() {
        return Stream.concat(ConvCase.everyVariantWithEveryCase(VARIANTS, grid()), ConvCase.everyVariantWithEveryCase(
                new ConvVariant[] {ConvVariant.GPU_BF16}, grid().stream().filter(c -> BF16_CASES.contains(c.name())).toList()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variantsAndCases")
    void forwardAndResidualGradientMatchTheReference(ConvVariant variant, ConvCase c) {
        long seed = c.name().hashCode() * 13L;
        Shape ys = c.x().with(1, c.w().dim(0));
        for (boolean relu : new boolean[] {false, true}) {
            try (Scope scope = engine.scope()) {
                DoubleTensor x = DoubleTensor.uniform(c.x(), seed++, -1, 1).roundedToFloat();
                DoubleTensor w = DoubleTensor.uniform(c.w(), seed++, -0.5, 0.5).roundedToFloat();
                DoubleTensor b = c.bias() ? DoubleTensor.uniform(Shape.of(c.w().dim(0)), seed++, -0.3, 0.3).roundedToFloat()
                        : null;
                DoubleTensor r = DoubleTensor.uniform(ys, seed++, -1, 1).roundedToFloat();
                Tensor xd = DeviceChecks.upload(engine, x).requiresGrad(true);
                Tensor wd = DeviceChecks.upload(engine, w);
                Tensor bd = b == null ? null : DeviceChecks.upload(engine, b);
                Tensor rd = DeviceChecks.upload(engine, r).requiresGrad(true);
                String what = variant + " " + c + (relu ? " relu" : "");

                Tensor y = Conv.apply(xd, wd, bd, rd, relu, variant);
                assertTrue(engine.tape().dump().contains("+residual"), engine.tape().dump());
                DoubleTensor yRef = ConvRef.forward(x, w, b, r, relu);
                DoubleTensor dy = DoubleTensor.uniform(ys, seed++, -1, 1).roundedToFloat();
                DoubleTensor yDev = DoubleTensor.of(y.shape(), y.toArray());
                // mask with the device's own output, so that values within rounding of 0 cannot flip the mask
                DoubleTensor g = relu ? ConvRef.reluMask(yDev, dy) : dy;
                DoubleTensor drRef = ConvRef.backwardResidual(yDev, dy, relu);
                engine.tape().backward(y, DeviceChecks.upload(engine, dy));
                // the residual's gradient is dY (masked) itself: exact on every variant
                DeviceChecks.assertMatches(what + " dr", drRef, engine.tape().grad(rd), 0, 0);
                assertNull(engine.tape().grad(wd), "frozen weights get no gradient");
                if (variant == ConvVariant.GPU_TF32 || variant == ConvVariant.GPU_BF16) {
                    Precision p = MmaChecks.precisionOf(variant);
                    ConvGeometry geo = ConvGeometry.of(c.x(), c.w());
                    DoubleTensor absX = MmaChecks.abs(x);
                    DoubleTensor absW = MmaChecks.abs(w);
                    MmaChecks.assertClose(what + " forward", p, yRef, ConvRef.forward(absX, absW, null, false),
                            (long) geo.cin() * geo.taps(), y);
                    MmaChecks.assertClose(what + " dx", p, ConvRef.backwardData(g, w, c.x()),
                            ConvRef.backwardData(MmaChecks.abs(g), absW, c.x()), (long) geo.cout() * geo.taps(),
                            engine.tape().grad(xd));
                } else {
                    ConvKernelsTest.assertClose(what + " forward", yRef, y);
                    ConvKernelsTest.assertClose(what + " dx", ConvRef.backwardData(g, w, c.x()), engine.tape().grad(xd));
                }
                engine.tape().clear();
            }
        }
    }

    @Test
    void residualOfAnotherShapeIsRejectedNamingTheShapes() {
        try (Scope scope = engine.scope()) {
            Tensor x = engine.zeros(Shape.of(1, 3, 5, 6));
            Tensor w = engine.zeros(Shape.of(2, 3, 3, 3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Conv.apply(x, w, null, engine.zeros(Shape.of(1, 3, 5, 6)), false));
            assertTrue(e.getMessage().startsWith("conv2d: residual [1, 3, 5, 6] does not match the output [1, 2, 5, 6]"),
                    e.getMessage());
        }
    }
}
