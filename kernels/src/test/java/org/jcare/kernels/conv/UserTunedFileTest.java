package org.jcare.kernels.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jcare.engine.cl.DeviceInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserTunedFileTest {
    private static final ConvGeometry G = new ConvGeometry(1, 8, 8, 1, 16, 16, 1, 3, 3);

    /** A tuned file with one device whose default sets stripsPerChunk to {@code strips}. */
    private static String tunedFile(String device, int strips) {
        ObjectNode root = new ObjectMapper().createObjectNode().put("format", ConvTunedTable.FORMAT)
                .put("version", ConvTunedTable.VERSION);
        ObjectNode d = root.putObject("devices").putObject(device);
        ConvTunables t = ConvTunables.forDevice(CpuClassTest.pocl("x", "AuthenticAMD", 2, 8));
        ConvTunables.Cpu c = t.cpu();
        d.set("default", ConvTunedTable.tunablesJson(new ConvTunables("t", new ConvTunables.Cpu(c.vw(), c.rwv(),
                c.rco(), c.localSize(), c.ns(), c.cb(), c.wrco(), c.wrt(), c.wlocal(), strips), t.gpu(), t.tf32())));
        d.putArray("signatures");
        return root.toString();
    }

    @Test
    void theFileLivesInTheUsersCacheUnlessTheEnvironmentMovesIt() {
        assertEquals(Path.of("/home/u/.cache/jcare/tuned/tuned.json"), UserTunedFile.path(Map.of(), "/home/u"));
        assertEquals(Path.of("/elsewhere/t.json"), UserTunedFile.path(Map.of(UserTunedFile.ENVIRONMENT_VARIABLE,
                " /elsewhere/t.json "), "/home/u"));
        assertEquals(Path.of("/home/u/.cache/jcare/tuned/tuned.json"), UserTunedFile.path(Map.of(
                UserTunedFile.ENVIRONMENT_VARIABLE, " "), "/home/u"));
    }

    @Test
    void theUsersEntriesTakePrecedenceOverTheShippedTableAndADamagedFileIsIgnoredWithOneWarning(@TempDir Path home)
            throws Exception {
        DeviceInfo here = CpuClassTest.pocl("pthread-haswell-AMD Test CPU", "AuthenticAMD", 2, 8);
        ConvTunables builtIn = ConvTunables.forDevice(here);
        // no file: the shipped table, which has no entry for this invented device
        assertNull(UserTunedFile.read(home.resolve("none.json"), System.err));
        assertEquals(builtIn, ConvTunedTable.load(Map.of(), home.toString()).lookup(here, G));
        // the default place in the home folder
        Path file = home.resolve(".cache/jcare/tuned/tuned.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, tunedFile(here.name(), 32));
        ConvTunedTable loaded = ConvTunedTable.load(Map.of(), home.toString());
        assertEquals(32, loaded.lookup(here, G).cpu().stripsPerChunk(), loaded.source());
        assertTrue(loaded.source().contains(file.toString()), loaded.source());
        // a CPU of the same class without an entry of its own takes it too
        assertEquals(32, loaded.lookup(CpuClassTest.pocl("pthread-znver2-Other AMD", "AuthenticAMD", 4, 8), G).cpu()
                .stripsPerChunk());
        // moved by the environment; JCARE_CONV_TUNED=none turns all tuned data off
        Path moved = Files.writeString(home.resolve("moved.json"), tunedFile(here.name(), 64));
        assertEquals(64, ConvTunedTable.load(Map.of(UserTunedFile.ENVIRONMENT_VARIABLE, moved.toString()),
                home.toString()).lookup(here, G).cpu().stripsPerChunk());
        assertEquals(builtIn, ConvTunedTable.load(Map.of(ConvTunedTable.ENVIRONMENT_VARIABLE, "none"),
                home.toString()).lookup(here, G));
        // a damaged cache never stops a run: one warning, then the shipped table
        Files.writeString(file, "{\"format\": \"jcare-conv-tuned\", \"vers");
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        assertNull(UserTunedFile.read(file, new PrintStream(warnings, true, StandardCharsets.UTF_8)));
        String w = warnings.toString(StandardCharsets.UTF_8);
        assertEquals(1, w.lines().count(), w);
        assertTrue(w.startsWith("warning: ignoring the tuned convolution file " + file) && w.contains("jcare tune"), w);
        assertEquals(builtIn, ConvTunedTable.load(Map.of(), home.toString()).lookup(here, G));
    }
}
