package org.jcare.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** One benchmark result as one JSON line. */
class BenchRecordTest {
    @Test
    void jsonLineHasEveryField() throws Exception {
        BenchRecord r = new BenchRecord("train3d", "d", "NVIDIA H200", "580", "fp32", "abc", "2026-01-01T00:00:00Z",
                50.12345, 49.5, 20, 20.9, 21.75, 3L << 30);
        JsonNode n = new ObjectMapper().readTree(r.toJsonLine());
        assertEquals("jcare", n.path("system").asText());
        assertEquals(50.123, n.path("median_ms").asDouble());
        assertEquals(3072.0, n.path("peak_device_mib").asDouble());
        assertEquals(20, n.path("iterations").asInt());
        assertEquals("NVIDIA H200", n.path("device").asText());
    }
}
