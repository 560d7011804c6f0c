package org.jcare.kernels.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.jcare.engine.Engine;
import org.jcare.engine.Precision;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.testing.DeviceChecks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TF32 tensor-core convolution ({@link ConvVariant#GPU_TF32}, {@code conv_tf32.cl}) forced on whatever device
 * runs the tests, against {@link ConvRef}: forward, backward data and backward weights at TF32 tolerance (the bias
 * gradient, summed in fp32, at fp32 tolerance), with and without ReLU, over 2D/3D shapes with 1 to 128 channels, odd
 * sizes and kernels 1 to 7.
 * On PoCL (CI) this runs the portable emulation of {@code mma.sync}: the whole kernel logic (tiling, implicit im2col,
 * padding, fragment ownership, epilogue) with the mma done per lane from the documented fragment layout. On an
 * NVIDIA GPU of compute capability 8.0+ the same tests run the inline PTX ({@code mma.sync}, {@code cvt.rna}), and
 * {@link #emulationOnTheSameDeviceAgrees} also runs the emulation there.
 *
 * <p>TF32 tolerance ({@link MmaChecks}), per element: |device - reference| &lt;= (2^-9 + K 2^-22) S + 2^-20
 * |reference| + 1e-7, with S = conv(|x|, |w|) the per-element sum of |products| and K the terms per sum: twice the
 * TF32 product bound. For typical data this is a relative error of about 1e-3 of S; the measured NMSE is about 1e-7.
 * That the operands really are rounded (and rounded to nearest, ties away, as cvt.rna does) is checked separately with
 * exact values ({@link #operandsAreRoundedToNearestTiesAway}). These tests run the single-stage kernels of
 * {@code conv_tf32.cl} (the tuned tile's kernel generation); {@link ConvMmaKernelsTest} runs the pipelined ones.
 */
class ConvTf32KernelsTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
        // NaN in the pool: a kernel reading memory it did not write fails the comparison
        DeviceChecks.poisonPool(engine, 2L << 20, 3);
        System.out.printf(Locale.ROOT, "ConvTf32KernelsTest on %s: %s%n", engine.device().name(),
                ConvTunables.forDevice(engine.device()).tf32().ptx(engine.device()) ? "inline PTX mma.sync"
                        : "portable emulation of mma.sync");
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /**
     * 2D and 3D; 1, 3, 16, 32, 64 and 128 channels (K and N padded to the mma shape: Cin not a multiple of 8, Cout
     * below 8 and between tiles); odd sizes, several tiles in W and H, narrow planes (the 16-wide tile), two
     * output-channel blocks (128); kernels 1, 3, 5, 7, 1x3x3 and 3x1x5; batch 1 and 2. Chosen so that the shaped tiles
     * repeat: every new tile is one more program for PoCL to compile (seconds each).
     */
    static List<ConvCase> grid() {
        return List.of(
                new ConvCase("2d 1->16 k3 9x11", Shape.of(1, 1, 9, 11), Shape.of(16, 1, 3, 3), true),
                new ConvCase("2d n2 3->1 k5 7x19 nobias", Shape.of(2, 3, 7, 19), Shape.of(1, 3, 5, 5), false),
                new ConvCase("2d 16->32 k3 13x35", Shape.of(1, 16, 13, 35), Shape.of(32, 16, 3, 3), true),
                new ConvCase("2d n2 32->16 k1 7x19", Shape.of(2, 32, 7, 19), Shape.of(16, 32, 1, 1), true),
                new ConvCase("2d 64->40 k3 11x21", Shape.of(1, 64, 11, 21), Shape.of(40, 64, 3, 3), true),
                new ConvCase("2d 3->64 k5 6x33", Shape.of(1, 3, 6, 33), Shape.of(64, 3, 5, 5), true),
                new ConvCase("2d 16->128 k3 5x17", Shape.of(1, 16, 5, 17), Shape.of(128, 16, 3, 3), true),
                new ConvCase("2d 5->3 k7 9x18", Shape.of(1, 5, 9, 18), Shape.of(3, 5, 7, 7), true),
                new ConvCase("3d 3->16 k3 5x7x9", Shape.of(1, 3, 5, 7, 9), Shape.of(16, 3, 3, 3, 3), true),
                new ConvCase("3d n2 16->3 1x3x3 3x9x19 nobias", Shape.of(2, 16, 3, 9, 19), Shape.of(3, 16, 1, 3, 3), false),
                new ConvCase("3d 1->1 k3 4x6x7", Shape.of(1, 1, 4, 6, 7), Shape.of(1, 1, 3, 3, 3), true),
                new ConvCase("3d 32->64 k3 3x6x20", Shape.of(1, 32, 3, 6, 20), Shape.of(64, 32, 3, 3, 3), true),
                new ConvCase("3d n2 5->7 3x1x5 4x6x18", Shape.of(2, 5, 4, 6, 18), Shape.of(7, 5, 3, 1, 5), true));
    }

    /**
     * With the kernels the product picks for each shape: the tuned table included, so {@code JCARE_CONV_TUNED} can
     * point these tests at candidate TF32 tiles (org.jcare.bench.tune.Tf32Tiles) before they are committed.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void forwardAndBackwardMatchTheReference(ConvCase c) {
        checkCase(engine.service(ConvLaunchers.class, ConvLaunchers::new).forGeometry(ConvGeometry.of(c.x(), c.w())), c);
    }

    /**
     * A local-memory budget that stages one kernel row of weights at a time (the path large kernels take on NVIDIA's
     * 48 KiB), and tiles other than the defaults (forward: 16 x 4 voxels, 32 x 16 per warp; weight gradients: 16 x 8
     * channels, 4 taps per warp (3 warps for 9 taps, one slot idle), 16 voxels per step).
     */
    @Test
    void smallStagesAndOtherTilesGiveTheSameResults() {
        ConvTunables base = ConvTunables.forDevice(engine.device());
        // the shape of a grid case (its programs are built already), with room for one kernel row of weights per stage
        ConvCase k5 = new ConvCase("2d 3->64 k5 6x33 one row per stage", Shape.of(1, 3, 6, 33), Shape.of(64, 3, 5, 5), true);
        ConvGeometry g5 = ConvGeometry.of(k5.x(), k5.w());
        ConvTf32Tunables shaped = base.tf32().forGeometry(g5);
        boolean ptx = shaped.ptx(engine.device());
        int budget = (int) shaped.stageBytes(g5, 1, ptx);
        ConvTf32Tunables rowBudget = new ConvTf32Tunables(32, 4, 64, 64, 32, budget, 0, false);
        assertEquals(1, rowBudget.forGeometry(g5).tapRowsPerStage(g5, engine.device().localMemBytes(), ptx));
        checkCase(ConvKernels.on(engine, new ConvTunables("one kernel row per stage", base.cpu(), base.gpu(), rowBudget)), k5);
        ConvTf32Tunables other = new ConvTf32Tunables(16, 4, 32, 32, 16, 0, 0, false, new ConvTf32Weights(16, 8, 4, 16));
        checkCase(ConvKernels.on(engine, new ConvTunables("other tiles", base.cpu(), base.gpu(), other)),
                new ConvCase("2d 16->16 k3 9x20 other tiles", Shape.of(1, 16, 9, 20), Shape.of(16, 16, 3, 3), true));
    }

    /**
     * The portable emulation on the same device (on NVIDIA: separates a problem of the PTX from one of the tiling).
     * Skipped where there are no tensor cores: there every other test runs the emulation already.
     */
    @Test
    void emulationOnTheSameDeviceAgrees() {
        ConvTunables base = ConvTunables.forDevice(engine.device());
        Assumptions.assumeTrue(base.tf32().ptx(engine.device()), "no tensor cores: the other tests run the emulation");
        ConvKernels kernels = ConvKernels.on(engine, new ConvTunables("emulated", base.cpu(), base.gpu(), base.tf32().emulated()));
        checkCase(kernels, new ConvCase("3d 32->64 k3 3x6x20 emulated", Shape.of(1, 32, 3, 6, 20), Shape.of(64, 32, 3, 3, 3), true));
    }

    /**
     * Exact values: with w = 1 (one tap, one channel) y = tf32(x). 1 + 2^-12 rounds down to 1; 1 + 2^-11 is a tie and
     * goes away from zero to 1 + 2^-10 (as does its negative); 1 + 2^-11 + 2^-12 rounds up. Truncation (operands not
     * converted, the tensor core dropping the low bits) gives 1 for all of them, and fp32 arithmetic the inputs.
     */
    @Test
    void operandsAreRoundedToNearestTiesAway() {
        double u = Math.scalb(1.0, -11);
        double[] in = {1 + u / 2, 1 + u, -(1 + u), 1 + u + u / 2, 3, -0.0, 1 + 2 * u};
        double[] expected = {1, 1 + 2 * u, -(1 + 2 * u), 1 + 2 * u, 3, 0, 1 + 2 * u};
        for (boolean transposed : new boolean[] {false, true}) {
            try (Scope scope = engine.scope()) {
                Shape xs = Shape.of(1, 1, 1, in.length);
                Tensor x = engine.tensor(xs, new DoubleTensor(xs, in).toFloats());
                Tensor w = engine.tensor(Shape.of(1, 1, 1, 1), new float[] {1});
                ConvPasses p = ConvPasses.on(engine, ConvVariant.GPU_TF32, ConvGeometry.of(xs, w.shape()));
                float[] y;
                if (transposed) {
                    try (ConvPasses.Gradient grad = p.gradient(x, null)) {
                        y = p.backwardData(grad, w, xs).toArray();
                    }
                } else {
                    y = p.forward(x, w, null, false).toArray();
                }
                for (int i = 0; i < in.length; i++) {
                    assertEquals(expected[i], y[i], 0.0, (transposed ? "backward data" : "forward") + ": tf32(" + in[i]
                            + ")");
                }
            }
        }
    }

    /** Weight gradients are partial sums plus a fixed-order reduce: two runs give the same bits. */
    @Test
    void weightGradientsAreBitIdenticalAcrossRuns() {
        Shape xs = Shape.of(2, 16, 3, 9, 11);
        Shape ws = Shape.of(3, 16, 1, 3, 3);
        DoubleTensor x = DoubleTensor.uniform(xs, 3, -1, 1);
        DoubleTensor dy = DoubleTensor.uniform(xs.with(1, 3), 4, -1, 1);
        float[][] dw = new float[2][];
        float[][] db = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (Scope scope = engine.scope()) {
                ConvPasses p = ConvPasses.on(engine, ConvVariant.GPU_TF32, ConvGeometry.of(xs, ws));
                try (ConvPasses.Gradient grad = p.gradient(DeviceChecks.upload(engine, dy), null)) {
                    Tensor[] r = p.backwardWeights(DeviceChecks.upload(engine, x), grad, ws, true);
                    dw[run] = r[0].toArray();
                    db[run] = r[1].toArray();
                }
            }
        }
        DeviceChecks.assertBitIdentical("GPU_TF32 dw", dw[0], dw[1]);
        DeviceChecks.assertBitIdentical("GPU_TF32 db", db[0], db[1]);
    }

    /** The engine's precision setting reaches AUTO: TF32 only where the device has tensor cores. */
    @Test
    void autoFollowsThePrecisionSetting() {
        ConvGeometry g = ConvGeometry.of(Shape.of(1, 8, 8, 8), Shape.of(8, 8, 3, 3));
        Precision before = engine.precision();
        try {
            engine.precision(Precision.TF32);
            ConvVariant v = ConvPasses.on(engine, ConvVariant.AUTO, g).variant();
            assertEquals(ConvVariant.tensorCores(engine.device()) ? ConvVariant.GPU_TF32
                    : ConvVariant.resolve(ConvVariant.AUTO, engine.device(), ConvTunables.forDevice(engine.device()), g), v);
            engine.precision(Precision.FP32);
            assertTrue(ConvPasses.on(engine, ConvVariant.AUTO, g).variant() != ConvVariant.GPU_TF32);
        } finally {
            engine.precision(before);
        }
    }

    private static void checkCase(ConvKernels kernels, ConvCase c) {
        MmaChecks.checkCase(engine, kernels, ConvVariant.GPU_TF32, c);
    }
}
