package org.jcare.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;

/** Where and when a benchmark runs: commit and date, recorded with every number. */
public final class RunInfo {
    private RunInfo() {
    }

    /**
     * The commit measured: {@code JCARE_COMMIT} when set (machines without git, such as the GPU host, get it
     * from the caller), else {@code git rev-parse --short HEAD} with "-dirty" when the tree has changes.
     */
    public static String commit() {
        String env = System.getenv("JCARE_COMMIT");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        String head = git("rev-parse", "--short", "HEAD");
        if (head.isEmpty()) {
            return "unknown";
        }
        return git("status", "--porcelain", "--untracked-files=no").isEmpty() ? head : head + "-dirty";
    }

    /** Now, ISO-8601 with offset. */
    public static String date() {
        return ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static String git(String... args) {
        try {
            String[] cmd = new String[args.length + 1];
            cmd[0] = "git";
            System.arraycopy(args, 0, cmd, 1, args.length);
            // git's own messages are not the answer, and the JVM's LD_PRELOAD (libjsig, see ./jcare) makes it print a
            // signal-chaining warning: keep stderr out and give git its environment without the preload
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().remove("LD_PRELOAD");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "";
            }
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Appends lines to a JSON-lines file, creating folders as needed. */
    public static void append(Path file, Iterable<String> lines) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
}
