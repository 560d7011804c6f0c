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

    @Test
    void runningOutOfMemoryIsOneLineAndExitOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // issue 10, item 5: a volume too large for the heap ended in a Java stack trace
        java.nio.file.Path big = dir.resolve("big.tif");
        float[] v = new float[2048 * 2048];
        java.util.Arrays.fill(v, 7);
        new org.jcare.io.tiff.TiffWriter().write(org.jcare.io.image.FloatImage.of("YX", new long[] {2048, 2048}, v),
                big);
        Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-cp", System.getProperty("java.class.path"), Jcare.class.getName(), "predict", "--model",
                CliTesting.model().toString(), "--input", big.toString(), "--output", dir.resolve("out").toString(),
                "--device", "cpu").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        java.util.List<String> lines = err.lines().filter(l -> !l.startsWith("OpenJDK") && !l.startsWith("note:")
                && !l.startsWith("warning:")).toList();
        assertEquals(1, p.exitValue(), err);
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).startsWith("jcare predict: ") && lines.get(0).contains("memory")
                && lines.get(0).contains("-Xmx"), err);
        assertTrue(!err.contains("\tat ") && !err.contains("Exception in thread"), err);
    }
}
