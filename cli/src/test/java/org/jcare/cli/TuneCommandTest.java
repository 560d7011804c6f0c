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
import org.jcare.kernels.conv.UserTunedFile;
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

    @Test
    void withoutOutItWritesTheUsersCacheWhichLaterRunsUse(@TempDir Path home) throws Exception {
        // jcare tune in its own JVM whose home folder is a temporary one: the default place, as a user runs it
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), Jcare.class.getName(), "tune",
                "--seconds", "3", "--sizes", "tiny", "--only", "2d-k1", "--device", "cpu");
        pb.environment().remove(UserTunedFile.ENVIRONMENT_VARIABLE);
        pb.environment().remove(ConvTunedTable.ENVIRONMENT_VARIABLE);
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        Path file = home.resolve(".cache/jcare/tuned/tuned.json");
        assertEquals(file, UserTunedFile.path(java.util.Map.of(), home.toString()));
        assertTrue(Files.isRegularFile(file) && out.contains(file + " now holds its entry"), out);
        // what ConvTunedTable.load() reads in a later run there: the shipped table with this file over it
        ConvTunedTable later = ConvTunedTable.fromResource().overriddenBy(UserTunedFile.read(file, System.err));
        try (Engine engine = Engine.open("cpu")) {
            ConvTunedTable.DeviceEntry mine = ConvTunedTable.read(file).devices().get(engine.device().name());
            assertTrue(mine != null && !mine.entries().isEmpty(), Files.readString(file));
            ConvTunedTable.Entry e = mine.entries().get(0);
            assertEquals(e.tunables(), later.lookup(engine.device(), e.geometry()));
        }
        try (var s = Files.list(file.getParent())) {
            assertEquals(java.util.List.of("tuned.json"), s.map(f -> f.getFileName().toString()).toList(),
                    "no temporaries or locks left");
        }
    }
}
