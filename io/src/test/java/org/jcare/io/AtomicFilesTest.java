package org.jcare.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private long entries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void writesThroughATemporaryAndRenames() throws Exception {
        Path f = dir.resolve("a.txt");
        AtomicFiles.write(f, false, tmp -> {
            assertFalse(Files.exists(f), "the target appears only when complete");
            assertEquals(dir, tmp.getParent().getParent(), "the temporary is in the target's folder");
            Files.writeString(tmp, "done");
        });
        assertEquals("done", Files.readString(f));
        assertEquals(1, entries());
    }

    @Test
    void aFailedWriteLeavesTheOldTargetAndNoTemporary() throws Exception {
        Path f = Files.writeString(dir.resolve("keep.txt"), "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, true, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        assertEquals(1, entries());
        assertThrows(FileFormatException.class, () -> AtomicFiles.write(dir.resolve("none"), false, tmp -> { }));
    }

    @Test
    void refusesExistingTargetsUnlessOverwriteAndReplacesFolders() throws Exception {
        Path f = Files.writeString(dir.resolve("x.txt"), "1");
        FileFormatException e = assertThrows(FileFormatException.class,
                () -> AtomicFiles.write(f, false, tmp -> Files.writeString(tmp, "2")));
        assertEquals(f, e.file());
        assertTrue(e.problem().contains("overwrite"));
        Path d = dir.resolve("folder");
        AtomicFiles.write(d, false, tmp -> Files.writeString(Files.createDirectory(tmp).resolve("one"), "1"));
        AtomicFiles.write(d, true, tmp -> Files.writeString(Files.createDirectory(tmp).resolve("two"), "2"));
        assertTrue(Files.exists(d.resolve("two")));
        assertFalse(Files.exists(d.resolve("one")));
        assertEquals(2, entries());
        assertThrows(FileFormatException.class,
                () -> AtomicFiles.checkWritable(dir.resolve("no/such/x"), true));
    }
}
