package org.jcare.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jcare.engine.Engine;
import org.jcare.engine.cl.DeviceInfo;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.VerboseMode;

/** The JMH plumbing: the generated benchmark list, one short in-process run, and the analysis into units. */
class OpBenchmarksTest {
    @Test
    void annotationProcessingListedEveryOpFamily() throws Exception {
        try (InputStream in = OpBenchmarks.class.getResourceAsStream("/META-INF/BenchmarkList")) {
            assertNotNull(in, "META-INF/BenchmarkList was not generated: is JMH's annotation processor running?");
            String list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String method : List.of("ConvOps.forward", "ConvOps.backwardData", "ConvOps.backwardWeights",
                    "PoolOps.forward", "PoolOps.backward", "UpsampleOps.forward", "UpsampleOps.backward",
                    "LossOps.maeForward", "LossOps.maeBackward", "AdamOps.step")) {
                String[] p = method.split("\\.");
                assertTrue(list.contains("org.jcare.bench.jmh." + p[0] + " ") && list.contains(" " + p[1] + " "), method);
            }
        }
    }

    @Test
    void oneShortRunIsAnalysedIntoRatesAndJsonLines() throws Exception {
        DeviceInfo info;
        double copy;
        try (Engine engine = Engine.open((String) null)) {
            info = engine.device();
            copy = DevicePeak.measureCopy(engine, 4L << 20, 3);
        }
        DevicePeak peak = DevicePeak.of(info, copy, Double.NaN, Double.NaN);
        // in-process (no fork), no warm-up, one 100 ms iteration: plumbing, not a measurement
        List<OpBenchmarks.Row> rows = OpBenchmarks.run(OpBenchmarks.options("org\\.jcare\\.bench\\.jmh\\.AdamOps\\.",
                "tiny", "", 0, 0, 1, 100).verbosity(VerboseMode.SILENT), peak);
        assertEquals(1, rows.size());
        OpBenchmarks.Row r = rows.get(0);
        assertEquals("AdamOps.step", r.benchmark());
        assertTrue(r.usPerOp() > 0, "time per op");
        assertEquals(28.0 * 65_536 / (r.usPerOp() * 1e-6) / 1e9, r.gbs(), 1e-6 * r.gbs());
        assertEquals(12.0 * 65_536 / (r.usPerOp() * 1e-6) / 1e9, r.gflops(), 1e-6 * r.gflops());
        assertEquals(100 * r.gbs() / peak.gbs(), r.pctBw(), 1e-9);
        JsonNode json = new ObjectMapper().readTree(r.toJson(info, peak));
        assertEquals("op", json.path("kind").asText());
        assertEquals(info.name(), json.path("device").asText());
        assertTrue(json.path("gbs").asDouble() > 0 && json.has("pct_peak_bw") && json.has("copy_gbs"), json.toString());
        assertTrue(OpBenchmarks.table(rows, info, peak).contains("AdamOps.step"));
    }
}
