package org.jcare.kernels.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jcare.engine.tensor.Shape;
import org.jcare.kernels.common.DoubleTensor;
import org.jcare.kernels.testing.FiniteDifferences;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ConvRefTest {

    @Test
    void forwardIsACrossCorrelationWithSamePadding() {
        // 3x3 image, kernel that picks the right-hand neighbour: y[h][w] = x[h][w + 1] (0 past the edge)
        DoubleTensor x = new DoubleTensor(Shape.of(1, 1, 3, 3), new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        DoubleTensor w = new DoubleTensor(Shape.of(1, 1, 3, 3), new double[] {0, 0, 0, 0, 0, 1, 0, 0, 0});
        DoubleTensor y = ConvRef.forward(x, w, null, false);
        assertArrayEquals(new double[] {2, 3, 0, 5, 6, 0, 8, 9, 0}, y.data(), 0);
    }

    @Test
    void forwardSumsNeighbourhoodsAddsBiasAndClampsWithRelu() {
        DoubleTensor x = new DoubleTensor(Shape.of(1, 1, 3, 3), new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        DoubleTensor w = new DoubleTensor(Shape.of(1, 1, 3, 3), new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1});
        DoubleTensor b = new DoubleTensor(Shape.of(1), new double[] {-20});
        // box sums with zero padding: 12 21 16 / 27 45 33 / 24 39 28, minus 20, then max(., 0)
        assertArrayEquals(new double[] {0, 1, 0, 7, 25, 13, 4, 19, 8}, ConvRef.forward(x, w, b, true).data(), 0);
        assertArrayEquals(new double[] {-8, 1, -4, 7, 25, 13, 4, 19, 8}, ConvRef.forward(x, w, b, false).data(), 0);
    }

    @Test
    void forward3dMixesChannelsAndDepth() {
        // x: 2 channels, D = 3, H = W = 1; kernel 3x1x1 along depth; 1 output channel
        DoubleTensor x = new DoubleTensor(Shape.of(1, 2, 3, 1, 1), new double[] {1, 2, 3, 10, 20, 30});
        DoubleTensor w = new DoubleTensor(Shape.of(1, 2, 3, 1, 1), new double[] {1, 10, 100, 0, 1, 0});
        DoubleTensor b = new DoubleTensor(Shape.of(1), new double[] {0.5});
        // channel 0: x[d-1] + 10 x[d] + 100 x[d+1] = 210, 321, 32; channel 1: x[d] = 10, 20, 30
        assertArrayEquals(new double[] {220.5, 341.5, 62.5}, ConvRef.forward(x, w, b, false).data(), 0);
    }

    @Test
    void backwardBiasSumsOverBatchAndVoxels() {
        DoubleTensor dy = new DoubleTensor(Shape.of(2, 2, 1, 2), new double[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertArrayEquals(new double[] {1 + 2 + 5 + 6, 3 + 4 + 7 + 8}, ConvRef.backwardBias(dy).data(), 0);
    }

    @Test
    void shapeErrorsNameTheOpAndBothShapes() {
        DoubleTensor x = DoubleTensor.zeros(Shape.of(1, 3, 8, 8));
        DoubleTensor w = DoubleTensor.zeros(Shape.of(4, 2, 3, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConvRef.forward(x, w, null, false));
        assertTrue(e.getMessage().contains("ConvRef.forward") && e.getMessage().contains("[1, 3, 8, 8]")
                && e.getMessage().contains("[4, 2, 3, 3]"), e.getMessage());
        DoubleTensor even = DoubleTensor.zeros(Shape.of(4, 3, 2, 3));
        e = assertThrows(IllegalArgumentException.class, () -> ConvRef.forward(x, even, null, false));
        assertTrue(e.getMessage().contains("not odd"), e.getMessage());
    }

    /** Shapes for finite differences: small enough that every entry of dw and db is checked. */
    @ParameterizedTest(name = "{0} relu={1}")
    @CsvSource({
        "2d k1,   false", "2d k1,   true",
        "2d k3,   false", "2d k3,   true",
        "2d k5,   false", "2d k5,   true",
        "3d k1,   false", "3d k3,   true",
        "3d k3,   false", "3d k5,   true",
        "3d 1x3x3, false", "3d 1x3x3, true",
        "3d 3x1x5, false"
    })
    void backwardMatchesFiniteDifferences(String name, boolean relu) {
        Shape xs;
        Shape ws;
        switch (name.trim()) {
            case "2d k1" -> { xs = Shape.of(2, 3, 4, 5); ws = Shape.of(2, 3, 1, 1); }
            case "2d k3" -> { xs = Shape.of(2, 3, 5, 6); ws = Shape.of(4, 3, 3, 3); }
            case "2d k5" -> { xs = Shape.of(1, 2, 6, 7); ws = Shape.of(3, 2, 5, 5); }
            case "3d k1" -> { xs = Shape.of(2, 2, 3, 4, 5); ws = Shape.of(3, 2, 1, 1, 1); }
            case "3d k3" -> { xs = Shape.of(2, 2, 4, 5, 6); ws = Shape.of(3, 2, 3, 3, 3); }
            case "3d k5" -> { xs = Shape.of(1, 2, 5, 5, 6); ws = Shape.of(2, 2, 5, 5, 5); }
            case "3d 1x3x3" -> { xs = Shape.of(2, 3, 3, 5, 6); ws = Shape.of(2, 3, 1, 3, 3); }
            case "3d 3x1x5" -> { xs = Shape.of(1, 2, 4, 3, 6); ws = Shape.of(2, 2, 3, 1, 5); }
            default -> throw new IllegalArgumentException(name);
        }
        long seed = name.hashCode() * 31L + (relu ? 1 : 0);
        DoubleTensor x = DoubleTensor.uniform(xs, seed, -1, 1);
        DoubleTensor w = DoubleTensor.uniform(ws, seed + 1, -0.5, 0.5);
        DoubleTensor b = DoubleTensor.uniform(Shape.of(ws.dim(0)), seed + 2, -0.2, 0.2);
        DoubleTensor y = ConvRef.forward(x, w, b, relu);
        DoubleTensor dy = DoubleTensor.uniform(y.shape(), seed + 3, -1, 1);
        DoubleTensor g = relu ? ConvRef.reluMask(y, dy) : dy;
        if (relu) {
            assertTrue(positives(y) > 0 && positives(y) < y.size(), "ReLU should be active on some outputs only");
        }

        DoubleTensor dx = ConvRef.backwardData(g, w, xs);
        DoubleTensor dw = ConvRef.backwardWeights(x, g, ws);
        DoubleTensor db = ConvRef.backwardBias(g);
        assertEquals(xs, dx.shape());
        assertEquals(ws, dw.shape());
        FiniteDifferences.check(name + " dx", t -> ConvRef.forward(t, w, b, relu), x, dy, dx, 80, 1e-6);
        FiniteDifferences.checkParameter(name + " dw", t -> ConvRef.forward(x, t, b, relu), w, dy, dw, 80, 1e-6);
        FiniteDifferences.checkParameter(name + " db", t -> ConvRef.forward(x, w, t, relu), b, dy, db, 80, 1e-6);
    }

    /** The residual is added before the activation: relu(conv + b + r), not relu(conv + b) + r. */
    @Test
    void residualIsAddedBeforeTheRelu() {
        DoubleTensor x = new DoubleTensor(Shape.of(1, 1, 1, 3), new double[] {1, -2, 3});
        DoubleTensor w = new DoubleTensor(Shape.of(1, 1, 1, 1), new double[] {2});
        DoubleTensor b = new DoubleTensor(Shape.of(1), new double[] {0.5});
        DoubleTensor r = new DoubleTensor(Shape.of(1, 1, 1, 3), new double[] {-3, 1, 1});
        assertArrayEquals(new double[] {-0.5, -2.5, 7.5}, ConvRef.forward(x, w, b, r, false).data(), 0);
        assertArrayEquals(new double[] {0, 0, 7.5}, ConvRef.forward(x, w, b, r, true).data(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvRef.forward(x, w, b, DoubleTensor.zeros(Shape.of(1, 2, 1, 3)), false));
        assertTrue(e.getMessage().contains("residual [1, 2, 1, 3]"), e.getMessage());
    }

    /** Every gradient of y = relu?(conv(x, w) + b + r), the residual's included, against finite differences. */
    @ParameterizedTest(name = "{0} relu={1}")
    @CsvSource({"2d k1, false", "2d k1, true", "2d k3, true", "3d k3, false", "3d k3, true", "3d k1, true"})
    void residualBackwardMatchesFiniteDifferences(String name, boolean relu) {
        Shape xs;
        Shape ws;
        switch (name.trim()) {
            case "2d k1" -> { xs = Shape.of(2, 3, 4, 5); ws = Shape.of(3, 3, 1, 1); }
            case "2d k3" -> { xs = Shape.of(2, 3, 5, 6); ws = Shape.of(1, 3, 3, 3); }
            case "3d k1" -> { xs = Shape.of(3, 2, 3, 4, 5); ws = Shape.of(2, 2, 1, 1, 1); }
            case "3d k3" -> { xs = Shape.of(1, 2, 3, 5, 7); ws = Shape.of(3, 2, 3, 3, 3); }
            default -> throw new IllegalArgumentException(name);
        }
        long seed = name.hashCode() * 17L + (relu ? 1 : 0);
        Shape ys = xs.with(1, ws.dim(0));
        DoubleTensor x = DoubleTensor.uniform(xs, seed, -1, 1);
        DoubleTensor w = DoubleTensor.uniform(ws, seed + 1, -0.5, 0.5);
        DoubleTensor b = DoubleTensor.uniform(Shape.of(ws.dim(0)), seed + 2, -0.2, 0.2);
        DoubleTensor r = DoubleTensor.uniform(ys, seed + 3, -1, 1);
        DoubleTensor y = ConvRef.forward(x, w, b, r, relu);
        DoubleTensor dy = DoubleTensor.uniform(ys, seed + 4, -1, 1);
        if (relu) {
            assertTrue(positives(y) > 0 && positives(y) < y.size(), "ReLU should be active on some outputs only");
        }
        DoubleTensor g = relu ? ConvRef.reluMask(y, dy) : dy;
        DoubleTensor dr = ConvRef.backwardResidual(y, dy, relu);
        assertEquals(ys, dr.shape());
        FiniteDifferences.checkParameter(name + " dr", t -> ConvRef.forward(x, w, b, t, relu), r, dy, dr, 200, 1e-6);
        FiniteDifferences.check(name + " dx", t -> ConvRef.forward(t, w, b, r, relu), x, dy,
                ConvRef.backwardData(g, w, xs), 80, 1e-6);
        FiniteDifferences.checkParameter(name + " dw", t -> ConvRef.forward(x, t, b, r, relu), w, dy,
                ConvRef.backwardWeights(x, g, ws), 80, 1e-6);
        FiniteDifferences.checkParameter(name + " db", t -> ConvRef.forward(x, w, t, r, relu), b, dy,
                ConvRef.backwardBias(g), 80, 1e-6);
    }

    /**
     * The decoder composition relu?(conv(concat([upsample(low), skip]), w) + b): dLow, dSkip, dw and db of
     * {@link ConvRef#backwardUpConcat} against finite differences of {@link ConvRef#forwardUpConcat}.
     */
    @ParameterizedTest(name = "{0} relu={1}")
    @CsvSource({"2d (2 2), false", "2d (2 2), true", "3d (2 2 2), true", "3d (1 2 2), false", "3d (1 2 2), true"})
    void upConcatBackwardMatchesFiniteDifferences(String name, boolean relu) {
        Shape ls;
        Shape ss;
        Shape ws;
        int[] f;
        switch (name.trim()) {
            case "2d (2 2)" -> { ls = Shape.of(2, 2, 2, 3); ss = Shape.of(2, 3, 4, 6); ws = Shape.of(3, 5, 3, 3); f = new int[] {2, 2}; }
            case "3d (2 2 2)" -> { ls = Shape.of(1, 2, 2, 2, 3); ss = Shape.of(1, 1, 4, 4, 6); ws = Shape.of(2, 3, 3, 3, 3); f = new int[] {2, 2, 2}; }
            case "3d (1 2 2)" -> { ls = Shape.of(2, 1, 3, 2, 3); ss = Shape.of(2, 2, 3, 4, 6); ws = Shape.of(2, 3, 1, 3, 3); f = new int[] {1, 2, 2}; }
            default -> throw new IllegalArgumentException(name);
        }
        long seed = name.hashCode() * 19L + (relu ? 1 : 0);
        DoubleTensor low = DoubleTensor.uniform(ls, seed, -1, 1);
        DoubleTensor skip = DoubleTensor.uniform(ss, seed + 1, -1, 1);
        DoubleTensor w = DoubleTensor.uniform(ws, seed + 2, -0.5, 0.5);
        DoubleTensor b = DoubleTensor.uniform(Shape.of(ws.dim(0)), seed + 3, -0.2, 0.2);
        DoubleTensor y = ConvRef.forwardUpConcat(low, f, skip, w, b, relu);
        DoubleTensor dy = DoubleTensor.uniform(y.shape(), seed + 4, -1, 1);
        if (relu) {
            assertTrue(positives(y) > 0 && positives(y) < y.size(), "ReLU should be active on some outputs only");
        }
        DoubleTensor g = relu ? ConvRef.reluMask(y, dy) : dy;
        DoubleTensor[] d = ConvRef.backwardUpConcat(g, w, ls, f, ss);
        assertEquals(ls, d[0].shape());
        assertEquals(ss, d[1].shape());
        DoubleTensor cat = ConvRef.upConcat(low, f, skip);
        FiniteDifferences.check(name + " dLow", t -> ConvRef.forwardUpConcat(t, f, skip, w, b, relu), low, dy, d[0], 200, 1e-6);
        FiniteDifferences.check(name + " dSkip", t -> ConvRef.forwardUpConcat(low, f, t, w, b, relu), skip, dy, d[1], 200,
                1e-6);
        FiniteDifferences.checkParameter(name + " dw", t -> ConvRef.forwardUpConcat(low, f, skip, t, b, relu), w, dy,
                ConvRef.backwardWeights(cat, g, ws), 80, 1e-6);
        FiniteDifferences.checkParameter(name + " db", t -> ConvRef.forwardUpConcat(low, f, skip, w, t, relu), b, dy,
                ConvRef.backwardBias(g), 80, 1e-6);
    }

    private static int positives(DoubleTensor t) {
        int n = 0;
        for (double v : t.data()) {
            n += v > 0 ? 1 : 0;
        }
        return n;
    }
}
