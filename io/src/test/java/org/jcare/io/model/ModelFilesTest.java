package org.jcare.io.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ModelFilesTest {
    @Test
    void needsConfigAndWeightsAndNamesItsFiles() {
        var config = new ObjectMapper().createObjectNode();
        ModelFiles m = ModelFiles.of(config, new TreeMap<>());
        assertTrue(m.normalization().isEmpty());
        assertEquals("weights_best.safetensors", ModelFiles.Kind.BEST.fileName());
        assertThrows(IllegalArgumentException.class,
                () -> new ModelFiles(config, Map.of(), Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> ModelFiles.of(null, new TreeMap<>()));
    }
}
