package org.jcare.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jcare.engine.Engine;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;
import org.jcare.training.CareModel;
import org.jcare.training.predict.PredictOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as an ImageJ plugin: {@code target/jcare.jar} copied to {@code plugins/jcare_.jar} of a fresh
 * ImageJ 1.54p (the same ImageJ Fiji embeds), started with its window under Xvfb; a macro runs the menu command
 * {@code Restore...} on an image and saves the result, which must equal jcare's own restoration. The jar carries its
 * own ImageJ only as a nested resource for the command line ({@link BundledImageJ}); here ImageJ's classes are the
 * host's, as in Fiji. Runs in
 * {@code mvn verify} (failsafe, after the jar is built); skipped with a message where {@code xvfb-run} is missing
 * ({@code apt-get install xvfb}).
 */
class FijiPluginIT {
    static final Path CSBDEEP = Path.of("..", "io", "src", "test", "resources", "csbdeep", "keras2_2d").toAbsolutePath();
    static final Path IMAGE = Path.of("..", "data", "fmd", "mice_noisy.tif").toAbsolutePath();

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theMenuCommandRestoresAnImageInImageJ(@TempDir Path home) throws Exception {
        Assumptions.assumeTrue(onPath("xvfb-run"), "xvfb-run is not installed (apt-get install xvfb): the ImageJ menu"
                + " test needs a display and is skipped");
        Path jar = Path.of("target", "jcare.jar").toAbsolutePath();
        // the ImageJ to run: the one of the build's class path (Fiji's would be its own)
        Path ij = Path.of(ij.ImagePlus.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.createDirectories(home.resolve("plugins"));
        Files.copy(jar, home.resolve("plugins").resolve("jcare_.jar"));
        Path out = home.resolve("restored.tif");
        Path macro = home.resolve("restore.ijm");
        Files.writeString(macro, String.join("\n",
                "open(\"" + IMAGE + "\");",
                "run(\"Restore...\", \"model=[" + CSBDEEP + "] tiles=auto\");",
                "if (getTitle() != \"mice_noisy-keras2_2d\") exit(\"unexpected title \" + getTitle());",
                "saveAs(\"Tiff\", \"" + out + "\");",
                "close(\"*\");",
                "run(\"Quit\");", ""), StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of("xvfb-run", "-a", Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-jar", ij.toString(), "-ijpath", home.toString(), "-macro", macro.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve("log.txt")
                .toFile());
        Path jsig = Path.of(System.getProperty("java.home"), "lib", "libjsig.so");
        if (Files.exists(jsig)) {
            pb.environment().put("LD_PRELOAD", jsig.toString()); // PoCL and the JVM's signal handlers
        }
        Process p = pb.start();
        boolean done = p.waitFor(180, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String log = Files.readString(home.resolve("log.txt"));
        assertTrue(done, "ImageJ did not quit within 180 s: " + log);
        assertEquals(0, p.exitValue(), log);
        assertTrue(Files.isRegularFile(out), "the macro wrote no result: " + log);
        FloatImage fromImageJ = new TiffReader().read(out);
        try (Engine engine = Engine.open((String) null);
             CareModel model = CareModel.load(engine, CSBDEEP)) {
            FloatImage api = model.predict(new TiffReader().read(IMAGE), PredictOptions.defaults()).mean();
            assertArrayEquals(api.shape(), fromImageJ.shape());
            assertArrayEquals(api.toArray(), fromImageJ.toArray());
        }
    }
}
