package org.jcare.training.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.jcare.training.config.TaskKind;
import org.jcare.training.config.TaskSpec;
import org.junit.jupiter.api.Test;

/** What a package says about the steps of a task around its network. */
class TaskDescriptionTest {
    @Test
    void factorTasksAreMarkedNetworkOnlyWithTheirFactorAndSteps() {
        JsonNode iso = TaskDescription.json(TaskSpec.isotropic(4.5, "psf.tif"));
        assertEquals("isotropic", iso.path("task").asText());
        assertEquals(4.5, iso.path("factor").asDouble());
        assertEquals("psf.tif", iso.path("psf").asText());
        assertTrue(iso.path("network_only").asBoolean());
        assertTrue(iso.path("restoration").asText().contains("geometric mean"));
        JsonNode up = TaskDescription.json(new TaskSpec(TaskKind.UPSAMPLING, null, null, null));
        assertTrue(up.path("factor").isNull(), "no factor recorded: null, so a consumer knows it must supply one");
        assertFalse(TaskDescription.json(TaskSpec.projectionDefaults()).path("network_only").asBoolean());
    }

    @Test
    void theMarkdownSaysWhatTheDescriptionCannotExpress() {
        String iso = TaskDescription.markdown(TaskSpec.isotropic(3, null));
        assertTrue(iso.contains("cannot be expressed") && iso.contains("is 3.0") && iso.contains("reversed"), iso);
        String up = TaskDescription.markdown(TaskSpec.upsampling(2, null));
        assertTrue(up.contains("zoom the raw stack along Z"), up);
        assertTrue(TaskDescription.markdown(TaskSpec.projectionDefaults()).contains("`b c z y x`"));
        assertTrue(TaskDescription.tags(TaskSpec.STANDARD).contains("denoising"));
    }
}
