package org.jcare.engine.cl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The build preloads the JDK's signal-chaining library into the test JVM wherever the JDK has one. */
class SignalChainingTest {
    @Test
    void testJvmHasTheSignalChainingLibraryWhereTheJdkHasOne() {
        Path lib = Path.of(System.getProperty("java.home"), "lib", SignalChaining.LIBRARY);
        Assumptions.assumeTrue(Files.exists(lib), "no " + lib + " (not Linux)");
        assertTrue(SignalChaining.chained(), "the test JVM runs without " + lib + " preloaded: see the signal-chaining"
                + " profile in pom.xml");
    }
}
