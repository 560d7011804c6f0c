package org.jcare.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FileFormatExceptionTest {
    @Test
    void messageStartsWithTheFileAndCarriesTheCause() {
        IOException cause = new IOException("short read");
        FileFormatException e = new FileFormatException(Path.of("a/b.npz"), "is truncated", cause);
        assertTrue(e.getMessage().startsWith("a/b.npz: is truncated"));
        assertTrue(e.getMessage().contains("short read"));
        assertSame(cause, e.getCause());
        assertEquals("is truncated", e.problem());
        assertEquals(Path.of("a/b.npz"), e.file());
    }
}
