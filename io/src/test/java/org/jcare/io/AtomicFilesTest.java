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

    /** The id of a process that has ended (a child started and waited for). */
    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void temporariesOfKilledProcessesAreRemovedByTheNextWrite() throws Exception {
        // issue 10, item 12: kill -9 during a write leaves a hidden temporary that no later run removed
        long dead = deadPid();
        Path staleFolder = Files.createDirectories(dir.resolve(".img0.tif.jcare-" + dead + "-123/img0.tif"));
        Files.writeString(staleFolder.resolve("half"), "x");
        Path staleAside = Files.createDirectories(dir.resolve(".img0.tif.old.jcare-" + dead + "-9"));
        Path live = Files.createDirectories(dir.resolve(".img0.tif.jcare-" + ProcessHandle.current().pid() + "-5"));
        Path legacy = Files.createDirectories(dir.resolve(".img0.tif.4711"));
        Path otherTarget = Files.createDirectories(dir.resolve(".img1.tif.jcare-" + dead + "-7"));
        AtomicFiles.write(dir.resolve("img0.tif"), false, tmp -> {
            assertTrue(tmp.getParent().getFileName().toString().startsWith(".img0.tif.jcare-"
                    + ProcessHandle.current().pid() + "-"), "the temporary names its process");
            Files.writeString(tmp, "new");
        });
        assertFalse(Files.exists(staleFolder.getParent()), "a dead process's temporary is removed");
        assertFalse(Files.exists(staleAside), "and its folder set aside");
        assertTrue(Files.exists(live), "a live process's temporary stays");
        assertTrue(Files.exists(legacy), "a temporary without a process id stays (its owner is unknown)");
        assertTrue(Files.exists(otherTarget), "another target's temporaries are that target's business");
        assertTrue(AtomicFiles.isTemporaryName(legacy.getFileName().toString()));
        assertTrue(AtomicFiles.isTemporaryName(live.getFileName().toString()));
        assertFalse(AtomicFiles.isTemporaryName("img0.tif"));
        assertEquals(1, AtomicFiles.removeStaleTemporaries(dir, "img1.tif"));
    }
}
