package org.jcare.kernels.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * The pipelined tensor-core convolution ({@code conv_mma.cl}: cp.async stages, ldmatrix, swizzled channels-last
 * staging) forced on whatever device runs the tests, against {@link ConvRef}: TF32 ({@link ConvVariant#GPU_TF32} with
 * a pipelined tile) and BF16 ({@link ConvVariant#GPU_BF16}), forward, backward data and backward weights at each
 * precision's tolerance ({@link MmaChecks}), over cases of the TF32 grid (2D/3D, odd sizes, Cin no multiple of 8, Cout
 * below 8 and over one block, kernels 1 to 7 and anisotropic, odd tap counts that leave BF16's last tap pair half
 * empty, batch 2) with 1 to 4 stages. On PoCL (CI) this runs the emulation of mma.sync, ldmatrix and cp.async
 * ({@code mma.cl}); its cp.async lands a unit only at the wait that the PTX pipeline would need, so reading a stage
 * early is wrong here too ({@link #aStageReadBeforeItsWaitIsWrongInTheEmulation}). On an NVIDIA GPU of compute
 * capability 8.0+ the same tests run the inline PTX.
 */
class ConvMmaKernelsTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
        DeviceChecks.poisonPool(engine, 2L << 20, 3);
        System.out.printf(Locale.ROOT, "ConvMmaKernelsTest on %s: %s%n", engine.device().name(),
                ConvTunables.forDevice(engine.device()).tf32().ptx(engine.device())
                        ? "inline PTX (mma.sync, ldmatrix, cp.async)" : "portable emulation");
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static ConvCase gridCase(String name) {
        return ConvTf32KernelsTest.grid().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * Cases of {@link ConvTf32KernelsTest#grid()} with the stages they run with (each case one stage count, so that
     * every count is covered once per precision without compiling every tile four times: PoCL spends seconds on each
     * program): 12 units of 8 channels x 3 planes through a ring of 3 stages, two output-channel blocks, kernels with odd
     * tap counts (9, 25, 49) that end BF16's tap pairs with a half of zero weights, 1x3x3 in a batch of 2.
     */
    static Stream<Arguments> cases() {
        Object[][] tf32 = {
                {"3d 32->64 k3 3x6x20", 3},
                {"2d n2 3->1 k5 7x19 nobias", 2},
                {"2d 16->128 k3 5x17", 4},
                {"2d 5->3 k7 9x18", 1},
                {"3d n2 16->3 1x3x3 3x9x19 nobias", 2}};
        // BF16: the same minus 7x7 (its odd tap count is covered by 5x5 and 3x3); 1x3x3 pairs taps across kernel rows
        Object[][] bf16 = {
                {"3d 32->64 k3 3x6x20", 3},
                {"2d n2 3->1 k5 7x19 nobias", 2},
                {"2d 16->128 k3 5x17", 4},
                {"3d n2 16->3 1x3x3 3x9x19 nobias", 1}};
        List<Arguments> out = new ArrayList<>();
        for (Object[] p : tf32) {
            out.add(Arguments.of(ConvVariant.GPU_TF32, gridCase((String) p[0]), p[1]));
        }
        for (Object[] p : bf16) {
            out.add(Arguments.of(ConvVariant.GPU_BF16, gridCase((String) p[0]), p[1]));
        }
        return out.stream();
    }

    /** The device's tunables with the pipelined kernels at {@code stages}. */
    private static ConvKernels pipelined(int stages) {
        ConvTunables base = ConvTunables.forDevice(engine.device());
        return ConvKernels.on(engine, new ConvTunables(stages + " stages", base.cpu(), base.gpu(),
                base.tf32().withStages(stages)));
    }

    @ParameterizedTest(name = "{0} {1}, {2} stages")
    @MethodSource("cases")
    void forwardAndBackwardMatchTheReference(ConvVariant variant, ConvCase c, int stages) {
        MmaChecks.checkCase(engine, pipelined(stages), variant, c);
    }

    /**
     * Warp tiles other than the default: the largest, 64 x 64 per warp (128 accumulators), with TF32, and 16 x 8 per warp
     * with BF16; weight-gradient tiles of 16 x 8 channels (3 taps per warp) and 32 x 16 (9 taps per warp, a segment of 24
     * voxels that BF16 rounds up to 32).
     */
    @Test
    void otherWarpTilesGiveTheSameResults() {
        ConvTunables base = ConvTunables.forDevice(engine.device());
        ConvCase c = new ConvCase("2d 16->64 k3 9x40 other tiles", Shape.of(1, 16, 9, 40), Shape.of(64, 16, 3, 3), true);
        ConvTf32Tunables wide = new ConvTf32Tunables(64, 2, 64, 64, 64, 0, 0, false, new ConvTf32Weights(16, 8, 3, 16), 2);
        ConvTf32Tunables narrow = new ConvTf32Tunables(16, 4, 16, 16, 8, 0, 0, false, new ConvTf32Weights(32, 16, 9, 24), 3);
        MmaChecks.checkCase(engine, ConvKernels.on(engine, new ConvTunables("wide", base.cpu(), base.gpu(), wide)),
                ConvVariant.GPU_TF32, c);
        MmaChecks.checkCase(engine, ConvKernels.on(engine, new ConvTunables("narrow", base.cpu(), base.gpu(), narrow)),
                ConvVariant.GPU_BF16, c);
    }

    /**
     * Exact values, forward and backward data, through both operands: y = bf16(x) * bf16(w) with one tap and one
     * channel. 1 + 2^-8 is a tie between 1 and 1 + 2^-7 and goes to the even 1 (round to nearest, ties away, would give
     * 1 + 2^-7); 1 + 3 2^-8 goes to the even 1 + 2^-6; 1 + 2^-8 + 2^-10 rounds up; signs and zero pass. The same values
     * as weights against x = 1 check the packing of the B operand.
     */
    @Test
    void bf16OperandsAreRoundedToNearestEven() {
        double u = Math.scalb(1.0, -8);
        double[] in = {1 + u, 1 + 3 * u, -(1 + 3 * u), 1 + u + u / 4, 3, -0.0, 1 + 2 * u};
        double[] expected = {1, 1 + 4 * u, -(1 + 4 * u), 1 + 2 * u, 3, 0, 1 + 2 * u};
        ConvKernels kernels = pipelined(2);
        for (boolean transposed : new boolean[] {false, true}) {
            for (boolean throughWeights : new boolean[] {false, true}) {
                float[] y = new float[in.length];
                for (int i = 0; i < in.length; i++) {
                    float xv = throughWeights ? 1f : (float) in[i];
                    float wv = throughWeights ? (float) in[i] : 1f;
                    y[i] = oneTap(kernels, xv, wv, transposed);
                }
                for (int i = 0; i < in.length; i++) {
                    assertEquals(expected[i], y[i], 0.0, (transposed ? "backward data" : "forward") + ", "
                            + (throughWeights ? "weight " : "input ") + "bf16(" + in[i] + ")");
                }
            }
        }
    }

    /** conv of a 1x1 image with one 1x1 weight on the BF16 kernels: x * w with both rounded. */
    private static float oneTap(ConvKernels kernels, float x, float w, boolean transposed) {
        try (Scope scope = engine.scope()) {
            Shape xs = Shape.of(1, 1, 1, 1);
            Tensor xd = engine.tensor(xs, new float[] {x});
            Tensor wd = engine.tensor(Shape.of(1, 1, 1, 1), new float[] {w});
            ConvPasses p = ConvPasses.on(engine, kernels, ConvVariant.GPU_BF16, ConvGeometry.of(xs, wd.shape()));
            if (transposed) {
                try (ConvPasses.Gradient grad = p.gradient(xd, null)) {
                    return p.backwardData(grad, wd, xs).toArray()[0];
                }
            }
            return p.forward(xd, wd, null, false).toArray()[0];
        }
    }

    /**
     * Loss scaling is not needed for BF16: it keeps float32's exponent range (rounding only the significand), so gradients
     * scaled by 2^-60 (about 1e-18; an L1 loss averaged over the 3D training batch of 16 x 16x64x64 voxels gives each
     * output a gradient of 1/N = 1.5e-6, twelve orders of magnitude more) give the unscaled results times 2^-60 bit for
     * bit: no underflow, no loss of precision. (FP16, whose smallest subnormal is 2^-24 = 6e-8, would flush them all to
     * zero, and a 1.5e-6 gradient would keep only 5 of its 11 bits there.)
     */
    @Test
    void bf16GradientsKeepFloat32Range() {
        ConvCase c = gridCase("3d 32->64 k3 3x6x20"); // the programs of its grid run (3 stages) are built already
        ConvGeometry geo = ConvGeometry.of(c.x(), c.w());
        float scale = Math.scalb(1f, -60);
        DoubleTensor x = DoubleTensor.uniform(c.x(), 5, -1, 1).roundedToFloat();
        DoubleTensor w = DoubleTensor.uniform(c.w(), 6, -0.5, 0.5).roundedToFloat();
        DoubleTensor dy = DoubleTensor.uniform(c.x().with(1, c.w().dim(0)), 7, -1, 1).roundedToFloat();
        float[][] dx = new float[2][];
        float[][] dw = new float[2][];
        for (int run = 0; run < 2; run++) {
            double s = run == 0 ? 1 : scale;
            try (Scope scope = engine.scope()) {
                ConvPasses p = ConvPasses.on(engine, pipelined(3), ConvVariant.GPU_BF16, geo);
                float[] gv = dy.toFloats();
                for (int i = 0; i < gv.length; i++) {
                    gv[i] *= (float) s;
                }
                Tensor g = engine.tensor(dy.shape(), gv);
                try (ConvPasses.Gradient grad = p.gradient(g, null)) {
                    dx[run] = p.backwardData(grad, DeviceChecks.upload(engine, w), c.x()).toArray();
                    dw[run] = p.backwardWeights(DeviceChecks.upload(engine, x), grad, c.w(), false)[0].toArray();
                }
            }
        }
        for (int i = 0; i < dx[0].length; i++) {
            dx[0][i] *= scale;
        }
        for (int i = 0; i < dw[0].length; i++) {
            dw[0][i] *= scale;
        }
        DeviceChecks.assertBitIdentical("BF16 dx at 2^-60", dx[0], dx[1]);
        DeviceChecks.assertBitIdentical("BF16 dw at 2^-60", dw[0], dw[1]);
        assertTrue(Math.abs(dw[1][0]) > 0 && Math.abs(dw[1][0]) < 1e-15, "scaled gradients are tiny and not flushed");
    }

    /**
     * The emulated cp.async is meaningful: the same kernel built to read each stage one wait too early (a pipeline bug
     * that the PTX build would also have) gives wrong results, where the correct build passes the same case (3 stages,
     * 12 units).
     */
    @Test
    void aStageReadBeforeItsWaitIsWrongInTheEmulation() {
        ConvCase c = gridCase("3d 32->64 k3 3x6x20");
        ConvGeometry geo = ConvGeometry.of(c.x(), c.w());
        ConvKernels kernels = pipelined(3);
        org.junit.jupiter.api.Assumptions.assumeFalse(kernels.tunables().tf32().ptx(engine.device()),
                "tensor cores: the emulation is tested on the other devices");
        try (Scope scope = engine.scope()) {
            DoubleTensor x = DoubleTensor.uniform(c.x(), 1, -1, 1).roundedToFloat();
            DoubleTensor w = DoubleTensor.uniform(c.w(), 2, -0.5, 0.5).roundedToFloat();
            Tensor xd = DeviceChecks.upload(engine, x);
            Tensor wd = DeviceChecks.upload(engine, w);
            DoubleTensor yRef = ConvRef.forward(x, w, null, false);
            float[][] y = new float[2][];
            for (int early = 0; early < 2; early++) {
                ConvMmaKernels mma = kernels.mma().withExtraOptions(early == 1 ? "-DJCARE_TEST_EARLY_READ" : "");
                try (Tensor wf = engine.empty(Shape.of(mma.packedWeights(geo, false)))) {
                    mma.weightsPack(wf, wd, geo, false, false);
                    Tensor out = engine.empty(yRef.shape());
                    mma.forward(out, ConvInput.plain(xd), wf, null, null, false, geo, false);
                    y[early] = out.toArray();
                }
            }
            DoubleTensor sumOfAbs = ConvRef.forward(MmaChecks.abs(x), MmaChecks.abs(w), null, false);
            MmaChecks.assertClose("pipelined forward", Precision.TF32, yRef, sumOfAbs, (long) geo.cin() * geo.taps(),
                    engine.tensor(yRef.shape(), y[0]));
            double worst = 0;
            for (int i = 0; i < y[1].length; i++) {
                worst = Math.max(worst, Math.abs(y[1][i] - yRef.data()[i]));
            }
            assertTrue(worst > 0.1, "reading a stage before its wait went unnoticed: max error " + worst);
        }
    }
}
