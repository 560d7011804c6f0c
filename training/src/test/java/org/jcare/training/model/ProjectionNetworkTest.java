package org.jcare.training.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.jcare.engine.Engine;
import org.jcare.engine.autograd.Parameter;
import org.jcare.engine.tensor.Comparison;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.loss.LossRef;
import org.jcare.kernels.testing.DeviceChecks;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.ProjectionParams;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.loop.LossKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The projection network: CSBDeep's parameter counts at its defaults, every parameter's gradient of the whole
 * composite (projection, softmax, weighted sum, U-Net) against the float64 network, whose own backward is checked
 * against finite differences, and the weights of the surface.
 */
class ProjectionNetworkTest {
    private static Engine engine;

    @BeforeAll
    static void open() {
        engine = Engine.open((String) null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void parameterCountsAtCsbdeepDefaults() {
        // ProjectionConfig('ZYX', 1, 1): proj 1->8 k27 (224), 8 convs 8->8 (1736 each), output 8->1 (217) = 14,329;
        // 2D U-Net depth 2, kernel 3 (n_dim 3 makes unet_kern_size 3), 32 filters, 1->1: 332,641 (layer list by hand)
        CareConfig c = CareConfig.builder("ZYX").task(TaskSpec.projectionDefaults()).build();
        try (ProjectionNetwork net = new ProjectionNetwork(engine, ProjectionSpec.fromConfig(c))) {
            long proj = net.projectionLayers().stream().mapToLong(l -> l.weight().shape().numel()
                    + l.bias().shape().numel()).sum();
            assertEquals(14_329, proj);
            assertEquals(346_970, net.parameters().count());
            assertEquals(10, net.projectionLayers().size());
            assertArrayEquals(new int[] {1, 16, 16}, net.divisibility());
        }
        CareConfig p = CareConfig.builder("ZYX").task(TaskSpec.projectionDefaults()).probabilistic(true).build();
        try (ProjectionNetwork net = new ProjectionNetwork(engine, ProjectionSpec.fromConfig(p))) {
            assertEquals(346_970 + 33, net.parameters().count(), "the scale head adds one 1x1 conv 32->1");
        }
    }

    @ParameterizedTest(name = "channels={0} probabilistic={1} convs per level={2}")
    @CsvSource({"1, false, 1", "1, true, 1", "2, false, 2"})
    void everyParameterGradientMatchesTheFloat64Network(int channels, boolean probabilistic, int convs) {
        ProjectionSpec spec = new ProjectionSpec(channels, new ProjectionParams("Z", 2, 3, convs, new int[] {3, 3, 3},
                new int[] {1, 2, 2}), new UNetSpec(2, channels, channels, 1, new int[] {3, 3}, 4, true, probabilistic,
                false, new int[] {2, 2}));
        Shape shape = Shape.of(2, channels, 5, 8, 12);
        try (ProjectionNetwork net = new ProjectionNetwork(engine, spec).initialize(3); Scope scope = engine.scope()) {
            DoubleTensor x = DoubleTensor.uniform(shape, 5, 0, 1).roundedToFloat();
            ReferenceProjection ref = new ReferenceProjection(net);
            DoubleTensor refOut = ref.forward(x);
            ProjectionNetwork.Output o = net.forward(DeviceChecks.upload(engine, x), true);
            DeviceChecks.assertMatches("projection forward", refOut, o.restored(), 1e-10, 1e-4);
            DeviceChecks.assertMatches("surface weights", ref.softmax(), o.weights(), 1e-10, 1e-5);
            DoubleTensor target = targetAwayFrom(refOut, channels, 9);
            LossKind loss = probabilistic ? LossKind.LAPLACE : LossKind.MAE;
            Tensor l = loss.apply(o.restored(), DeviceChecks.upload(engine, target));
            net.parameters().zeroGrad();
            engine.tape().backward(l);
            DoubleTensor dOut = probabilistic ? LossRef.laplaceBackward(refOut, target, 1)
                    : LossRef.maeBackward(refOut, target, 1);
            Map<String, DoubleTensor> refGrads = ref.backward(dOut);
            assertEquals(net.parameters().list().size(), refGrads.size(), "every parameter has a reference gradient");
            for (Parameter p : net.parameters().list()) {
                double[] expected = refGrads.get(p.name()).data();
                float[] actual = p.grad().toArray();
                if (p.name().equals("proj_out.bias")) {
                    // softmax along Z ignores a constant added to all logits: this gradient is 0 (float32: rounding)
                    assertEquals(0, expected[0], 1e-12);
                    assertEquals(0, actual[0], 1e-6, "proj_out.bias gradient");
                    continue;
                }
                Comparison c = Comparison.of(expected, actual);
                assertTrue(c.within(1e-8, 1e-3), () -> c.describe("grad of " + p.name(), p.shape()));
            }
        }
    }

    @Test
    void theFloat64BackwardMatchesFiniteDifferences() {
        ProjectionSpec spec = new ProjectionSpec(1, new ProjectionParams("Z", 2, 2, 1, new int[] {3, 3, 3},
                new int[] {1, 2, 2}), new UNetSpec(2, 1, 1, 1, new int[] {3, 3}, 2, true, false, false,
                new int[] {2, 2}));
        try (ProjectionNetwork net = new ProjectionNetwork(engine, spec).initialize(11)) {
            DoubleTensor x = DoubleTensor.uniform(Shape.of(1, 1, 4, 4, 4), 2, 0, 1);
            ReferenceProjection ref = new ReferenceProjection(net);
            DoubleTensor out = ref.forward(x);
            DoubleTensor dy = DoubleTensor.uniform(out.shape(), 4, -1, 1);
            Map<String, DoubleTensor> g = ref.backward(dy);
            for (String name : new String[] {"proj_down_level_0_no_0.weight", "proj_middle_no_0.weight",
                "proj_up_level_0_no_0.weight", "proj_out.weight", "proj_middle_no_0.bias"}) {
                DoubleTensor w = ref.weight(name);
                int checks = 0;
                double worst = 0;
                for (int i = 0; i < w.size() && checks < 12; i += Math.max(1, w.size() / 12), checks++) {
                    double h = 1e-6;
                    double[] plus = w.data().clone();
                    double[] minus = w.data().clone();
                    plus[i] += h;
                    minus[i] -= h;
                    double lp = ref.with(name, new DoubleTensor(w.shape(), plus)).forward(x).dot(dy);
                    double lm = ref.with(name, new DoubleTensor(w.shape(), minus)).forward(x).dot(dy);
                    double numeric = (lp - lm) / (2 * h);
                    worst = Math.max(worst, Math.abs(numeric - g.get(name).data()[i]) / (1 + Math.abs(numeric)));
                }
                assertTrue(worst < 1e-5, name + ": analytic and numeric gradients differ by " + worst);
            }
        }
    }

    @Test
    void surfaceWeightsSumToOneAlongZAndTheOutputIs2d() {
        CareConfig c = CareConfig.builder("ZYX").task(TaskSpec.ofProjection(new ProjectionParams("Z", 2, 4, 1, null,
                null))).unetNDepth(1).unetNFirst(4).build();
        try (ProjectionNetwork net = new ProjectionNetwork(engine, ProjectionSpec.fromConfig(c)).initialize(1);
             Scope scope = engine.scope(); var noGrad = engine.noGrad()) {
            ProjectionNetwork.Output o = net.forward(DeviceChecks.upload(engine,
                    DoubleTensor.uniform(Shape.of(1, 1, 7, 8, 8), 1, 0, 1)), true);
            assertEquals(Shape.of(1, 1, 8, 8), o.restored().shape());
            float[] w = o.weights().toArray();
            for (int p = 0; p < 64; p++) {
                double s = 0;
                for (int z = 0; z < 7; z++) {
                    s += w[z * 64 + p];
                }
                assertEquals(1.0, s, 1e-5);
            }
            assertThrows(IllegalArgumentException.class, () -> net.forward(engine.zeros(Shape.of(1, 1, 7, 6, 8))));
        }
    }

    @Test
    void haloIsTheExactDependencyOfBothNetworksAndZIsWhole() {
        CareConfig c = CareConfig.builder("ZYX").task(TaskSpec.projectionDefaults()).build();
        try (ProjectionNetwork net = new ProjectionNetwork(engine, ProjectionSpec.fromConfig(c))) {
            int[] h = net.halo();
            assertEquals(0, h[0]);
            // projection alone (one conv per level, 4 levels, k3) and U-Net (depth 2, k3: 23) add up; CSBDeep's max is 94
            assertTrue(h[1] > 23 && h[1] == h[2], "halo " + java.util.Arrays.toString(h));
        }
    }

    private static DoubleTensor targetAwayFrom(DoubleTensor out, int meanChannels, long seed) {
        Shape s = out.shape();
        Shape ts = s.with(1, meanChannels);
        double[] t = new double[Math.toIntExact(ts.numel())];
        long perSample = ts.numel() / ts.dim(0);
        long outPerSample = s.numel() / s.dim(0);
        Random r = new Random(seed);
        for (int i = 0; i < t.length; i++) {
            long n = i / perSample;
            double mu = out.data()[(int) (n * outPerSample + i % perSample)];
            t[i] = mu + (r.nextBoolean() ? 1 : -1) * (0.1 + 0.4 * r.nextDouble());
        }
        return new DoubleTensor(ts, t).roundedToFloat();
    }
}
