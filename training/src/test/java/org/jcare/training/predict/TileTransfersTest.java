package org.jcare.training.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.UnaryOperator;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The overlapped tile pipeline on its own, with y = [2x, 0] as the network: tiles of growing and
 * shrinking sizes through the two slots, every output taken back in order; only the last two tiles can be finished.
 */
class TileTransfersTest {
    @Test
    void tilesOfChangingSizesComeBackThroughTwoSlots() {
        try (Engine engine = Engine.open((String) null); var noGrad = engine.noGrad();
             TileTransfers t = new TileTransfers(engine)) {
            // the "network": [2x, 0], twice the values of its input (a tile's output may have more channels)
            UnaryOperator<Tensor> net = x -> {
                Tensor y = engine.zeros(Shape.of(2 * x.numel()));
                Tensor first = new Tensor(engine, x.shape(), y.buffer(), Tensor.Ownership.VIEW, null);
                engine.accumulate(first, x);
                engine.accumulate(first, x);
                return y;
            };
            int[] sizes = {5, 700, 3, 700, 1000, 2};
            float[][] inputs = new float[sizes.length][];
            for (int k = 0; k < sizes.length; k++) {
                inputs[k] = new float[sizes[k]];
                for (int i = 0; i < sizes[k]; i++) {
                    inputs[k][i] = k * 1000 + i;
                }
                assertEquals(k, t.start(Shape.of(sizes[k]), inputs[k], net));
                if (k > 0) {
                    check(t, k - 1, inputs[k - 1]);
                }
            }
            check(t, sizes.length - 1, inputs[sizes.length - 1]);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> t.finish(1, new float[2 * sizes[1]]));
            assertEquals("tile 1 is not one of the last two started (6)", e.getMessage());
        }
    }

    private static void check(TileTransfers t, int ticket, float[] input) {
        float[] out = t.finish(ticket, new float[t.outputLength(ticket)]);
        float[] expected = new float[2 * input.length];
        for (int i = 0; i < input.length; i++) {
            expected[i] = 2 * input[i];
        }
        assertArrayEquals(expected, out, "tile " + ticket);
    }
}
