package org.jcare.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The commit recorded with every number is a commit (the test JVM runs with libjsig preloaded, as ./jcare does). */
class RunInfoTest {
    @Test
    void theCommitIsAHashOrUnknownAndNothingElse() {
        String c = RunInfo.commit();
        assertTrue(c.matches("[0-9a-f]{4,40}(-dirty)?") || c.equals("unknown") || c.equals(System.getenv(
                "JCARE_COMMIT")), "commit '" + c + "'");
    }
}
