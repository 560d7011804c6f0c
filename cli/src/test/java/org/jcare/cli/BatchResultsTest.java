package org.jcare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchResultsTest {
    @Test
    void aFailureRemovesOnlyTheOutputsItsInputCreatedAndTheEndListsIt(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        BatchResults r = new BatchResults("jcare predict", 3, new PrintWriter(err, true));
        r.success();
        Path created = Files.writeString(dir.resolve("b.tif"), "half of b's outputs");
        Path kept = Files.writeString(dir.resolve("a.tif"), "a's output");
        r.failed(dir.resolve("in/b.tif"), new BadInputException(dir.resolve("in/b.tif") + ": is not a TIFF file"),
                List.of(created));
        assertFalse(Files.exists(created), "the failing input's new output is removed");
        assertTrue(Files.exists(kept), "another input's output stays");
        r.success();
        assertEquals(2, r.successes());
        assertEquals(Jcare.EXIT_BAD_INPUT, r.finish());
        List<String> lines = err.toString().lines().toList();
        assertEquals(2, lines.size(), err.toString());
        assertTrue(lines.get(0).endsWith("(skipped; going on with the other inputs)"), lines.get(0));
        assertEquals("jcare predict: 1 of 3 inputs failed (the outputs of the 2 others are written): "
                + dir.resolve("in/b.tif") + ": is not a TIFF file", lines.get(1));
    }

    @Test
    void aRuntimeFailureAmongThemMakesExitOneAndOutOfMemoryIsOneLine() {
        StringWriter err = new StringWriter();
        BatchResults r = new BatchResults("jcare predict", 2, new PrintWriter(err, true));
        r.failed(Path.of("x.tif"), new IllegalArgumentException("x.tif: holds 1 non-finite pixel"), List.of());
        r.failed(Path.of("y.tif"), new OutOfMemoryError("Java heap space"), List.of());
        assertEquals(Jcare.EXIT_FAILURE, r.finish());
        String last = err.toString().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.startsWith("jcare predict: 2 of 2 inputs failed (nothing was written): x.tif: holds 1"
                + " non-finite pixel; y.tif: out of memory: the Java heap ("), last);
    }

    @Test
    void oneInputIsReportedOnceAndNothingFailedIsExitZero() {
        StringWriter err = new StringWriter();
        BatchResults one = new BatchResults("jcare predict", 1, new PrintWriter(err, true));
        one.failed(Path.of("x.tif"), new BadInputException("x.tif: is not a TIFF file"), List.of());
        assertEquals(Jcare.EXIT_BAD_INPUT, one.finish());
        assertEquals(List.of("jcare predict: x.tif: is not a TIFF file"), err.toString().lines().toList());
        BatchResults fine = new BatchResults("jcare predict", 2, new PrintWriter(new StringWriter()));
        fine.success();
        fine.success();
        assertEquals(0, fine.finish());
    }
}
