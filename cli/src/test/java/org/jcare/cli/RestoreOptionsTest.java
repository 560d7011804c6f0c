package org.jcare.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jcare.training.predict.PredictOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RestoreOptionsTest {
    private static RestoreOptions parse(String... args) {
        PredictCommand c = new PredictCommand();
        new CommandLine(c).parseArgs(args);
        return c.restore;
    }

    private static final String[] REQUIRED = {"--model", "m", "--input", "i", "--output", "o"};

    private static RestoreOptions with(String... more) {
        String[] a = java.util.Arrays.copyOf(REQUIRED, REQUIRED.length + more.length);
        System.arraycopy(more, 0, a, REQUIRED.length, more.length);
        return parse(a);
    }

    @Test
    void defaultsAreCsbdeeps() {
        PredictOptions o = with().toPredictOptions(2);
        assertEquals(2, o.pmin());
        assertEquals(99.8, o.pmax());
        assertNull(o.tiles());
        assertEquals(true, o.normalize());
    }

    @Test
    void tilesNormAndPercentiles() {
        PredictOptions o = with("--tiles", "2,4,4", "--norm", "none", "--pmin", "1", "--pmax", "99").toPredictOptions(3);
        assertArrayEquals(new int[] {2, 4, 4}, o.tiles());
        assertFalse(o.normalize());
        assertEquals(1, o.pmin());
        assertEquals("ZYX", with("--axes", "zyx").axesOverride());
    }

    @Test
    void mistakesNameTheOption() {
        assertThrows(BadInputException.class, () -> with("--tiles", "2,2").toPredictOptions(3));
        assertThrows(BadInputException.class, () -> with("--tiles", "many").toPredictOptions(2));
        assertThrows(BadInputException.class, () -> with("--pmin", "50", "--pmax", "10").toPredictOptions(2));
        assertThrows(BadInputException.class, () -> with("--norm", "max").toPredictOptions(2));
    }
}
