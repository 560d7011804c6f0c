package org.jcare.io.model.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SortedMap;
import org.jcare.io.FileFormatException;
import org.jcare.io.model.TensorData;
import org.jcare.io.model.UNetLayout;
import org.junit.jupiter.api.Test;

class KerasConvMappingTest {
    private static final Path FIXTURES = KerasWeightsFileTest.FIXTURES;

    @Test
    void transposesKerasKernelsElementByElement() {
        // a 3x5 kernel from 2 to 3 channels: Keras [kh, kw, in, out] -> jcare [out, in, kh, kw]
        UNetLayout.Conv c = new UNetLayout.Conv("x", 3, 2, new int[] {3, 5}, true);
        float[] keras = new float[3 * 5 * 2 * 3];
        for (int i = 0; i < keras.length; i++) {
            keras[i] = i;
        }
        float[] j = KerasConvMapping.toOutInK(keras, c);
        for (int kh = 0; kh < 3; kh++) {
            for (int kw = 0; kw < 5; kw++) {
                for (int in = 0; in < 2; in++) {
                    for (int out = 0; out < 3; out++) {
                        float k = keras[((kh * 5 + kw) * 2 + in) * 3 + out];
                        assertEquals(k, j[((out * 2 + in) * 3 + kh) * 5 + kw]);
                    }
                }
            }
        }
        assertArrayEquals(keras, KerasConvMapping.toKerasLayout(j, c));
    }

    @Test
    void automaticNamesSortByTheirSuffix() {
        assertEquals(0, KerasConvMapping.autoIndex("conv2d"));
        assertEquals(12, KerasConvMapping.autoIndex("conv3d_12"));
        assertEquals(Integer.MAX_VALUE, KerasConvMapping.autoIndex("head"));
    }

    @Test
    void probabilisticHeadsMapByAutomaticNameWhateverTheFileOrder() throws Exception {
        KerasWeightsFile.Content c = KerasWeightsFile.read(FIXTURES.resolve("keras3_2d_prob/weights_best.h5"));
        UNetLayout layout = new UNetLayout(2, 2, 2, 1, new int[] {5, 5}, 4, true, true, false, new int[] {2, 2});
        SortedMap<String, TensorData> t = KerasConvMapping.map(c.file(), KerasConvMapping.convolutions(c),
                layout.convs(), layout.toString());
        assertEquals(2 * layout.convs().size(), t.size());
        KerasWeightsFile.Weight scaleBias = c.weights().stream()
                .filter(w -> w.weightName().equals("conv2d_1/bias")).findFirst().orElseThrow();
        assertArrayEquals(scaleBias.values(), t.get("head_scale.bias").values());
        assertArrayEquals(new long[] {2, 4, 1, 1}, t.get("head.weight").shape());
    }

    @Test
    void aShapeThatDoesNotFitNamesTheDatasetAndWhatTheConfigNeeds() throws Exception {
        KerasWeightsFile.Content c = KerasWeightsFile.read(FIXTURES.resolve("keras2_2d/weights_best.h5"));
        UNetLayout wrong = new UNetLayout(2, 1, 1, 2, new int[] {3, 3}, 8, true, false, false, new int[] {2, 2});
        FileFormatException e = assertThrows(FileFormatException.class, () -> KerasConvMapping.map(c.file(),
                KerasConvMapping.convolutions(c), wrong.convs(), wrong.toString()));
        assertTrue(e.getMessage().contains("dataset /down_level_0_no_0/down_level_0_no_0/kernel:0 has shape [3, 3, 1, 4]")
                && e.getMessage().contains("needs [3, 3, 1, 8]"), e.getMessage());
    }

    @Test
    void missingAndLeftOverLayersAreNamed() throws Exception {
        KerasWeightsFile.Content c = KerasWeightsFile.read(FIXTURES.resolve("keras2_2d/weights_best.h5"));
        UNetLayout deeper = new UNetLayout(2, 1, 1, 3, new int[] {3, 3}, 4, true, true, false, new int[] {2, 2});
        FileFormatException e = assertThrows(FileFormatException.class, () -> KerasConvMapping.map(c.file(),
                KerasConvMapping.convolutions(c), deeper.convs(), deeper.toString()));
        assertTrue(e.getMessage().contains("missing down_level_2_no_0"), e.getMessage());
        UNetLayout shallower = new UNetLayout(2, 1, 1, 1, new int[] {3, 3}, 4, true, false, false, new int[] {2, 2});
        FileFormatException e2 = assertThrows(FileFormatException.class, () -> KerasConvMapping.map(c.file(),
                KerasConvMapping.convolutions(c), shallower.convs(), shallower.toString()));
        assertTrue(e2.getMessage().contains("left over") && e2.getMessage().contains("down_level_1_no_0"), e2.getMessage());
    }
}
