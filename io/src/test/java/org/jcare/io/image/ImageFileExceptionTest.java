package org.jcare.io.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jcare.io.FileFormatException;
import org.junit.jupiter.api.Test;

class ImageFileExceptionTest {
    @Test
    void isAFileFormatExceptionNamingTheImage() {
        ImageFileException e = new ImageFileException(Path.of("x.tif"), "is not a TIFF file");
        assertTrue(e instanceof FileFormatException);
        assertEquals("x.tif: is not a TIFF file", e.getMessage());
    }
}
