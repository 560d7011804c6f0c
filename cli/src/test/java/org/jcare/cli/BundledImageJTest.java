package org.jcare.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nested ImageJ jar is copied to the cache once, atomically, and reused; elsewhere when the cache is not writable. */
class BundledImageJTest {
    static Path jarWith(Path file, byte[] nested) throws IOException {
        try (OutputStream o = Files.newOutputStream(file); JarOutputStream j = new JarOutputStream(o)) {
            if (nested != null) {
                j.putNextEntry(new ZipEntry(BundledImageJ.RESOURCE));
                j.write(nested);
                j.closeEntry();
            }
            j.putNextEntry(new ZipEntry("org/jcare/cli/Other.class"));
            j.write(new byte[] {1, 2, 3});
            j.closeEntry();
        }
        return file;
    }

    @Test
    void extractsOnceIntoTheCacheAndReusesTheCopy(@TempDir Path dir) throws Exception {
        byte[] nested = new byte[10_000];
        for (int i = 0; i < nested.length; i++) {
            nested[i] = (byte) (i * 31);
        }
        Path jar = jarWith(dir.resolve("jcare.jar"), nested);
        Path cache = dir.resolve("cache/jcare/lib");
        Path first = BundledImageJ.extract(jar, cache);
        assertEquals(cache, first.getParent());
        assertTrue(first.getFileName().toString().matches("ij-[0-9a-f]{8}-10000\\.jar"), first.toString());
        assertArrayEquals(nested, Files.readAllBytes(first));
        Files.setLastModifiedTime(first, FileTime.fromMillis(0));
        assertEquals(first, BundledImageJ.extract(jar, cache));
        assertEquals(0, Files.getLastModifiedTime(first).toMillis(), "reused, not written again");
        try (var s = Files.list(cache)) {
            assertEquals(1, s.count(), "no temporary files left behind");
        }
    }

    @Test
    void anUnwritableCacheGivesATemporaryCopyAndAJarWithoutImageJAnError(@TempDir Path dir) throws Exception {
        Path jar = jarWith(dir.resolve("jcare.jar"), new byte[] {4, 5, 6});
        Path blocked = Files.writeString(dir.resolve("file"), "not a folder").resolve("lib");
        Path copy = BundledImageJ.extract(jar, blocked);
        assertArrayEquals(new byte[] {4, 5, 6}, Files.readAllBytes(copy));
        assertArrayEquals(new byte[] {4, 5, 6}, Files.readAllBytes(BundledImageJ.extract(jar, null)));
        IOException e = assertThrows(IOException.class, () -> BundledImageJ.extract(jarWith(dir.resolve("bare.jar"),
                null), dir.resolve("c")));
        assertTrue(e.getMessage().contains(BundledImageJ.RESOURCE), e.getMessage());
    }
}
