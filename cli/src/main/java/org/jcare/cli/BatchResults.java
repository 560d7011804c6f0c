package org.jcare.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a batch, input by input: each input's outputs are kept as soon as all of them are written (each
 * file itself is written atomically), a failing input is reported at once and the batch goes on, and the run ends
 * with one line that lists the failures and an exit code of 2 (bad input) or 1 (a runtime failure among them). The
 * outputs of a failing input that this run created are removed; outputs of other inputs, and files an input's
 * outputs replaced, are never touched.
 */
final class BatchResults {
    private final String command;
    private final PrintWriter err;
    private final int inputs;
    private final List<String> failures = new ArrayList<>();
    private int succeeded;
    /** Whether a failure was not the input's fault (exit 1 then, though 1 is below the bad-input code 2). */
    private boolean runtimeFailure;

    /**
     * Results of {@code inputs} inputs reported on {@code err} with the prefix {@code command} (for example
     * "jcare predict").
     */
    BatchResults(String command, int inputs, PrintWriter err) {
        this.command = command;
        this.inputs = inputs;
        this.err = err;
    }

    /** Records that every output of an input was written. */
    void success() {
        succeeded++;
    }

    /**
     * Records that {@code input} failed with {@code e}, says so on stderr, and removes {@code created}: the outputs
     * of that input that did not exist before this run.
     */
    void failed(Path input, Throwable e, List<Path> created) {
        String m = e instanceof OutOfMemoryError ? input + ": " + ExitCodes.outOfMemory() : ExitCodes.message(e);
        if (!m.contains(input.toString())) {
            m = input + ": " + m;
        }
        failures.add(m);
        runtimeFailure |= e instanceof OutOfMemoryError || ExitCodes.of(e) != Jcare.EXIT_BAD_INPUT;
        for (Path p : created) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ex) {
                // a leftover output of a failed input is named in the report below
            }
        }
        if (inputs > 1) {
            err.println(command + ": " + m + " (skipped; going on with the other inputs)");
            err.flush();
        }
    }

    /** Inputs whose outputs were all written. */
    int successes() {
        return succeeded;
    }

    /**
     * Ends the batch: 0 when nothing failed; otherwise one line naming the failures on stderr and the exit code (2
     * when every failure was bad input, 1 when a runtime failure was among them).
     */
    int finish() {
        if (failures.isEmpty()) {
            return 0;
        }
        int total = succeeded + failures.size();
        if (total == 1) {
            err.println(command + ": " + failures.get(0));
            err.flush();
            return runtimeFailure ? Jcare.EXIT_FAILURE : Jcare.EXIT_BAD_INPUT;
        }
        err.println(command + ": " + failures.size() + " of " + total + " input" + (total == 1 ? "" : "s")
                + " failed (" + (succeeded == 0 ? "nothing was written" : "the outputs of the " + succeeded
                + " other" + (succeeded == 1 ? "" : "s") + " are written") + "): " + InputCheck.list(failures));
        err.flush();
        return runtimeFailure ? Jcare.EXIT_FAILURE : Jcare.EXIT_BAD_INPUT;
    }
}
