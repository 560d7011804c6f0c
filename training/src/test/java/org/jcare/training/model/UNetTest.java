package org.jcare.training.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.jcare.engine.Engine;
import org.jcare.engine.autograd.Parameter;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UNetTest {
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
    void parameterCountsAreCsbdeeps() {
        try (UNet net2 = new UNet(engine, UNetSpec.csbdeepDefault(2, 1, false));
             UNet net3 = new UNet(engine, UNetSpec.csbdeepDefault(3, 1, false));
             UNet prob2 = new UNet(engine, UNetSpec.csbdeepDefault(2, 1, true));
             UNet prob3 = new UNet(engine, UNetSpec.csbdeepDefault(3, 1, true))) {
            assertEquals(922_977, net2.parameters().count());
            assertEquals(996_769, net3.parameters().count());
            assertEquals(923_010, prob2.parameters().count());
            assertEquals(996_802, prob3.parameters().count());
        }
    }

    @Test
    void layerNamesAndShapesFollowCsbdeep() {
        try (UNet net = new UNet(engine, UNetSpec.csbdeepDefault(2, 1, true))) {
            List<String> names = net.parameters().list().stream().map(Parameter::name).toList();
            assertEquals(List.of("down_level_0_no_0.weight", "down_level_0_no_0.bias", "down_level_0_no_1.weight",
                    "down_level_0_no_1.bias", "down_level_1_no_0.weight", "down_level_1_no_0.bias",
                    "down_level_1_no_1.weight", "down_level_1_no_1.bias", "middle_0.weight", "middle_0.bias",
                    "middle_2.weight", "middle_2.bias", "up_level_1_no_0.weight", "up_level_1_no_0.bias",
                    "up_level_1_no_2.weight", "up_level_1_no_2.bias", "up_level_0_no_0.weight", "up_level_0_no_0.bias",
                    "up_level_0_no_2.weight", "up_level_0_no_2.bias", "head.weight", "head.bias",
                    "head_scale.weight", "head_scale.bias"), names);
            assertEquals(Shape.of(64, 128, 5, 5), net.parameters().get("up_level_1_no_0.weight").shape());
            assertEquals(Shape.of(1, 32, 1, 1), net.parameters().get("head.weight").shape());
        }
    }

    @Test
    void glorotInitializationIsSeededAndBounded() {
        try (UNet a = new UNet(engine, UNetSpec.csbdeepDefault(2, 1, false)).initialize(3);
             UNet b = new UNet(engine, UNetSpec.csbdeepDefault(2, 1, false)).initialize(3)) {
            assertArrayEquals(a.parameters().readValues(), b.parameters().readValues());
            float[] w = a.parameters().get("middle_0.weight").value().toArray();
            double limit = Math.sqrt(6.0 / (64 * 25 + 128 * 25));
            double max = 0;
            for (float v : w) {
                max = Math.max(max, Math.abs(v));
            }
            assertTrue(max <= limit && max > 0.9 * limit, "max |w| " + max + ", limit " + limit);
            assertArrayEquals(new float[64], a.parameters().get("down_level_1_no_0.bias").value().toArray());
        }
    }

    @Test
    void haloEqualsTheReceptiveFieldMeasuredWithAnImpulse() {
        // All-positive weights keep every ReLU open, so an output pixel is non-zero exactly when the impulse lies in
        // its receptive field. The worst case over the four positions of a pooling block is the halo.
        for (int k : new int[] {3, 5}) {
            UNetSpec spec = new UNetSpec(2, 1, 1, 2, new int[] {k, k}, 2, false, false, false, new int[] {2, 2});
            try (UNet net = new UNet(engine, spec)) {
                positiveWeights(net, 5);
                int size = 160;
                int measured = 0;
                for (int offset = 0; offset < 4; offset++) {
                    int p = 76 + offset;
                    float[] in = new float[size * size];
                    in[p * size + p] = 1;
                    float[] out;
                    try (var ng = engine.noGrad(); Scope s = engine.scope()) {
                        out = net.forward(engine.tensor(Shape.of(1, 1, size, size), in)).toArray();
                    }
                    int lo = size;
                    int hi = -1;
                    for (int x = 0; x < size; x++) {
                        if (out[p * size + x] != 0) {
                            lo = Math.min(lo, x);
                            hi = Math.max(hi, x);
                        }
                    }
                    measured = Math.max(measured, Math.max(p - lo, hi - p));
                }
                assertArrayEquals(new int[] {measured, measured}, net.halo(), "kernel " + k);
            }
        }
    }

    /**
     * The decoder's upsampling and concatenation are read through by its first convolutions, and the head's residual
     * add and last ReLU run in the head's epilogue: the tape has convolutions and max-pools only.
     */
    @Test
    void decoderAndHeadAreFusedIntoTheirConvolutions() {
        UNetSpec spec = new UNetSpec(2, 1, 1, 2, new int[] {3, 3}, 4, true, false, true, new int[] {2, 2});
        try (UNet net = new UNet(engine, spec).initialize(3); Scope s = engine.scope()) {
            net.forward(engine.zeros(Shape.of(1, 1, 8, 12)));
            String dump = engine.tape().dump();
            engine.tape().clear();
            for (String op : new String[] {"upsample", "concat(", "concat{", "add(", "relu("}) {
                assertFalse(dump.contains(op), op + " in\n" + dump);
            }
            assertEquals(2, dump.split("\\+concat", -1).length - 1, dump);
            assertTrue(dump.contains("conv2d{k=1x1 4->1 +residual relu"), dump);
        }
    }

    @Test
    void forwardRejectsSizesThatDoNotPool() {
        try (UNet net = new UNet(engine, UNetSpec.csbdeepDefault(2, 1, false)); Scope s = engine.scope()) {
            Tensor x = engine.zeros(Shape.of(1, 1, 30, 32));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.forward(x));
            assertTrue(e.getMessage().contains("30") && e.getMessage().contains("multiple of 4"), e.getMessage());
            Tensor twoChannels = engine.zeros(Shape.of(1, 2, 32, 32));
            assertThrows(IllegalArgumentException.class, () -> net.forward(twoChannels));
        }
    }

    @Test
    void specValidationNamesEveryProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UNetSpec(2, 1, 2, 2, new int[] {4, 3}, 0, true, false, false, new int[] {2}));
        String m = e.getMessage();
        assertTrue(m.contains("odd") && m.contains("poolFactors") && m.contains("firstFilters") && m.contains("residual"), m);
        assertThrows(IllegalArgumentException.class,
                () -> new UNetSpec(4, 1, 1, 2, new int[] {3}, 8, true, false, false, new int[] {2}));
    }

    private static void positiveWeights(UNet net, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] flat = net.parameters().readValues();
        for (Parameter p : net.parameters().list()) {
            if (p.name().endsWith(".weight")) {
                for (int i = 0; i < p.shape().numel(); i++) {
                    flat[(int) p.offset() + i] = (float) (0.1 + 0.4 * r.nextDouble());
                }
            }
        }
        net.parameters().writeValues(flat);
        assertTrue(Arrays.stream(net.halo()).allMatch(h -> h > 0));
    }
}
