package org.jcare.kernels.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.jcare.engine.Engine;
import org.jcare.engine.autograd.Parameter;
import org.jcare.engine.autograd.ParameterSet;
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
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every variant (naive, CPU-shaped, GPU-shaped), whatever the device, against {@link ConvRef}: forward, dx, dw
 * and db with and without ReLU over a grid of 2D/3D shapes, plus determinism and gradients through the tape.
 */
class ConvKernelsTest {
    private static final ConvVariant[] VARIANTS = {ConvVariant.NAIVE, ConvVariant.CPU, ConvVariant.GPU};
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
        DeviceChecks.poisonPool(engine, 8L << 20, 4); // up to 8 MiB: the padded copies and split-K partials here
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /**
     * 2D and 3D, batch 1 and 3, 1, 3 and 16 channels (Cin != Cout too), odd sizes that are no multiple of any
     * tile or work-group, kernels 1, 3, 5, 7, 1x3x3 and 3x1x5 (no halo row: the CPU masking path), and one shape
     * with several GPU tiles and output-channel blocks.
     */
    static List<ConvCase> grid() {
        return List.of(
                new ConvCase("2d 1->16 k3 9x11", Shape.of(1, 1, 9, 11), Shape.of(16, 1, 3, 3), true),
                new ConvCase("2d n3 3->1 k5 7x9 nobias", Shape.of(3, 3, 7, 9), Shape.of(1, 3, 5, 5), false),
                new ConvCase("2d 16->3 k7 13x17", Shape.of(1, 16, 13, 17), Shape.of(3, 16, 7, 7), true),
                new ConvCase("2d n3 16->16 k1 7x9", Shape.of(3, 16, 7, 9), Shape.of(16, 16, 1, 1), true),
                new ConvCase("2d 3->40 k3 19x45", Shape.of(1, 3, 19, 45), Shape.of(40, 3, 3, 3), true),
                new ConvCase("3d 3->16 k3 7x9x11", Shape.of(1, 3, 7, 9, 11), Shape.of(16, 3, 3, 3, 3), true),
                new ConvCase("3d n3 16->3 1x3x3 5x9x11 nobias", Shape.of(3, 16, 5, 9, 11), Shape.of(3, 16, 1, 3, 3), false),
                new ConvCase("3d 1->1 k5 7x9x11", Shape.of(1, 1, 7, 9, 11), Shape.of(1, 1, 5, 5, 5), true),
                new ConvCase("3d n3 3->3 k7 7x9x11", Shape.of(3, 3, 7, 9, 11), Shape.of(3, 3, 7, 7, 7), true),
                new ConvCase("3d n3 16->16 k3 7x9x11", Shape.of(3, 16, 7, 9, 11), Shape.of(16, 16, 3, 3, 3), true),
                new ConvCase("3d n2 5->7 3x1x5 4x6x10", Shape.of(2, 5, 4, 6, 10), Shape.of(7, 5, 3, 1, 5), true),
                // widths that are multiples of the CPU vector width (8 on AVX2, 16 on AVX-512): the row mode
                new ConvCase("2d n3 3->16 k5 6x32", Shape.of(3, 3, 6, 32), Shape.of(16, 3, 5, 5), true),
                new ConvCase("3d n2 16->5 k3 3x5x16", Shape.of(2, 16, 3, 5, 16), Shape.of(5, 16, 3, 3, 3), true),
                new ConvCase("3d 3->3 1x3x3 2x3x8 nobias", Shape.of(1, 3, 2, 3, 8), Shape.of(3, 3, 1, 3, 3), false));
    }

