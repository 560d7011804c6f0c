package org.jcare.io.model.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jcare.io.FileFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Keras HDF5 layouts written by {@code src/test/resources/csbdeep/make_fixtures.py} (h5py, Keras's layout). */
class KerasWeightsFileTest {
    static final Path FIXTURES = Path.of("src", "test", "resources", "csbdeep");

    @Test
    void readsKeras2LayerNamesInOrderWithWeightlessLayersAndTfSuffixes() throws Exception {
        KerasWeightsFile.Content c = KerasWeightsFile.read(FIXTURES.resolve("keras2_2d/weights_best.h5"));
        assertEquals("2.10.0", c.kerasVersion());
        assertEquals(List.of("input", "down_level_0_no_0", "down_level_0_no_1", "max_0"), c.layerNames().subList(0, 4));
        // 10 convolutions of depth 2 plus the head, kernel and bias each; weight-less layers contribute nothing
        assertEquals(22, c.weights().size());
        KerasWeightsFile.Weight k = c.weights().get(0);
        assertEquals("down_level_0_no_0/kernel:0", k.weightName());
        assertEquals("down_level_0_no_0", k.kerasLayer());
        assertEquals("kernel", k.variable());
        assertArrayEquals(new long[] {3, 3, 1, 4}, k.shape());
        assertTrue(k.datasetPath().endsWith("down_level_0_no_0/down_level_0_no_0/kernel:0"), k.datasetPath());
        assertEquals("bias", c.weights().get(1).variable());
        assertEquals("conv2d", c.weights().get(20).kerasLayer());
    }

    @Test
    void readsKeras3LegacyH5WithSplitLayerNames() throws Exception {
        KerasWeightsFile.Content c = KerasWeightsFile.read(FIXTURES.resolve("keras3_2d_prob/weights_best.h5"));
        assertEquals("3.6.0", c.kerasVersion());
        // layer_names0 + layer_names1 joined, in order
        assertEquals(16, c.layerNames().size());
        assertEquals("up_level_0_no_0", c.layerNames().get(8));
        assertEquals("down_level_0_no_0/kernel", c.weights().get(0).weightName());
        assertEquals("kernel", c.weights().get(0).variable());
        assertEquals(List.of("conv2d", "conv2d_1"), c.weights().stream().map(KerasWeightsFile.Weight::kerasLayer)
                .filter(n -> n.startsWith("conv")).distinct().toList());
    }

    @Test
    void readsNestedModelWeightsWithPrefixes() throws Exception {
        KerasWeightsFile.Content c = KerasWeightsFile.read(FIXTURES.resolve("keras2_nested_2d/weights_best.h5"));
        assertEquals(List.of("input_1", "model"), c.layerNames());
        KerasWeightsFile.Weight first = c.weights().get(0);
        assertEquals("model", first.layer());
        assertEquals("model/down_level_0_no_0/kernel:0", first.weightName());
        assertEquals("down_level_0_no_0", first.kerasLayer());
    }

    @Test
    void valuesAreTheFloatsOfTheDataset() throws Exception {
        KerasWeightsFile.Content c = KerasWeightsFile.read(FIXTURES.resolve("keras2_3d/weights_best.h5"));
        KerasWeightsFile.Weight k = c.weights().get(0);
        assertArrayEquals(new long[] {3, 3, 3, 1, 3}, k.shape());
        assertEquals(81, k.values().length);
        double limit = Math.sqrt(6.0 / (27 + 81)); // the script's Glorot limit for this layer
        for (float v : k.values()) {
            assertTrue(Math.abs(v) <= limit + 1e-7 && v != 0, "glorot value " + v);
        }
    }

    @Test
    void notHdf5OrNotKerasIsAClearError(@TempDir Path tmp) throws Exception {
        Path junk = tmp.resolve("weights_best.h5");
        Files.writeString(junk, "not hdf5");
        FileFormatException e = assertThrows(FileFormatException.class, () -> KerasWeightsFile.read(junk));
        assertTrue(e.getMessage().startsWith(junk.toString()) && e.getMessage().contains("HDF5"), e.getMessage());
        FileFormatException missing = assertThrows(FileFormatException.class,
                () -> KerasWeightsFile.read(tmp.resolve("none.h5")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
}
