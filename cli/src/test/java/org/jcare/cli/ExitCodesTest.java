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

    @Test
    void fileSystemErrorsSayWhyAndOutOfMemoryIsOneLineWithExitOne() {
        // issue 10, items 5 and 9
        assertEquals("/x/y: permission denied", ExitCodes.message(new java.nio.file.AccessDeniedException("/x/y")));
        assertEquals(2, ExitCodes.of(new java.nio.file.AccessDeniedException("/x/y")));
        assertEquals("/x: is not a folder", ExitCodes.message(new java.nio.file.NotDirectoryException("/x")));
        assertEquals(2, ExitCodes.of(new java.nio.file.FileSystemException("/mnt/x", null, "Read-only file system")));
        assertEquals("/mnt/x: Read-only file system",
                ExitCodes.message(new java.nio.file.FileSystemException("/mnt/x", null, "Read-only file system")));
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        assertEquals(1, ExitCodes.of(new RuntimeException("wrapped", oom)));
        String m = ExitCodes.message(new RuntimeException("wrapped", oom));
        assertEquals(1, m.lines().count());
        assertEquals(true, m.startsWith("out of memory: the Java heap (") && m.contains("set -Xmx"), m);
        assertEquals(1, ExitCodes.of(new org.jcare.io.image.NotEnoughMemoryException("x")));
    }

    @Test
    void longMessagesAreCutAndOverwriteIsNamedAsTheOption() {
        // issue 10, item 11: a mutated TIFF made a 3.2 kB one-line message; io said "set overwrite"
        String huge = "a.tif: values " + "1234567890, ".repeat(300);
        String m = ExitCodes.message(new IllegalArgumentException(huge));
        assertEquals(ExitCodes.MAX_MESSAGE, m.length());
        assertEquals(true, m.endsWith(" ..."));
        assertEquals("b.tif: already exists; refusing to overwrite it (add --overwrite to replace it)",
                ExitCodes.message(new org.jcare.io.FileFormatException(Path.of("b.tif"),
                        "already exists; refusing to overwrite it (set overwrite to replace it)")));
    }
}
