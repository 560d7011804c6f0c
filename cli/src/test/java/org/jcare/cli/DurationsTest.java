package org.jcare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationsTest {
    @Test
    void parsesUnitsAndPlainSeconds() {
        assertEquals(Duration.ofSeconds(90), Durations.parse("90s"));
        assertEquals(Duration.ofSeconds(90), Durations.parse("90"));
        assertEquals(Duration.ofMinutes(10), Durations.parse("10m"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
        assertEquals(Duration.ofSeconds(150), Durations.parse("2.5m"));
        assertEquals(Duration.ofMillis(1), Durations.parse("1ms"));
    }

    @Test
    void refusesNonsense() {
        for (String s : new String[] {"", "ten minutes", "5x", "0", "0s", "-3s", "m"}) {
            assertThrows(TypeConversionException.class, () -> Durations.parse(s), s);
        }
    }

    @Test
    void formats() {
        assertEquals("42.0 s", Durations.format(Duration.ofSeconds(42)));
        assertEquals("1 min 05 s", Durations.format(Duration.ofSeconds(65)));
        assertEquals("2 h 03 min", Durations.format(Duration.ofSeconds(2 * 3600 + 180)));
    }
}
