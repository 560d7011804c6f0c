package org.jcare.kernels.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jcare.engine.cl.DeviceInfo;
import org.jcare.engine.cl.DeviceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading tuned files, the lookup by device name and nearest bucket, and the errors, on described devices. */
class ConvTunedTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DeviceInfo device(String name, DeviceType type) {
        return new DeviceInfo(0, 0, 0, "platform", name, "vendor", "OpenCL 3.0", "1", "OpenCL C 1.2", type, 132,
                80L << 30, type == DeviceType.GPU ? 49152 : 524288, 20L << 30, 1024, 4096, 1, 0, "");
    }

    private static final DeviceInfo H200 = device("NVIDIA H200", DeviceType.GPU);
    private static final DeviceInfo H100 = device("NVIDIA H100 80GB HBM3", DeviceType.GPU);
    private static final ConvGeometry L0_3D = new ConvGeometry(16, 32, 32, 16, 64, 64, 3, 3, 3);
    private static final ConvGeometry L1_3D = new ConvGeometry(16, 64, 64, 8, 32, 32, 3, 3, 3);
    private static final ConvTunables.Gpu FAST_L0 = new ConvTunables.Gpu(64, 4, 4, 8, 32, 8, 32, 8, 64, 512, 512);
    private static final ConvTunables.Gpu FAST_L1 = new ConvTunables.Gpu(32, 4, 4, 16, 64, 2, 64, 16, 32, 256, 128);
    private static final ConvTunables.Gpu DEFAULT = new ConvTunables.Gpu(16, 8, 2, 8, 32, 4, 32, 8, 32, 256, 256);

    private static ObjectNode file() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", ConvTunedTable.FORMAT).put("version", ConvTunedTable.VERSION);
        ObjectNode dev = root.putObject("devices").putObject("NVIDIA H200");
        dev.put("driver", "580.159.04");
        dev.set("default", ConvTunedTable.tunablesJson(ConvTunables.NVIDIA_H200.withGpu("d", DEFAULT)));
        ArrayNode sigs = dev.putArray("signatures");
        for (Object[] s : new Object[][] {{L0_3D, FAST_L0}, {L1_3D, FAST_L1}}) {
            ObjectNode e = sigs.addObject();
            e.set("geometry", ConvTunedTable.geometryJson((ConvGeometry) s[0]));
            e.set("tunables", ConvTunedTable.tunablesJson(ConvTunables.NVIDIA_H200.withGpu("t", (ConvTunables.Gpu) s[1])));
            e.put("ms", 1.5);
        }
        return root;
    }

    private static ConvTunedTable table(ObjectNode root) {
        return ConvTunedTable.parse(root.toString(), "test file");
    }

    @Test
    void exactSignatureGivesItsWinner() {
        ConvTunedTable t = table(file());
        assertEquals(FAST_L0, t.lookup(H200, L0_3D).gpu());
        assertEquals(FAST_L1, t.lookup(H200, L1_3D).gpu());
        assertEquals(FAST_L0, ConvTunables.forGeometry(H200, L0_3D, t).gpu());
    }

    @Test
    void nearestBucketGoesByChannelsThenVoxels() {
        ConvTunedTable t = table(file());
        // same channels as L0, a quarter of the batch: still L0's bucket
        assertEquals(FAST_L0, t.lookup(H200, new ConvGeometry(4, 32, 32, 16, 64, 64, 3, 3, 3)).gpu());
        // 64 -> 64 at L0's size: channels win over the voxel count
        assertEquals(FAST_L1, t.lookup(H200, new ConvGeometry(16, 64, 64, 16, 64, 64, 3, 3, 3)).gpu());
        // a 2D 5x5 layer has no entry of its kernel size: the tuned default
        assertEquals(DEFAULT, t.lookup(H200, new ConvGeometry(16, 32, 32, 1, 128, 128, 1, 5, 5)).gpu());
        // 1x3x3 in 3D is not 3x3x3
        assertEquals(DEFAULT, t.lookup(H200, new ConvGeometry(1, 32, 32, 8, 64, 64, 1, 3, 3)).gpu());
    }

    @Test
    void otherDevicesAndTheEmptyTableGetTheBuiltInDefaults() {
        ConvTunedTable t = table(file());
        assertEquals(ConvTunables.NVIDIA_H100, t.lookup(H100, L0_3D));
        assertEquals(ConvTunables.NVIDIA_H200, ConvTunedTable.empty().lookup(H200, L0_3D));
    }

    @Test
    void withoutDefaultUntunedKernelSizesGetTheBuiltIn() {
        ObjectNode root = file();
        ((ObjectNode) root.path("devices").path("NVIDIA H200")).remove("default");
        assertEquals(ConvTunables.NVIDIA_H200, table(root).lookup(H200, new ConvGeometry(1, 32, 32, 1, 64, 64, 1, 5, 5)));
    }

    @Test
    void aTunedEntryTheDeviceCannotRunFallsBackToTheBuiltIn() {
        ObjectNode root = file();
        ObjectNode gpu = (ObjectNode) root.path("devices").path("NVIDIA H200").path("signatures").get(0)
                .path("tunables").path("gpu");
        gpu.put("ck", 64); // 64 x 10 x 66 x 4 B of halo: far over 48 KiB of local memory
        assertEquals(ConvTunables.NVIDIA_H200, table(root).lookup(H200, L0_3D));
    }

    @Test
    void tunablesAndGeometriesRoundTrip() {
        ConvTunables t = ConvTunables.POCL_AVX512.withGpu("x", FAST_L1);
        ConvTunables back = ConvTunedTable.tunablesFrom(ConvTunedTable.tunablesJson(t), "x", "here");
        assertEquals(t.cpu(), back.cpu());
        assertEquals(t.gpu(), back.gpu());
        assertEquals(L1_3D, ConvTunedTable.geometryFrom(ConvTunedTable.geometryJson(L1_3D), "here"));
    }

    @Test
    void errorsNameTheFileTheDeviceAndTheField() {
        ObjectNode missing = file();
        ((ObjectNode) missing.path("devices").path("NVIDIA H200").path("signatures").get(1).path("tunables")
                .path("cpu")).remove("wrt");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table(missing));
        assertTrue(e.getMessage().contains("test file") && e.getMessage().contains("NVIDIA H200")
                && e.getMessage().contains("signature 1") && e.getMessage().contains("wrt"), e.getMessage());

        ObjectNode unknown = file();
        ((ObjectNode) unknown.path("devices").path("NVIDIA H200").path("default").path("gpu")).put("tm", 4);
        e = assertThrows(IllegalArgumentException.class, () -> table(unknown));
        assertTrue(e.getMessage().contains("default") && e.getMessage().contains("tm"), e.getMessage());

        ObjectNode invalid = file();
        ((ObjectNode) invalid.path("devices").path("NVIDIA H200").path("default").path("gpu")).put("rco", 3);
        e = assertThrows(IllegalArgumentException.class, () -> table(invalid));
        assertTrue(e.getMessage().contains("rco 3"), e.getMessage());

        ObjectNode version = file().put("version", 99);
        e = assertThrows(IllegalArgumentException.class, () -> table(version));
        assertTrue(e.getMessage().contains("version"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConvTunedTable.parse("{\"format\": 1", "broken"));
        assertThrows(IllegalArgumentException.class, () -> ConvTunedTable.parse("{}", "not ours"));
    }

    @Test
    void readsFilesAndNamesAMissingOne(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tuned.json");
        Files.writeString(f, file().toString());
        assertEquals(FAST_L0, ConvTunedTable.read(f).lookup(H200, L0_3D).gpu());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvTunedTable.read(dir.resolve("nope.json")));
        assertTrue(e.getMessage().contains("nope.json"), e.getMessage());
    }

    @Test
    void theShippedResourceParses() {
        ConvTunedTable t = ConvTunedTable.fromResource();
        assertNotNull(t);
        assertTrue(t.source().contains(ConvTunedTable.RESOURCE), t.source());
        for (ConvTunedTable.DeviceEntry d : t.devices().values()) {
            assertTrue(!d.entries().isEmpty() || d.defaults() != null, d.name() + " has neither entries nor default");
        }
    }

    /**
     * The optional TF32 group: written only when it differs from the built-in tiles, read back whole, inherited from
     * the device default by signatures without their own, overridden by a signature's own; a missing field names
     * itself.
     */
    @Test
    void tf32TilesComeFromTheDeviceDefaultUnlessASignatureHasItsOwn() {
        ConvTf32Tunables candidate = new ConvTf32Tunables(32, 4, 64, 32, 32, 0, 0, false, new ConvTf32Weights(32, 16, 3, 32));
        ConvTf32Tunables own = new ConvTf32Tunables(32, 8, 32, 32, 32, 0, 128, false, new ConvTf32Weights(32, 8, 5, 32));
        ObjectNode root = file();
        ObjectNode dev = (ObjectNode) root.path("devices").path("NVIDIA H200");
        assertTrue(!dev.path("default").has("tf32"), "the built-in TF32 tiles are not written");
        ConvTunables.Gpu gpu = ConvTunables.NVIDIA_H200.gpu();
        dev.set("default", ConvTunedTable.tunablesJson(new ConvTunables("d", ConvTunables.NVIDIA_H200.cpu(), gpu, candidate)));
        ((ObjectNode) dev.path("signatures").get(1)).set("tunables",
                ConvTunedTable.tunablesJson(new ConvTunables("t", ConvTunables.NVIDIA_H200.cpu(), FAST_L1, own)));
        ConvTunedTable t = table(root);
        assertEquals(candidate, t.lookup(H200, L0_3D).tf32(), "signature 0 inherits the default's TF32 tiles");
        assertEquals(FAST_L0, t.lookup(H200, L0_3D).gpu());
        assertEquals(own, t.lookup(H200, L1_3D).tf32(), "signature 1 has its own");
        assertEquals(ConvTf32Tunables.DEFAULT, t.lookup(H100, L0_3D).tf32(), "another device: built in");

        ((ObjectNode) dev.path("default").path("tf32")).remove("wtaps");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table(root));
        assertTrue(e.getMessage().contains("default, tf32") && e.getMessage().contains("wtaps"), e.getMessage());
    }

    /**
     * The kernel generation in the TF32 group: written only for the pipelined kernels, read back, absent = the
     * single-stage kernels (files written before it existed still read the same), not an integer or out of range =
     * an error that names it.
     */
    @Test
    void tf32StagesAreOptionalAndChecked() {
        ConvTf32Tunables piped = new ConvTf32Tunables(32, 4, 64, 32, 32, 0, 0, false, new ConvTf32Weights(32, 16, 3, 32), 3);
        ObjectNode root = file();
        ObjectNode dev = (ObjectNode) root.path("devices").path("NVIDIA H200");
        ConvTunables.Gpu gpu = ConvTunables.NVIDIA_H200.gpu();
        dev.set("default", ConvTunedTable.tunablesJson(new ConvTunables("d", ConvTunables.NVIDIA_H200.cpu(), gpu, piped)));
        assertEquals(3, dev.path("default").path("tf32").path("stages").intValue());
        assertEquals(piped, table(root).lookup(H200, L0_3D).tf32());
        ((ObjectNode) dev.path("default").path("tf32")).remove("stages");
        assertEquals(piped.withStages(0), table(root).lookup(H200, L0_3D).tf32(), "absent: single-stage");
        assertTrue(!ConvTunedTable.tunablesJson(new ConvTunables("d", ConvTunables.NVIDIA_H200.cpu(), gpu,
                piped.withStages(0))).path("tf32").has("stages"), "single-stage tiles are written as before");
        ((ObjectNode) dev.path("default").path("tf32")).put("stages", "two");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table(root));
        assertTrue(e.getMessage().contains("stages is not an integer"), e.getMessage());
        ((ObjectNode) dev.path("default").path("tf32")).put("stages", 9);
        e = assertThrows(IllegalArgumentException.class, () -> table(root));
        assertTrue(e.getMessage().contains("stages 9"), e.getMessage());
    }
}
