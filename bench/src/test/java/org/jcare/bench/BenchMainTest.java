package org.jcare.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness main on one smoke workload: JSON lines appended to the file given. */
class BenchMainTest {
    @Test
    void appendsJsonLines(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("results/smoke.jsonl");
        BenchMain.main(new String[] {"--workload", "smoke", "--only", "smokerestore3d", "--json", json.toString()});
        BenchMain.main(new String[] {"--workload", "smoke", "--only", "smokerestore3d", "--json", json.toString()});
        List<String> lines = Files.readAllLines(json);
        assertEquals(2, lines.size(), "appended, not overwritten");
        for (String l : lines) {
            var n = new ObjectMapper().readTree(l);
            assertEquals("smokerestore3d", n.path("workload").asText());
            assertTrue(n.path("mvoxel_per_s").asDouble() > 0, l);
            assertTrue(!n.path("commit").asText().isEmpty() && !n.path("device").asText().isEmpty(), l);
        }
    }
}
