package org.jcare.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputsTest {
    @Test
    void refusesInputsDuplicatesAndExistingFiles(@TempDir Path dir) throws Exception {
        Path in = Files.writeString(dir.resolve("in.tif"), "");
        Path old = Files.writeString(dir.resolve("old.tif"), "");
        try (Outputs o = new Outputs(false, List.of(in))) {
            assertThrows(BadInputException.class, () -> o.claim(dir.resolve("x/../in.tif")));
            assertThrows(BadInputException.class, () -> o.claim(old));
            o.claim(dir.resolve("new.tif"));
            assertThrows(BadInputException.class, () -> o.claim(dir.resolve("new.tif")));
            assertThrows(BadInputException.class, () -> o.claimFile(dir));
        }
        try (Outputs o = new Outputs(true, List.of(in))) {
            o.claim(old);
            assertThrows(BadInputException.class, () -> o.claim(in), "overwrite never covers an input");
        }
    }

    @Test
    void anUncommittedRunRemovesWhatItWroteAndTheFoldersItMade(@TempDir Path dir) throws Exception {
        Path kept = Files.writeString(dir.resolve("kept.txt"), "");
        try (Outputs o = new Outputs(false, List.of())) {
            o.folder(dir.resolve("a/b"));
            Path f = Files.writeString(dir.resolve("a/b/out.tif"), "");
            o.written(f);
            Path g = Files.writeString(dir.resolve("top.tif"), "");
            o.written(g);
        }
        assertFalse(Files.exists(dir.resolve("a")));
        assertFalse(Files.exists(dir.resolve("top.tif")));
        assertTrue(Files.exists(kept));
        try (Outputs o = new Outputs(false, List.of())) {
            o.folder(dir.resolve("c"));
            o.written(Files.writeString(dir.resolve("c/out.tif"), ""));
            o.commit();
        }
        assertTrue(Files.exists(dir.resolve("c/out.tif")));
    }
}
