package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;

import java.io.IOException;
import java.nio.file.Path;

/** Tiny ensembles trained once per test JVM through {@code jcare train --ensemble} on the shared crops. */
final class EnsembleCliFixtures {
    private static Path probabilistic;
    private static Path plain;

    private EnsembleCliFixtures() {
    }

    /** Three probabilistic members (depth 2, 8 filters, kernel 3, 6 steps each), recalibrated. */
    static synchronized Path probabilistic() throws IOException {
        if (probabilistic == null) {
            probabilistic = train("ensemble", 3, true);
        }
        return probabilistic;
    }

    /** Two plain members. */
    static synchronized Path plain() throws IOException {
        if (plain == null) {
            plain = train("plain-ensemble", 2, false);
        }
        return plain;
    }

    /** The arguments that train a tiny ensemble of {@code m} into {@code out} from the shared crops. */
    static String[] trainArgs(Path out, int m, boolean probabilistic, String... more) throws IOException {
        Path data = CliTesting.sharedData();
        String[] base = args("train", "--ensemble", m, "--source", data.resolve("low"), "--target",
                data.resolve("GT"), "--axes", "YX", "--patch-size", "32,32", "--patches-per-image", "8", "--out", out,
                "--unet-n-depth", "2", "--unet-n-first", "8", "--unet-kern-size", "3", "--train-epochs", "2",
                "--train-steps-per-epoch", "3", "--train-batch-size", "4", "--probabilistic=" + probabilistic);
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static Path train(String name, int m, boolean probabilistic) throws IOException {
        Path out = CliTesting.sharedData().getParent().resolve(name);
        run(trainArgs(out, m, probabilistic)).expect(0);
        return out;
    }
}
