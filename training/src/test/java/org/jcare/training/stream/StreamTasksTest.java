package org.jcare.training.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jcare.training.config.CareConfig;
import org.jcare.training.config.TaskSpec;
import org.junit.jupiter.api.Test;

class StreamTasksTest {
    @Test
    void standardAndUpsamplingModelsStreamTheOthersAreRefusedByName() {
        assertEquals(0, StreamTasks.inputZoom(CareConfig.builder("ZYX").build(), null));
        CareConfig up = CareConfig.builder("ZYX").task(TaskSpec.upsampling(4.0, null)).build();
        assertEquals(4.0, StreamTasks.inputZoom(up, null));
        assertEquals(2.5, StreamTasks.inputZoom(up, 2.5), "--factor overrides the recorded factor");
        CareConfig noFactor = CareConfig.builder("ZYX").task(TaskSpec.upsampling(4.0, null).withFactor(null)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StreamTasks.inputZoom(noFactor, null));
        assertTrue(e.getMessage().contains("--factor"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> StreamTasks.inputZoom(CareConfig.builder("ZYX").build(), 2.0));
        assertTrue(e.getMessage().contains("standard"), e.getMessage());
        for (CareConfig c : new CareConfig[] {CareConfig.builder("YX").task(TaskSpec.isotropic(3.0, null)).build(),
            CareConfig.builder("ZYX").task(TaskSpec.projectionDefaults()).build()}) {
            e = assertThrows(IllegalArgumentException.class, () -> StreamTasks.inputZoom(c, null));
            assertTrue(e.getMessage().contains(c.task().kind().jsonName() + " model")
                    && e.getMessage().contains("--output-format tiff"), e.getMessage());
        }
    }
}
