package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterMessagesTest {
    @Test
    void aRepeatedConfigOptionIsNamedInsteadOfPrintingTheUsage(@TempDir Path dir) {
        // a config option given twice made picocli print "expected only one match but got [[--probabilistic ...]]"
        CliTesting.Result r = run(args("train", "--data", dir.resolve("p.npz"), "--out", dir.resolve("m"),
                "--train-epochs", "2", "--train-epochs=3")).expect(2);
        assertEquals("jcare train: --train-epochs is given more than once; give each option once (see 'jcare train"
                + " --help')", r.err().strip());
    }

    @Test
    void repeatedLongOptionsAreFoundInEitherSpelling() {
        assertEquals(List.of("--a", "--b"), ParameterMessages.repeatedOptions(new String[] {"--a", "1", "--b=2",
            "--a=3", "--b", "4", "--c", "--", "--c"}));
        assertEquals(List.of(), ParameterMessages.repeatedOptions(new String[] {"-x", "--y", "--"}));
    }

    @Test
    void otherMistakesKeepPicoclisWords() {
        assertTrue(run("train", "--out", "m", "--frobnicate").expect(2).err().contains("Unknown option: '--frobnicate'"));
    }
}
