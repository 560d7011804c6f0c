package org.jcare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {
    @Test
    void filesFoldersAndGlobs(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.tif"), "");
        Path b = Files.writeString(dir.resolve("b.tiff"), "");
        Files.writeString(dir.resolve("notes.txt"), "");
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Path c = Files.writeString(sub.resolve("c.tif"), "");
        assertEquals(List.of(a), InputFiles.expand(List.of(a.toString()), "*.tif*", "--input"));
        assertEquals(List.of(a, b), InputFiles.expand(List.of(dir.toString()), "*.tif*", "--input"));
        assertEquals(List.of(a), InputFiles.expand(List.of(dir + "/*.tif"), "*.tif*", "--input"));
        assertEquals(List.of(a, b, c), InputFiles.expand(List.of(dir + "/**.tif*"), "*.tif*", "--input"));
        assertEquals(List.of(c), InputFiles.expand(List.of(dir + "/s*/*.tif"), "*.tif*", "--input"));
        // the same file named twice comes once
        assertEquals(List.of(a, b), InputFiles.expand(List.of(a.toString(), dir.toString()), "*.tif*", "--input"));
    }

    @Test
    void nothingFoundIsBadInputNamingTheArgument(@TempDir Path dir) {
        BadInputException e = assertThrows(BadInputException.class,
                () -> InputFiles.expand(List.of(dir.resolve("x.tif").toString()), "*.tif*", "--input"));
        assertTrue(e.getMessage().contains("--input " + dir.resolve("x.tif") + ": no such file or folder"));
        e = assertThrows(BadInputException.class, () -> InputFiles.expand(List.of(dir.toString()), "*.tif*", "--input"));
        assertTrue(e.getMessage().contains("no file matching '*.tif*'"));
        e = assertThrows(BadInputException.class,
                () -> InputFiles.expand(List.of(dir + "/*.png"), "*.tif*", "--input"));
        assertTrue(e.getMessage().contains("no file matches"));
    }
}
