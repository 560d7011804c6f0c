package org.jcare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void withoutATerminalOnlyLinesArePrinted() {
        StringWriter s = new StringWriter();
        try (Progress p = Progress.start("t", 10, 0, new PrintWriter(s, true), false, null)) {
            assertFalse(p.drawn());
            p.update(5, "half");
            p.line("epoch 1/2");
        }
        assertEquals("epoch 1/2" + System.lineSeparator(), s.toString());
    }

    @Test
    void etaIsLinearAndCappedByTheDeadline() {
        Duration tenS = Duration.ofSeconds(10);
        assertEquals(Optional.empty(), Progress.eta(0, 100, tenS, tenS, null));
        assertEquals(Optional.of(Duration.ofSeconds(30)), Progress.eta(25, 75, tenS, tenS, null));
        assertEquals(Optional.of(Duration.ofSeconds(5)), Progress.eta(25, 75, tenS, tenS, Duration.ofSeconds(15)));
        assertEquals(Optional.of(Duration.ZERO), Progress.eta(25, 75, tenS, tenS, Duration.ofSeconds(1)));
    }
}
