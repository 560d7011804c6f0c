package org.jcare.io.model.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jcare.io.FileFormatException;
import org.jcare.io.model.Safetensors;
import org.jcare.io.model.TensorData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state dict files PyTorch reads and writes: {@code written_by_jcare.pt} was loaded by Debian's PyTorch 1.13 with
 * {@code torch.load(weights_only=True)} into the independent CARE U-Net and reproduced that network's output
 * ({@code src/test/resources/torch/check_pt.py}); {@code saved_by_torch.pt} is what {@code torch.save} wrote back.
 */
class TorchStateDictTest {
    static final Path FIXTURES = Path.of("src", "test", "resources", "torch");

    /** The weights of the fixture network, in the module order of bench/pytorch/care_unet.py. */
    static Map<String, TensorData> weights() throws Exception {
        Map<String, TensorData> all = Safetensors.parse(Files.readAllBytes(FIXTURES.resolve("weights.safetensors")),
                FIXTURES.resolve("weights.safetensors")).tensors();
        Map<String, TensorData> ordered = new LinkedHashMap<>();
        for (String layer : List.of("down_level_0_no_0", "down_level_0_no_1", "down_level_1_no_0", "down_level_1_no_1",
                "middle_0", "middle_2", "up_level_1_no_0", "up_level_1_no_2", "up_level_0_no_0", "up_level_0_no_2",
                "head", "head_scale")) {
            ordered.put(layer + ".weight", all.get(layer + ".weight"));
            ordered.put(layer + ".bias", all.get(layer + ".bias"));
        }
        return ordered;
    }

    @Test
    void writesExactlyTheFileThatPyTorchLoaded() throws Exception {
        byte[] written = TorchStateDict.toBytes(weights());
        Path fixture = FIXTURES.resolve("written_by_jcare.pt");
        if (Boolean.getBoolean("jcare.writeFixtures")) {
            Files.write(fixture, written);
        }
        assertArrayEquals(Files.readAllBytes(fixture), written,
                "the writer changed: regenerate with -Djcare.writeFixtures=true and check it with check_pt.py");
    }

    @Test
    void dataRecordsAreStoredAndAligned(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("w.pt");
        Files.write(f, TorchStateDict.toBytes(weights()));
        try (ZipFile z = new ZipFile(f.toFile())) {
            ZipEntry e = z.getEntry("archive/data/0");
            assertEquals(ZipEntry.STORED, e.getMethod());
            assertTrue(z.getEntry("archive/data.pkl") != null && z.getEntry("archive/version") != null);
        }
        byte[] b = Files.readAllBytes(f);
        // every local header's data starts on a 64-byte boundary
        for (int i = 0; i + 30 < b.length; i++) {
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 3 && b[i + 3] == 4) {
                int nameLen = (b[i + 26] & 0xff) | (b[i + 27] & 0xff) << 8;
                int extraLen = (b[i + 28] & 0xff) | (b[i + 29] & 0xff) << 8;
                assertEquals(0, (i + 30 + nameLen + extraLen) % 64, "data offset of the entry at " + i);
            }
        }
    }

    @Test
    void readsWhatTorchSaveWrote() throws Exception {
        Map<String, TensorData> read = TorchStateDict.read(Files.readAllBytes(FIXTURES.resolve("saved_by_torch.pt")),
                FIXTURES.resolve("saved_by_torch.pt"));
        assertEquals(weights(), read);
        assertEquals(List.copyOf(weights().keySet()), List.copyOf(read.keySet()));
        assertEquals(weights(), TorchStateDict.read(TorchStateDict.toBytes(weights()), Path.of("x.pt")));
    }

    @Test
    void anythingButTensorsIsRefused() {
        byte[] pickle = {(byte) 0x80, 2, 'c', 'o', 's', '\n', 's', 'y', 's', 't', 'e', 'm', '\n', '.'};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Unpickler(pickle).load());
        assertTrue(e.getMessage().contains("os.system"), e.getMessage());
        assertThrows(FileFormatException.class, () -> TorchStateDict.read(new byte[] {1, 2, 3}, Path.of("bad.pt")));
    }
}
