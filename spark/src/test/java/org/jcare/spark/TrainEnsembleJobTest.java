package org.jcare.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainEnsembleJobTest {
    private static String refused(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> TrainEnsembleJob.parse(args)).getMessage();
    }

    @Test
    void optionsParseWithDefaultsAsJcareTrain() {
        TrainEnsembleJob j = TrainEnsembleJob.parse(new String[] {"--data", "p.npz", "--out", "ens", "--ensemble",
            "5", "--devices", "0; gpu ;h200", "--augment", "--time-budget", "2h", "--seed", "3"});
        assertEquals(5, j.members());
        assertEquals(List.of("0", "gpu", "h200"), j.devices());
        assertTrue(j.augment() && j.recalibrate() && !j.resume() && !j.overwrite());
        assertEquals(Duration.ofHours(2), j.timeBudget());
        assertEquals(3, j.seed());
        assertEquals(0.1, j.validationSplit());
        assertEquals("fp32", j.precision());
        assertNull(j.master());
        assertNull(j.config());
        TrainEnsembleJob r = TrainEnsembleJob.parse(new String[] {"--data", "p.npz", "--out", "ens", "--resume",
            "--no-recalibrate", "--precision", "TF32"});
        assertNull(r.members());
        assertTrue(r.resume());
        assertFalse(r.recalibrate());
        assertEquals("tf32", r.precision());
        assertEquals(42, r.seed());
        assertNull(r.timeBudget());
        assertEquals(90_000, TrainEnsembleJob.millis("90"));
        assertEquals(1_500, TrainEnsembleJob.millis("1500ms"));
        assertEquals(600_000, TrainEnsembleJob.millis("10m"));
    }

    @Test
    void badOptionsNameTheOption() {
        assertTrue(refused("--out", "e", "--ensemble", "2").contains("--data is required"));
        assertTrue(refused("--data", "p.npz", "--out", "e").contains("--ensemble M is required"));
        assertTrue(refused("--data", "p.npz", "--out", "e", "--ensemble", "1").contains("2 to 1000 members"));
        assertTrue(refused("--data", "p.npz", "--out", "e", "--ensemble", "x").contains("--ensemble x"));
        assertTrue(refused("--data", "p.npz", "--out", "e", "--resume", "--overwrite").contains("give one of them"));
        assertTrue(refused("--data", "p.npz", "--out", "e", "--resume", "--config", "c.json").contains("remove"
                + " --config"));
        assertTrue(refused("--data", "p.npz", "--out", "e", "--ensemble", "2", "--validation-split", "1")
                .contains("--validation-split"));
        assertTrue(refused("--data", "p.npz", "--out", "e", "--ensemble", "2", "--precision", "fp16")
                .contains("--precision fp16"));
        assertTrue(refused("--data", "p.npz", "--out", "e", "--ensemble", "2", "--time-budget", "soon")
                .contains("--time-budget soon"));
        assertTrue(refused("--data", "p.npz", "--out", "e", "--ensemble", "2", "stray").contains("'stray'"));
    }
}
