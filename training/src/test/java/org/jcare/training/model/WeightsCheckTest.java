package org.jcare.training.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import org.jcare.engine.Engine;
import org.jcare.engine.autograd.Parameter;
import org.jcare.io.FileFormatException;
import org.jcare.io.model.TensorData;
import org.jcare.training.CareModel;
import org.jcare.training.config.CareConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsCheckTest {
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
    void theHostShapesAreExactlyTheNetworksParameters() {
        for (UNetSpec spec : new UNetSpec[] {
            new UNetSpec(2, 1, 1, 2, new int[] {3, 3}, 4, true, false, false, new int[] {2, 2}),
            new UNetSpec(3, 2, 2, 1, new int[] {1, 3, 3}, 3, false, true, true, new int[] {2, 2, 2}),
            new UNetSpec(2, 3, 1, 0, new int[] {5, 5}, 2, false, false, false, new int[] {2, 2}),
            new UNetSpec(2, 1, 1, 3, new int[] {3, 3}, 2, true, true, false, new int[] {2, 2})}) {
            SortedMap<String, long[]> host = WeightsCheck.shapes(spec);
            try (UNet net = new UNet(engine, spec)) {
                assertEquals(net.parameters().list().size(), host.size(), spec.toString());
                for (Parameter p : net.parameters().list()) {
                    assertArrayEquals(p.shape().dims(), host.get(p.name()), spec + " " + p.name());
                }
            }
        }
    }

    @Test
    void anEditedConfigFailsOnTheShapesBeforeAnythingIsAllocated(@TempDir Path dir) throws Exception {
        // issue 10, item 10: depth 9 and n_first 100000 allocated gigabytes before the mismatch was found
        Path m = dir.resolve("m");
        CareConfig c = CareConfig.builder("YX").unetNDepth(1).unetNFirst(4).unetKernSize(3).build();
        try (CareModel model = CareModel.create(engine, c, 1)) {
            model.save(m, false);
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode cfg = (ObjectNode) json.readTree(m.resolve("config.json").toFile());
        cfg.put("unet_n_depth", 9).put("unet_n_first", 100000);
        Files.writeString(m.resolve("config.json"), json.writeValueAsString(cfg));
        long allocations = engine.cl().allocations();
        long t0 = System.nanoTime();
        FileFormatException e = assertThrows(FileFormatException.class, () -> CareModel.load(engine, m));
        assertTrue((System.nanoTime() - t0) / 1e9 < 5, "fails at once");
        assertEquals(allocations, engine.cl().allocations(), "no device memory was allocated");
        assertTrue(e.getMessage().contains("weights.safetensors: does not fit the network its config.json describes")
                && e.getMessage().contains("tensor down_level_0_no_0.weight has shape [4, 1, 3, 3], the config needs"
                + " [100000, 1, 3, 3]") && e.getMessage().contains("restore the config"), e.getMessage());
        assertTrue(e.getMessage().length() < 800, "a capped list: " + e.getMessage().length());
    }

    @Test
    void nonFiniteWeightsAreRefusedAtLoad(@TempDir Path dir) throws Exception {
        // issue 10, item 7: a model with non-finite weights restores every image to NaN
        Path m = dir.resolve("m");
        CareConfig c = CareConfig.builder("YX").unetNDepth(1).unetNFirst(2).unetKernSize(3).build();
        try (CareModel model = CareModel.create(engine, c, 1)) {
            float[] v = model.network().parameters().readValues();
            v[5] = Float.NaN;
            model.network().parameters().writeValues(v);
            model.save(m, false);
        }
        FileFormatException e = assertThrows(FileFormatException.class, () -> CareModel.load(engine, m));
        assertTrue(e.getMessage().contains("holds 1 non-finite weight (first: down_level_0_no_0.weight[5] = NaN)"),
                e.getMessage());
        assertNull(WeightsCheck.nonFinite(java.util.Map.of("a", new TensorData(new long[] {1}, new float[] {1}))));
    }
}
