package org.jcare.io.zarr;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** The Zarr fixtures written by zarr-python and numcodecs ({@code make_fixtures.py} beside them). */
final class ZarrFixtures {
    static final long[] SHAPE = {5, 13, 17};
    static final int[] CHUNKS = {3, 7, 9};

    private ZarrFixtures() {
    }

    /** The fixtures folder. */
    static Path root() {
        try {
            return Path.of(ZarrFixtures.class.getResource("fixtures/expected_f4.raw").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One of the expected_*.raw files (little-endian float32). */
    static float[] expected(String name) throws IOException {
        byte[] b = Files.readAllBytes(root().resolve("expected_" + name + ".raw"));
        float[] f = new float[b.length / 4];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }

    /** Whether Debian's zarr-python (2.13) and numcodecs can be run here. */
    static boolean zarrPython() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import zarr, numcodecs").redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a Python script with Debian's python3; returns its output, failing with it when the exit code is not 0. */
    static String python(String script, String... args) throws IOException, InterruptedException {
        String[] cmd = new String[3 + args.length];
        cmd[0] = "/usr/bin/python3";
        cmd[1] = "-c";
        cmd[2] = script;
        System.arraycopy(args, 0, cmd, 3, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError("python failed:\n" + out);
        }
        return out;
    }
}
