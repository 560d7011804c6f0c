package org.jcare.cli;

import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JcareTest {
    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        CliTesting.Result r = run("--help").expect(0);
        for (String c : new String[] {"demo", "datagen", "train", "predict", "evaluate", "bench", "devices", "tune"}) {
            assertTrue(r.out().contains("  " + c + " "), c + " in\n" + r.out());
        }
        assertTrue(r.out().contains("Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input"));
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : new String[] {"demo", "datagen", "train", "predict", "evaluate", "bench", "devices", "tune"}) {
            CliTesting.Result r = run(c, "--help").expect(0);
            assertTrue(r.out().startsWith("Usage: jcare " + c), r.out());
        }
    }

    @Test
    void badUsageIsExitCodeTwoWithOneLineNamingTheProblem() {
        CliTesting.Result r = run("frobnicate").expect(2);
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("frobnicate"), r.err());
        r = run("predict", "--model", "m").expect(2);
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("jcare predict: Missing required options"), r.err());
        assertTrue(r.err().contains("--input") && r.err().contains("--output"), r.err());
    }

    @Test
    void versionNamesJcare() {
        assertTrue(run("--version").expect(0).out().startsWith("jcare "));
    }

    /**
     * Issue 10, item 5: a volume too large for the heap ended in a Java stack trace. Now, in a child JVM under
     * {@code -Xmx48m}: asked for TIFF output it is refused before anything is allocated (one line naming the heap and
     * what to do, exit 2); by default it is restored tile by tile to OME-Zarr (issue 15) instead. (An
     * {@link OutOfMemoryError} that still happens is one line with exit 1: {@code ExitCodesTest}.)
     */
    @Test
    void aVolumeTooLargeForTheHeapIsRefusedInOneLineOrStreamed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path big = dir.resolve("big.tif");
        float[] v = new float[2048 * 2048];
        java.util.Arrays.fill(v, 7);
        new org.jcare.io.tiff.TiffWriter().write(org.jcare.io.image.FloatImage.of("YX", new long[] {2048, 2048}, v),
                big);
        Child tiff = child(dir, "predict", "--model", CliTesting.model().toString(), "--input", big.toString(),
                "--output", dir.resolve("out").toString(), "--device", "cpu", "--output-format", "tiff");
        assertEquals(2, tiff.code, tiff.err);
        assertEquals(1, tiff.lines.size(), tiff.err);
        assertTrue(tiff.lines.get(0).startsWith("jcare predict: ") && tiff.lines.get(0).contains("heap")
                && tiff.lines.get(0).contains("-Xmx"), tiff.err);
        assertTrue(!tiff.err.contains("\tat ") && !tiff.err.contains("Exception in thread"), tiff.err);
        Child streamed = child(dir, "predict", "--model", CliTesting.model().toString(), "--input", big.toString(),
                "--output", dir.resolve("out").toString(), "--device", "cpu");
        assertEquals(0, streamed.code, streamed.err);
        assertTrue(streamed.err.contains("restoring it tile by tile to OME-Zarr"), streamed.err);
        assertTrue(java.nio.file.Files.isDirectory(dir.resolve("out").resolve("big.zarr")));
    }

    private record Child(int code, String err, java.util.List<String> lines) {
    }

    private static Child child(java.nio.file.Path dir, String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx48m", "-cp",
                System.getProperty("java.class.path"), Jcare.class.getName()));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        java.util.List<String> lines = err.lines().filter(l -> !l.startsWith("OpenJDK") && !l.startsWith("note:")
                && !l.startsWith("warning:")).toList();
        return new Child(p.exitValue(), err, lines);
    }
}
