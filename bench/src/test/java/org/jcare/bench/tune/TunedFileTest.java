package org.jcare.bench.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jcare.engine.cl.DeviceInfo;
import org.jcare.engine.cl.DeviceSelector;
import org.jcare.engine.cl.Devices;
import org.jcare.kernels.conv.ConvGeometry;
import org.jcare.kernels.conv.ConvTf32Tunables;
import org.jcare.kernels.conv.ConvTf32Weights;
import org.jcare.kernels.conv.ConvTunables;
import org.jcare.kernels.conv.ConvTunedTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Merging a device's entry into the tuned file and writing it. */
class TunedFileTest {
    private static final ConvGeometry A = new ConvGeometry(16, 32, 32, 16, 64, 64, 3, 3, 3);
    private static final ConvGeometry B = new ConvGeometry(16, 64, 64, 8, 32, 32, 3, 3, 3);

    private static ObjectNode entry(ConvTunables t, ConvGeometry... geometries) {
        ObjectNode e = TuningLog.object();
        e.set("default", ConvTunedTable.tunablesJson(ConvTunables.NVIDIA_H200));
        ArrayNode sigs = e.putArray("signatures");
        for (ConvGeometry g : geometries) {
            ObjectNode s = sigs.addObject();
            s.set("geometry", ConvTunedTable.geometryJson(g));
            s.set("tunables", ConvTunedTable.tunablesJson(t));
        }
        return e;
    }

    @Test
    void mergeReplacesTunedSignaturesKeepsTheRestAndOtherDevices(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tuned.json");
        ConvTunables first = ConvTunables.NVIDIA_H200.withGpu("a", new ConvTunables.Gpu(64, 4, 4, 8, 32, 8, 32, 8, 64, 512, 512));
        ConvTunables second = ConvTunables.NVIDIA_H200.withGpu("b", new ConvTunables.Gpu(16, 8, 2, 8, 32, 4, 32, 8, 32, 256, 256));
        ObjectNode doc = TunedFile.base(file, false); // no file yet: the jar's resource
        int shipped = doc.path("devices").size(); // the devices the jar already has tuned entries for
        assertTrue(!doc.path("devices").has("Test GPU A") && !doc.path("devices").has("Test GPU B"),
                "this test adds its own devices");
        TunedFile.merge(doc, "Test GPU A", entry(first, A, B));
        TunedFile.merge(doc, "Test GPU B", entry(first, A));
        TunedFile.write(doc, file);

        ObjectNode again = TunedFile.base(file, false);
        TunedFile.merge(again, "Test GPU A", entry(second, A));
        TunedFile.write(again, file);

        ConvTunedTable t = ConvTunedTable.read(file);
        assertEquals(shipped + 2, t.devices().size(), "the shipped devices kept, two added");
        assertEquals(2, t.devices().get("Test GPU A").entries().size(), "B kept, A replaced");
        for (ConvTunedTable.Entry e : t.devices().get("Test GPU A").entries()) {
            assertEquals(e.geometry().equals(A) ? second.gpu() : first.gpu(), e.tunables().gpu());
        }
        assertEquals(1, t.devices().get("Test GPU B").entries().size());
        assertTrue(Files.readString(file).contains("\n  \"devices\""), "pretty-printed for review");
        assertEquals(0, TunedFile.base(file, true).path("devices").size(), "fresh ignores the file");
    }

    @Test
    void refusesToMergeIntoAFileTheEngineCannotRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tuned.json");
        Files.writeString(file, "{\"format\": \"something else\"}");
        assertThrows(IllegalArgumentException.class, () -> TunedFile.base(file, false));
    }

    /**
     * Tf32Tiles sets this device's TF32 tiles (the pipelined kernels' stages included) in a copy of the tuned file; the
     * engine's lookup gives them for every shape, and a later tuner run for the device (which searches the fp32 tiles)
     * keeps them.
     */
    @Test
    void tf32TilesAreSetForTheDeviceAndSurviveATunerRun(@TempDir Path dir) throws Exception {
        ConvTf32Tunables tiles = new ConvTf32Tunables(32, 4, 64, 32, 32, 0, 0, false, new ConvTf32Weights(32, 16, 3, 32),
                3);
        Path file = Tf32Tiles.write(dir, null, tiles);
        DeviceInfo device = DeviceSelector.select(Devices.list(), DeviceSelector.effectiveSpec(null));
        ConvTunedTable t = ConvTunedTable.read(file);
        assertEquals(tiles, t.lookup(device, A).tf32());
        assertEquals(tiles, t.lookup(device, new ConvGeometry(1, 3, 5, 1, 40, 40, 1, 5, 5)).tf32());

        ObjectNode doc = TunedFile.base(file, false);
        TunedFile.merge(doc, device.name(), entry(ConvTunables.NVIDIA_H200, B));
        TunedFile.write(doc, file);
        assertEquals(tiles, ConvTunedTable.read(file).lookup(device, B).tf32(), "kept by the tuner's merge");
    }
}