    static Stream<Arguments> variantsAndCases() {
        return ConvCase.everyVariantWithEveryCase(VARIANTS, grid());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variantsAndCases")
    void forwardAndBackwardMatchTheReference(ConvVariant variant, ConvCase c) {
        long seed = c.name().hashCode() * 7L;
        for (boolean relu : new boolean[] {false, true}) {
            try (Scope scope = engine.scope()) {
                DoubleTensor x = DoubleTensor.uniform(c.x(), seed++, -1, 1).roundedToFloat();
                DoubleTensor w = DoubleTensor.uniform(c.w(), seed++, -0.5, 0.5).roundedToFloat();
                DoubleTensor b = c.bias() ? DoubleTensor.uniform(Shape.of(c.w().dim(0)), seed++, -0.3, 0.3).roundedToFloat() : null;
                Tensor xd = DeviceChecks.upload(engine, x).requiresGrad(true);
                Tensor wd = DeviceChecks.upload(engine, w).requiresGrad(true);
                Tensor bd = b == null ? null : DeviceChecks.upload(engine, b).requiresGrad(true);
                String what = variant + " " + c + (relu ? " relu" : "");

                Tensor y = Conv.apply(xd, wd, bd, relu, variant);
                DoubleTensor yRef = ConvRef.forward(x, w, b, relu);
                assertClose(what + " forward", yRef, y);

                DoubleTensor dy = DoubleTensor.uniform(yRef.shape(), seed++, -1, 1).roundedToFloat();
                // mask with the device's own output, so that values within rounding of 0 cannot flip the mask
                DoubleTensor g = relu ? ConvRef.reluMask(DoubleTensor.of(y.shape(), y.toArray()), dy) : dy;
                engine.tape().backward(y, DeviceChecks.upload(engine, dy));
                assertClose(what + " dx", ConvRef.backwardData(g, w, c.x()), engine.tape().grad(xd));
                assertClose(what + " dw", ConvRef.backwardWeights(x, g, c.w()), engine.tape().grad(wd));
                if (b != null) {
                    assertClose(what + " db", ConvRef.backwardBias(g), engine.tape().grad(bd));
                }
                engine.tape().clear();
            }
        }
    }

    /**
     * Split-K chunks of 1 and 7 vectors (boundaries inside slices and rows) and one chunk for everything, with
     * vectors across row breaks (W = 9) and inside rows (W = 32).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {9, 32})
    void cpuWeightGradientIsIndependentOfTheChunking(int width) {
        ConvCase c = new ConvCase("3d n2 3->5 k3 5x7x" + width, Shape.of(2, 3, 5, 7, width), Shape.of(5, 3, 3, 3, 3), true);
        DoubleTensor x = DoubleTensor.uniform(c.x(), 1, -1, 1).roundedToFloat();
        DoubleTensor dy = DoubleTensor.uniform(c.x().with(1, 5), 2, -1, 1).roundedToFloat();
        ConvGeometry geo = ConvGeometry.of(c.x(), c.w());
        for (int strips : new int[] {1, 7, 100000}) {
            ConvTunables.Cpu d = ConvTunables.forDevice(engine.device()).cpu();
            ConvTunables t = new ConvTunables("chunks " + strips, new ConvTunables.Cpu(d.vw(), d.rwv(), d.rco(),
                    d.localSize(), d.ns(), d.cb(), d.wrco(), d.wrt(), d.wlocal(), strips),
                    ConvTunables.forDevice(engine.device()).gpu());
            try (Scope scope = engine.scope()) {
                ConvPasses p = ConvPasses.on(engine, ConvKernels.on(engine, t), ConvVariant.CPU, geo);
                Tensor[] dwb;
                try (ConvPasses.Gradient grad = p.gradient(DeviceChecks.upload(engine, dy), null)) {
                    dwb = p.backwardWeights(DeviceChecks.upload(engine, x), grad, c.w(), true);
                }
                assertClose("chunks of " + strips + " dw", ConvRef.backwardWeights(x, dy, c.w()), dwb[0]);
                assertClose("chunks of " + strips + " db", ConvRef.backwardBias(dy), dwb[1]);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ConvVariant.class, names = {"NAIVE", "CPU", "GPU"})
    void weightGradientsAreBitIdenticalAcrossRuns(ConvVariant variant) {
        Shape xs = Shape.of(3, 16, 7, 9, 11);
        Shape ws = Shape.of(16, 16, 3, 3, 3);
        DoubleTensor x = DoubleTensor.uniform(xs, 3, -1, 1);
        DoubleTensor dy = DoubleTensor.uniform(xs, 4, -1, 1);
        float[][] dw = new float[2][];
        float[][] db = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (Scope scope = engine.scope()) {
                ConvPasses p = ConvPasses.on(engine, variant, ConvGeometry.of(xs, ws));
                try (ConvPasses.Gradient grad = p.gradient(DeviceChecks.upload(engine, dy), null)) {
                    Tensor[] r = p.backwardWeights(DeviceChecks.upload(engine, x), grad, ws, true);
                    dw[run] = r[0].toArray();
                    db[run] = r[1].toArray();
                }
            }
        }
        assertArrayEquals(dw[0], dw[1], variant + ": dw differs between two runs");
        assertArrayEquals(db[0], db[1], variant + ": db differs between two runs");
    }

    @Test
    void parameterGradientsFlowThroughTheTapeIntoTheFlatBuffer() {
        Shape xs = Shape.of(2, 3, 5, 8, 9);
        Shape ws = Shape.of(4, 3, 3, 3, 3);
        DoubleTensor x = DoubleTensor.uniform(xs, 5, -1, 1).roundedToFloat();
        DoubleTensor w = DoubleTensor.uniform(ws, 6, -0.5, 0.5).roundedToFloat();
        DoubleTensor b = DoubleTensor.uniform(Shape.of(4), 7, -0.2, 0.2).roundedToFloat();
        try (ParameterSet params = new ParameterSet(engine);
             Scope scope = engine.scope()) {
            params.add("other.weight", Shape.of(5));
            Parameter pw = params.add("conv.weight", ws);
            Parameter pb = params.add("conv.bias", Shape.of(4));
            params.allocate();
            pw.value().copyFrom(w.toFloats());
            pb.value().copyFrom(b.toFloats());
            Tensor xd = DeviceChecks.upload(engine, x);
            DoubleTensor dy = DoubleTensor.uniform(xs.with(1, 4), 8, -1, 1).roundedToFloat();
            for (int step = 1; step <= 2; step++) {
                // two backward passes without zeroGrad: the flat gradients accumulate
                Tensor y = Conv.apply(xd, pw.value(), pb.value(), true);
                assertTrue(engine.tape().dump().contains("conv3d{k=3x3x3 3->4 relu"), engine.tape().dump());
                DoubleTensor g = ConvRef.reluMask(DoubleTensor.of(y.shape(), y.toArray()), dy);
                engine.tape().backward(y, DeviceChecks.upload(engine, dy));
                assertNull(engine.tape().grad(xd), "x does not require a gradient");
                DoubleTensor dwRef = scaled(ConvRef.backwardWeights(x, g, ws), step);
                DoubleTensor dbRef = scaled(ConvRef.backwardBias(g), step);
                assertClose("dw in the flat buffer, step " + step, dwRef, pw.grad());
                assertClose("db in the flat buffer, step " + step, dbRef, pb.grad());
                float[] flat = params.readGrads();
                float[] view = pw.grad().toArray();
                for (int i = 0; i < view.length; i++) {
                    assertEquals(view[i], flat[(int) pw.offset() + i], 0f);
                }
                engine.tape().clear();
            }
            params.zeroGrad();
            assertEquals(0f, pw.grad().toArray()[0], 0f);
        }
    }

    /**
     * The plain-input loader (-DJCARE_PLAIN_INPUT, what plain inputs get) and the generic one with its concatenation
     * branch ({@link ConvKernels#genericInputs()}, the other side of the A/B on the card) compute the same sums in the
     * same order: the same bits, forward, backward data and weights, on the GPU-shaped kernels and the TF32 ones.
     */
    @Test
    void plainAndGenericInputLoadersGiveTheSameBits() {
        ConvCase c = new ConvCase("3d n2 3->5 k3 5x7x9", Shape.of(2, 3, 5, 7, 9), Shape.of(5, 3, 3, 3, 3), true);
        ConvGeometry g = ConvGeometry.of(c.x(), c.w());
        DoubleTensor x = DoubleTensor.uniform(c.x(), 11, -1, 1).roundedToFloat();
        DoubleTensor w = DoubleTensor.uniform(c.w(), 12, -0.5, 0.5).roundedToFloat();
        DoubleTensor dy = DoubleTensor.uniform(c.x().with(1, 5), 13, -1, 1).roundedToFloat();
        ConvKernels plain = ConvKernels.on(engine, ConvTunables.forDevice(engine.device()));
        ConvKernels generic = plain.genericInputs();
        assertTrue(plain.specializesPlainInputs() && !generic.specializesPlainInputs());
        for (ConvVariant v : new ConvVariant[] {ConvVariant.GPU, ConvVariant.GPU_TF32}) {
            float[][] out = new float[2][];
            int k = 0;
            for (ConvKernels kernels : new ConvKernels[] {plain, generic}) {
                try (Scope scope = engine.scope()) {
                    ConvPasses p = ConvPasses.on(engine, kernels, v, g);
                    Tensor xd = DeviceChecks.upload(engine, x);
                    Tensor wd = DeviceChecks.upload(engine, w);
                    float[] y = p.forward(xd, wd, null, false).toArray();
                    try (ConvPasses.Gradient grad = p.gradient(DeviceChecks.upload(engine, dy), null)) {
                        float[] dx = p.backwardData(grad, wd, c.x()).toArray();
                        float[] dw = p.backwardWeights(xd, grad, c.w(), false)[0].toArray();
                        float[] all = new float[y.length + dx.length + dw.length];
                        System.arraycopy(y, 0, all, 0, y.length);
                        System.arraycopy(dx, 0, all, y.length, dx.length);
                        System.arraycopy(dw, 0, all, y.length + dx.length, dw.length);
                        out[k++] = all;
                    }
                }
            }
            DeviceChecks.assertBitIdentical(v + " plain vs generic loader", out[0], out[1]);
        }
    }

    private static DoubleTensor scaled(DoubleTensor t, double s) {
        double[] d = t.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] *= s;
        }
        return new DoubleTensor(t.shape(), d);
    }

    /** NMSE within float32 rounding and a worst element within 1e-4 of the reference's scale. */
    static void assertClose(String what, DoubleTensor expected, Tensor actual) {
        double max = 0;
        for (double v : expected.data()) {
            max = Math.max(max, Math.abs(v));
        }
        DeviceChecks.assertMatches(what, expected, actual, DeviceChecks.FP32_NMSE, 1e-4 * (1 + max));
    }
}
