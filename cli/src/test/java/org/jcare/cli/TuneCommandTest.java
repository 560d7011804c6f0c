package org.jcare.cli;

import static org.jcare.cli.CliTesting.args;
import static org.jcare.cli.CliTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jcare.engine.Engine;
import org.jcare.kernels.conv.ConvGeometry;
import org.jcare.kernels.conv.ConvTunedTable;
import org.jcare.kernels.conv.CpuClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuneCommandTest {
    @Test
    void tunesThisDeviceIntoTheGivenFileWithItsClassKeepingOtherDevices(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cache/tuned.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"format\": \"jcare-conv-tuned\", \"version\": 1, \"devices\": {\"Other CPU\":"
                + " {\"signatures\": []}}}");
        CliTesting.Result r = run(args("tune", "--seconds", "3", "--sizes", "tiny", "--only", "2d-k1", "--out", file,
                "--device", "cpu")).expect(0);
        assertTrue(r.out().contains("tuned ") && r.out().contains(file + " now holds its entry"), r.out());
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        ConvTunedTable table = ConvTunedTable.read(file);
        try (Engine engine = Engine.open("cpu")) {
            String name = engine.device().name();
            JsonNode entry = root.path("devices").path(name);
            assertTrue(entry.path("signatures").size() >= 1, root.toString());
            CpuClass cls = CpuClass.of(engine.device());
            assertEquals(cls.isa(), entry.path("class").path("isa").asText());
            assertEquals(cls.cores(), entry.path("class").path("cores").asInt());
            assertTrue(root.path("devices").has("Other CPU"), "other devices stay");
            // the engine's lookup finds the entry for this device
            assertEquals(table.devices().get(name).entries().get(0).tunables(), table.lookup(engine.device(),
                    table.devices().get(name).entries().get(0).geometry()));
        }
        assertTrue(run(args("tune", "--seconds", "0", "--out", file)).expect(2).err().contains("--seconds"));
        assertTrue(run(args("tune", "--out", dir)).expect(2).err().contains("is a folder"));
        Files.writeString(file, "not json");
        assertTrue(run(args("tune", "--seconds", "1", "--sizes", "tiny", "--only", "2d-k1", "--out", file,
                "--device", "cpu")).expect(2).err().contains("is not a tuned convolution file"));
    }
}
