package org.jcare.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jcare.training.ensemble.EnsembleTraining;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./jcare train --ensemble 2 --spark local[2]} through the launcher itself, after {@code mvn package} built
 * {@code cli/target/jcare.jar} and this module's class path files: the command checks the output folder, writes the
 * ensemble and hands over to {@link TrainEnsemble}, and the result equals {@code ./jcare train --ensemble 2} without
 * Spark byte for byte. The launcher runs with a PATH without Maven, so that it never rebuilds anything during the
 * build; when its jars are older than the sources (it would rebuild) the test is skipped with a message.
 */
class TrainEnsembleLauncherIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** A PATH with the launcher's tools and this JVM's java, without mvn. */
    private static Path tools(Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        for (String t : List.of("bash", "dirname", "readlink", "find", "cat")) {
            for (String d : List.of("/usr/bin", "/bin")) {
                if (Files.isExecutable(Path.of(d, t))) {
                    Files.createSymbolicLink(bin.resolve(t), Path.of(d, t));
                    break;
                }
            }
        }
        return bin;
    }

    private record Run(int code, String log) {
    }

    private static Run jcare(Path dir, Path bin, String name, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("bash").toString(), ROOT.resolve("jcare").toString()));
        cmd.addAll(args);
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("PATH", bin.toString());
        pb.environment().put("JCARE_NO_PROGRESS_BAR", "1");
        pb.environment().remove("SPARK_HOME");
        pb.environment().remove("JCARE_JAVA_OPTS");
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "./jcare did not finish in 300 s");
        String text = Files.readString(log);
        assumeTrue(!text.contains("jcare: building"), "the launcher's jars are older than the sources (it would"
                + " rebuild them, and finds no mvn here): run mvn package first; " + text);
        return new Run(p.exitValue(), text);
    }

    @Test
    void theLauncherHandsEnsembleTrainingToSparkAfterTheFolderChecks(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isRegularFile(ROOT.resolve("cli/target/jcare.jar"))
                && Files.isRegularFile(ROOT.resolve("spark/target/spark-classpath.txt")),
                "cli/target/jcare.jar or this module's class path files are not built (mvn package)");
        Path bin = tools(dir);
        Path data = TrainEnsembleTest.patches(dir.resolve("patches.npz"));
        List<String> common = List.of("train", "--ensemble", "2", "--data", data.toString(), "--unet-n-depth", "1",
                "--unet-n-first", "4", "--unet-kern-size", "3", "--train-epochs", "2", "--train-steps-per-epoch", "5",
                "--train-batch-size", "4", "--probabilistic", "--seed", "3", "--validation-split", "0.2");

        // the folder checks come first: a folder that is neither an ensemble nor a model is refused and kept
        Files.createDirectories(dir.resolve("taken"));
        Files.writeString(dir.resolve("taken/notes.txt"), "mine");
        List<String> taken = new ArrayList<>(common);
        taken.addAll(List.of("--out", dir.resolve("taken").toString(), "--overwrite", "--spark", "local[2]"));
        Run refused = jcare(dir, bin, "taken", taken);
        assertEquals(2, refused.code(), refused.log());
        assertEquals("mine", Files.readString(dir.resolve("taken/notes.txt")));
        assertFalse(Files.exists(dir.resolve("taken/ensemble.json")), refused.log());

        List<String> spark = new ArrayList<>(common);
        spark.addAll(List.of("--out", dir.resolve("spark").toString(), "--spark", "local[2]", "--device", "0,0"));
        Run s = jcare(dir, bin, "spark", spark);
        assertEquals(0, s.code(), s.log());
        assertTrue(s.log().contains("2 trained as Spark tasks on local[2]"), s.log());
        List<String> plain = new ArrayList<>(common);
        plain.addAll(List.of("--out", dir.resolve("plain").toString()));
        Run p = jcare(dir, bin, "plain", plain);
        assertEquals(0, p.code(), p.log());
        TrainEnsembleTest.assertSameBytes(dir.resolve("plain"), dir.resolve("spark"));

        // --resume with --spark: only the member without its completion record gets a task
        Files.delete(dir.resolve("spark/member_01").resolve(EnsembleTraining.DONE));
        List<String> resume = new ArrayList<>(List.of("train", "--ensemble", "2", "--data", data.toString(),
                "--validation-split", "0.2", "--out", dir.resolve("spark").toString(), "--resume", "--spark",
                "local[2]"));
        Run r = jcare(dir, bin, "resume", resume);
        assertEquals(0, r.code(), r.log());
        assertTrue(r.log().contains("1 trained as Spark tasks on local[2], 1 already trained"), r.log());
        TrainEnsembleTest.assertSameBytes(dir.resolve("plain"), dir.resolve("spark"));
    }
}
