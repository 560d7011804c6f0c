package org.jcare.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OutputNamesTest {
    private static final Path OUT = Path.of("/data/out");

    @Test
    void splitsTiffExtensionsAndWritesOmeAsPlainTif() {
        assertArrayEquals(new String[] {"cells", ".tif"}, OutputNames.split(Path.of("a/cells.tif")));
        assertArrayEquals(new String[] {"cells", ".TIFF"}, OutputNames.split(Path.of("cells.TIFF")));
        assertArrayEquals(new String[] {"cells", ".tif"}, OutputNames.split(Path.of("cells.ome.tif")));
        assertArrayEquals(new String[] {"cells.v2", ".tif"}, OutputNames.split(Path.of("cells.v2.tif")));
    }

    @Test
    void defaultKeepsTheInputNameAndSuffixesGoBeforeTheExtension() {
        Path in = Path.of("raw/cells.tif");
        assertEquals(OUT.resolve("cells.tif"), OutputNames.resolve(OutputNames.DEFAULT, OUT, in, "m", ""));
        assertEquals(OUT.resolve("cells_scale.tif"), OutputNames.resolve(OutputNames.DEFAULT, OUT, in, "m", "_scale"));
        assertEquals(OUT.resolve("den/cells_restored.tif"),
                OutputNames.resolve("{model_name}/{file_name}_restored.tif", OUT, in, "den", ""));
        assertEquals(OUT.resolve("den/cells_restored_var.tif"),
                OutputNames.resolve("{model_name}/{file_name}_restored.tif", OUT, in, "den", "_var"));
    }

    @Test
    void unknownPlaceholdersAndEscapesAreRefused() {
        Path in = Path.of("cells.tif");
        assertThrows(BadInputException.class, () -> OutputNames.resolve("{name}.tif", OUT, in, "m", ""));
        assertThrows(BadInputException.class, () -> OutputNames.resolve("../{file_name}.tif", OUT, in, "m", ""));
        assertThrows(BadInputException.class, () -> OutputNames.resolve("/tmp/{file_name}.tif", OUT, in, "m", ""));
    }
}
