package org.jcare.cli;

import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JcareTest {
    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        CliTesting.Result r = run("--help").expect(0);
        for (String c : new String[] {"demo", "datagen", "train", "predict", "evaluate", "bench", "devices"}) {
            assertTrue(r.out().contains("  " + c + " "), c + " in\n" + r.out());
        }
        assertTrue(r.out().contains("Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input"));
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : new String[] {"demo", "datagen", "train", "predict", "evaluate", "bench", "devices"}) {
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
}
