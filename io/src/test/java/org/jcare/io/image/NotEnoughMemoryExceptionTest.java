package org.jcare.io.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NotEnoughMemoryExceptionTest {
    @Test
    void saysWhatIsNeededWhatTheHeapHasAndWhatToDo() {
        NotEnoughMemoryException.require("a little", 1024);
        long max = Runtime.getRuntime().maxMemory();
        NotEnoughMemoryException e = assertThrows(NotEnoughMemoryException.class,
                () -> NotEnoughMemoryException.require("stack.tif", max + (1L << 30)));
        assertTrue(e.getMessage().startsWith("stack.tif needs "), e.getMessage());
        assertTrue(e.getMessage().contains("of memory; the Java heap has") && e.getMessage().contains("set -Xmx"),
                e.getMessage());
        assertEquals("2.0 GiB", NotEnoughMemoryException.gib(2L << 30));
        assertEquals("5 MiB", NotEnoughMemoryException.gib(5L << 20));
    }
}
