package org.jcare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jcare.io.AtomicFiles;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffWriter;

/**
 * Runs the CLI in-process and prepares small real data: crops of the bundled FMD pairs written as TIFF folders, and
 * one tiny model trained once per test JVM.
 */
final class CliTesting {
    private static Path sharedRoot;
    private static Path sharedModel;
    private static Path sharedProbabilisticModel;

    private CliTesting() {
    }

    /** What a run printed and returned. */
    record Result(int code, String out, String err) {
        /** Asserts the exit code, showing the output when it differs. */
        Result expect(int expected) {
            assertEquals(expected, code, () -> "exit code; stdout:\n" + out + "\nstderr:\n" + err);
            return this;
        }
    }

    /** Runs {@code jcare args...} and captures its streams. */
    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Jcare.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    /** {@code args} with each Path turned into text. */
    static String[] args(Object... parts) {
        String[] s = new String[parts.length];
        for (int i = 0; i < parts.length; i++) {
            s[i] = String.valueOf(parts[i]);
        }
        return s;
    }

    /** The {@code h x w} region of a YX image at {@code (y, x)}. */
    static FloatImage crop(FloatImage img, int y, int x, int h, int w) {
        long[] s = img.shape();
        int width = (int) s[1];
        float[] src = img.plane(0);
        float[] out = new float[h * w];
        for (int r = 0; r < h; r++) {
            System.arraycopy(src, (y + r) * width + x, out, r * w, w);
        }
        return FloatImage.of("YX", new long[] {h, w}, out);
    }

    /**
     * Writes {@code low/NAME.tif} and {@code GT/NAME.tif} under {@code dir}: the {@code size x size} crop at
     * {@code (offset, offset)} of each named bundled pair.
     */
    static void pairs(Path dir, int size, int offset, String... names) throws IOException {
        Files.createDirectories(dir.resolve("low"));
        Files.createDirectories(dir.resolve("GT"));
        for (String n : names) {
            new TiffWriter().write(crop(DemoData.noisy(n), offset, offset, size, size), dir.resolve("low/" + n + ".tif"));
            new TiffWriter().write(crop(DemoData.clean(n), offset, offset, size, size), dir.resolve("GT/" + n + ".tif"));
        }
    }

    /** Every file under {@code dir}, relative, sorted. */
    static List<String> listing(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(dir.relativize(p).toString()));
        }
        out.sort(null);
        return out;
    }

    /** A tiny model (depth 2, 8 filters, kernel 3) trained for a few steps on 64x64 crops, shared by the tests. */
    static synchronized Path model() throws IOException {
        if (sharedModel == null) {
            sharedModel = train("model", false);
        }
        return sharedModel;
    }

    /** The same, probabilistic. */
    static synchronized Path probabilisticModel() throws IOException {
        if (sharedProbabilisticModel == null) {
            sharedProbabilisticModel = train("prob", true);
        }
        return sharedProbabilisticModel;
    }

    /** The folder of the shared data: low/ and GT/ with 64x64 crops of all three pairs. */
    static synchronized Path sharedData() throws IOException {
        if (sharedRoot == null) {
            sharedRoot = Files.createTempDirectory("jcare-cli-test-");
            Path root = sharedRoot;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    AtomicFiles.deleteRecursively(root);
                } catch (IOException e) {
                    // temporary files; nothing to do
                }
            }));
            pairs(sharedRoot.resolve("data"), 64, 200, DemoData.NAMES);
        }
        return sharedRoot.resolve("data");
    }

    private static Path train(String name, boolean probabilistic) throws IOException {
        Path data = sharedData();
        Path out = sharedRoot.resolve(name);
        run(args("train", "--source", data.resolve("low"), "--target", data.resolve("GT"), "--axes", "YX",
                "--patch-size", "32,32", "--patches-per-image", "8", "--out", out, "--unet-n-depth", "2",
                "--unet-n-first", "8", "--unet-kern-size", "3", "--train-epochs", "2", "--train-steps-per-epoch", "3",
                "--train-batch-size", "4", "--probabilistic=" + probabilistic)).expect(0);
        return out;
    }
}
