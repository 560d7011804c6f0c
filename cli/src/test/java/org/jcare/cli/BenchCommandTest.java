package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @Test
    void smokeSetAppendsOneJsonLinePerWorkloadAndProfile(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r/bench.jsonl");
        CliTesting.Result r = run(args("bench", "--workload", "smoke", "--profile", "--json", json)).expect(0);
        List<String> lines = Files.readAllLines(json);
        assertEquals(12, lines.size(), r.out()); // 6 workloads (4 standard, 2 of issue 11) and a profile of each
        var first = new ObjectMapper().readTree(lines.get(0));
        assertEquals("smoketrain3d", first.get("workload").asText());
        assertEquals("fp32", first.get("precision").asText());
        assertTrue(first.get("median_ms").asDouble() > 0);
        var profile = new ObjectMapper().readTree(lines.get(1));
        assertEquals("profile", profile.get("kind").asText());
        assertTrue(profile.get("families").size() > 3, lines.get(1));
        var restore = new ObjectMapper().readTree(lines.get(6));
        assertEquals("smokerestore2d", restore.get("workload").asText());
        assertTrue(r.out().contains("conv"), r.out());
        var iso = new ObjectMapper().readTree(lines.get(8));
        assertEquals("smokerestoreiso", iso.get("workload").asText());
        assertEquals("smoketrainproj", new ObjectMapper().readTree(lines.get(10)).get("workload").asText());
        assertTrue(r.out().contains("appended 12 records to " + json), r.out());
    }

    @Test
    void unknownSetIsBadInput() {
        assertTrue(run("bench", "--workload", "huge").expect(2).err().contains("--workload huge: unknown"));
        assertEquals(12, BenchCommand.workloads("gpu").size() + BenchCommand.workloads("cpu").size());
    }
}
