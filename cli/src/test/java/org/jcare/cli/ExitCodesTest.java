package org.jcare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jcare.io.image.ImageFileException;
import org.junit.jupiter.api.Test;

class ExitCodesTest {
    @Test
    void badInputIsTwoEverythingElseOne() {
        assertEquals(2, ExitCodes.of(new BadInputException("x")));
        assertEquals(2, ExitCodes.of(new IllegalArgumentException("x")));
        assertEquals(2, ExitCodes.of(new UncheckedIOException(new NoSuchFileException("f"))));
        assertEquals(2, ExitCodes.of(new ImageFileException(Path.of("a.tif"), "is not a TIFF")));
        assertEquals(1, ExitCodes.of(new IllegalStateException("device lost")));
        assertEquals(1, ExitCodes.of(new IOException("disk full")));
    }

    @Test
    void messagesAreOneLine() {
        assertEquals("config: 2 invalid values: a = 1: odd; b = 2: positive",
                ExitCodes.message(new IllegalArgumentException("config: 2 invalid values\n  a = 1: odd\n  b = 2: positive")));
        assertEquals("devices: [0] cpu; [1] gpu", ExitCodes.oneLine("devices:\n  [0] cpu\n  [1] gpu\n"));
        assertEquals("a.tif: is not a TIFF",
                ExitCodes.message(new UncheckedIOException(new ImageFileException(Path.of("a.tif"), "is not a TIFF"))));
    }
}
