package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputLockTest {
    private static String[] train(Path out) throws Exception {
        Path data = CliTesting.sharedData();
        return args("train", "--source", data.resolve("low"), "--target", data.resolve("GT"), "--axes", "YX",
                "--patch-size", "32,32", "--patches-per-image", "4", "--out", out, "--unet-n-first", "4",
                "--unet-kern-size", "3", "--train-epochs", "1", "--train-steps-per-epoch", "1",
                "--train-batch-size", "2");
    }

    @Test
    void aSecondRunRefusesAndAKilledHoldersLockIsTakenOver(@TempDir Path dir) throws Exception {
        // issue 10, item 3: two trainings into one --out both exited 0 and the folder held one of them
        Path out = dir.resolve("m");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OutputLockHolder.class.getName(), out.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream()));
            assertEquals("locked", r.readLine());
            CliTesting.Result busy = run(train(out)).expect(2);
            assertTrue(busy.err().contains("--out " + out + " is in use by jcare train (process " + holder.pid()
                    + ", started "), busy.err());
            assertFalse(Files.exists(out), "the refused run wrote nothing");
        } finally {
            holder.destroyForcibly(); // kill -9: the lock file stays behind, the OS lock goes
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.exists(OutputLock.fileOf(out)), "a killed run leaves its lock file");
        CliTesting.Result r = run(train(out)).expect(0);
        assertTrue(r.err().contains("was locked by jcare train (process " + holder.pid()) && r.err().contains(
                "which no longer runs; taking the lock over"), r.err());
        assertFalse(Files.exists(OutputLock.fileOf(out)), "the lock is gone when the run ends");
    }

    @Test
    void aLockIsExclusiveWithinOneProcessToo(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("o");
        StringWriter notes = new StringWriter();
        try (OutputLock first = OutputLock.acquire(out, "--output", "jcare predict", new PrintWriter(notes))) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> OutputLock.acquire(out, "--output", "jcare predict", new PrintWriter(notes)));
            assertTrue(e.getMessage().contains("is in use by jcare predict (process " + ProcessHandle.current().pid()),
                    e.getMessage());
            CliTesting.Result r = run(train(out)).expect(2);
            assertTrue(r.err().contains("is in use by jcare predict"), r.err());
        }
        try (OutputLock again = OutputLock.acquire(out, "--output", "jcare predict", new PrintWriter(notes))) {
            assertTrue(Files.readString(OutputLock.fileOf(out)).contains("pid=" + ProcessHandle.current().pid()));
        }
        assertEquals("", notes.toString(), "a lock released normally is not stale");
    }

    @Test
    void aLockOfAProcessThatEndedIsStale(@TempDir Path dir) throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Path out = dir.resolve("o");
        Files.writeString(OutputLock.fileOf(out), "pid=" + p.pid() + "\nstarted=2020-01-01T00:00:00Z\n"
                + "command=jcare train\ntoken=1\n");
        StringWriter notes = new StringWriter();
        try (OutputLock l = OutputLock.acquire(out, "--out", "jcare train", new PrintWriter(notes, true))) {
            assertTrue(notes.toString().contains("process " + p.pid() + ", started 2020-01-01T00:00:00Z"),
                    notes.toString());
        }
        assertTrue(OutputLock.isLockName(OutputLock.fileOf(out).getFileName().toString()));
        assertFalse(List.of(dir.toFile().list()).contains(".o.jcare-lock"));
    }
}
