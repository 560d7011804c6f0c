package org.jcare.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.jcare.engine.Engine;
import org.junit.jupiter.api.Test;

/** The harness on the smoke workloads: table, profiles and JSON lines. */
class BenchHarnessTest {
    @Test
    void workloadSetsByName() {
        assertEquals(6, BenchHarness.workloads("smoke").size());
        assertEquals(12, BenchHarness.workloads(" ALL ").size());
        assertEquals("train3d", BenchHarness.workloads("gpu").get(0).name());
        assertThrows(IllegalArgumentException.class, () -> BenchHarness.workloads("huge"));
    }

    @Test
    void smokeWorkloadsRunAndReportJsonLines() throws Exception {
        List<Workload> w = BenchHarness.workloads("smoke").stream()
                .filter(x -> x.name().equals("smoketrain2d") || x.name().equals("smokerestore2d")).toList();
        StringWriter text = new StringWriter();
        List<String> lines;
        try (Engine engine = Engine.open((String) null)) {
            lines = BenchHarness.run(engine, w, true, new PrintWriter(text));
        }
        assertEquals(4, lines.size(), "train record, its profile, restore record, its profile: " + lines);
        ObjectMapper json = new ObjectMapper();
        JsonNode train = json.readTree(lines.get(0));
        assertEquals("smoketrain2d", train.path("workload").asText());
        assertTrue(train.path("median_ms").asDouble() > 0 && train.path("tflop_per_s").asDouble() > 0, train.toString());
        assertEquals("fp32", train.path("precision").asText());
        JsonNode profile = json.readTree(lines.get(1));
        assertEquals("profile", profile.path("kind").asText());
        double share = 0;
        for (JsonNode f : profile.path("families")) {
            share += f.path("share").asDouble();
        }
        assertEquals(1.0, share, 0.01, "shares add up to the step");
        assertTrue(profile.toString().contains("conv3d_forward"), profile.toString());
        // the decoder's upsampling and concatenation are read through by its convolutions, the residual add and the
        // last activation run in the head's epilogue: none of them is a launch of its own
        for (String fused : new String[] {"upsample", "concat_", "add_forward", "relu_"}) {
            assertFalse(profile.toString().contains(fused), fused + " in " + profile);
        }
        assertTrue(profile.toString().contains("conv3d_upconcat"), profile.toString());
        assertEquals("smokerestore2d", json.readTree(lines.get(2)).path("workload").asText());
        JsonNode restore = json.readTree(lines.get(3));
        assertEquals("profile", restore.path("kind").asText());
        double restoreShare = 0;
        boolean offDevice = false;
        for (JsonNode f : restore.path("families")) {
            restoreShare += f.path("share").asDouble();
            offDevice |= f.path("family").asText().equals(StepProfile.OFF_DEVICE);
        }
        assertEquals(1.0, restoreShare, 0.01, "shares of the restoration's wall time add up");
        assertTrue(offDevice && restore.toString().contains("conv3d_forward"), restore.toString());
        assertTrue(text.toString().contains("profile of smoketrain2d") && text.toString().contains("smokerestore2d"),
                text.toString());
    }
}
