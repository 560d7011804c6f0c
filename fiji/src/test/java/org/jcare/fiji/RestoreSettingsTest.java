package org.jcare.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The options of {@code run("Restore...", "...")}, as ImageJ's recorder writes them. */
class RestoreSettingsTest {
    @Test
    void readsTheRecordedOptions() {
        RestoreSettings s = RestoreSettings.fromMacroOptions("model=[/data/my models/denoise] tiles=auto");
        assertEquals(Path.of("/data/my models/denoise"), s.model());
        assertNull(s.predictOptions().tiles());
        assertNull(s.deviceSpec());
        assertEquals(2, s.pmin());
        RestoreSettings t = RestoreSettings.fromMacroOptions("model=/m tiles=1,4,4 device=cpu pmin=1 pmax=99 scale");
        assertArrayEquals(new int[] {1, 4, 4}, t.predictOptions().tiles());
        assertEquals("cpu", t.deviceSpec());
        assertEquals(99, t.pmax());
        assertTrue(t.scale());
    }

    @Test
    void macroOptionsRoundTrip() {
        RestoreSettings s = new RestoreSettings(Path.of("/a b/m.zip"), "2,2", "gpu", 1.5, 99.8, true);
        assertEquals("model=[/a b/m.zip] tiles=2,2 device=gpu pmin=1.5 pmax=99.8 scale", s.toMacroOptions());
        assertEquals(s, RestoreSettings.fromMacroOptions(s.toMacroOptions()));
    }

    @Test
    void missingOrInvalidOptionsSayWhatToWrite() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RestoreSettings.fromMacroOptions("tiles=auto"));
        assertTrue(e.getMessage().contains("model="), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RestoreSettings.fromMacroOptions("model=/m tiles=big"));
        assertTrue(e.getMessage().contains("tiles=big"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RestoreSettings.fromMacroOptions("model=/m pmin=x"));
        assertTrue(e.getMessage().contains("pmin=x"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RestoreSettings.fromMacroOptions("model=/m pmin=50 pmax=10"));
    }
}
