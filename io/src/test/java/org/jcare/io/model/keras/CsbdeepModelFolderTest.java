package org.jcare.io.model.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.jcare.io.FileFormatException;
import org.jcare.io.model.ProjectionLayout;
import org.jcare.io.model.UNetLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsbdeepModelFolderTest {
    private static final Path FIXTURES = KerasWeightsFileTest.FIXTURES;

    static Path copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var s = Files.list(from)) {
            for (Path f : s.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    @Test
    void recognizesCsbdeepFoldersOnly(@TempDir Path tmp) throws Exception {
        assertTrue(CsbdeepModelFolder.isCsbdeepFolder(FIXTURES.resolve("keras2_2d")));
        assertFalse(CsbdeepModelFolder.isCsbdeepFolder(FIXTURES));
        Path mixed = copy(FIXTURES.resolve("keras2_2d"), tmp.resolve("m"));
        Files.writeString(mixed.resolve("weights.safetensors"), "x");
        assertFalse(CsbdeepModelFolder.isCsbdeepFolder(mixed), "a jcare folder with stray .h5 files stays jcare");
    }

    @Test
    void choosesBestWeightsEvenWhenLastIsNewer(@TempDir Path tmp) throws Exception {
        Path d = copy(FIXTURES.resolve("keras2_2d"), tmp.resolve("m"));
        Files.setLastModifiedTime(d.resolve("weights_best.h5"), FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(d.resolve("weights_last.h5"), FileTime.fromMillis(2_000_000));
        assertEquals(d.resolve("weights_best.h5"), CsbdeepModelFolder.chooseWeights(d));
        Files.delete(d.resolve("weights_best.h5"));
        assertEquals(d.resolve("weights_last.h5"), CsbdeepModelFolder.chooseWeights(d));
    }

    @Test
    void readsTheUNetOfTheConfig() throws Exception {
        CsbdeepModelFolder.Imported m = CsbdeepModelFolder.read(FIXTURES.resolve("keras2_3d"));
        UNetLayout l = CsbdeepModelFolder.unetLayout(m.config(), Path.of("config.json"), false);
        assertEquals(new UNetLayout(3, 1, 2, 1, new int[] {3, 3, 3}, 3, false, false, true, new int[] {2, 2, 2}), l);
        assertEquals(2 * l.convs().size(), m.tensors().size());
        assertArrayEquals(new long[] {3, 1, 3, 3, 3}, m.tensors().get("down_level_0_no_0.weight").shape());
        assertTrue(m.projection().isEmpty());
    }

    @Test
    void projectionCareMapsTheUnnamedProjectionLayersInConstructionOrder() throws Exception {
        CsbdeepModelFolder.Imported m = CsbdeepModelFolder.read(FIXTURES.resolve("projection"));
        ProjectionLayout p = m.projection().orElseThrow();
        assertEquals(6, p.convs().size()); // 2 down, 1 middle, 2 up, 1 head
        List<String> names = p.convs().stream().map(UNetLayout.Conv::name).toList();
        assertEquals(List.of("proj_down_level_0_no_0", "proj_down_level_1_no_0", "proj_middle_no_0",
                "proj_up_level_1_no_0", "proj_up_level_0_no_0", "proj_out"), names);
        KerasWeightsFile.Content c = KerasWeightsFile.read(FIXTURES.resolve("projection/weights_best.h5"));
        KerasWeightsFile.Weight headBias = c.weights().stream().filter(w -> w.weightName().equals("model/conv3d_5/bias:0"))
                .findFirst().orElseThrow();
        assertArrayEquals(headBias.values(), m.tensors().get("proj_out.bias").values());
        assertArrayEquals(new long[] {1, 2, 3, 3, 3}, m.tensors().get("proj_out.weight").shape());
        // the 2D denoiser: CSBDeep's named layers and its unnamed conv2d head
        assertArrayEquals(new long[] {1, 4, 1, 1}, m.tensors().get("head.weight").shape());
        assertEquals(2 * (6 + 7), m.tensors().size()); // denoiser depth 1: 2 down, 2 middle, 2 up, head
    }

    @Test
    void configThatDoesNotFitTheWeightsIsAnErrorNamingTheDataset(@TempDir Path tmp) throws Exception {
        Path d = copy(FIXTURES.resolve("keras2_2d"), tmp.resolve("m"));
        Files.writeString(d.resolve("config.json"), Files.readString(d.resolve("config.json"))
                .replace("\"unet_kern_size\": 3", "\"unet_kern_size\": 5"));
        FileFormatException e = assertThrows(FileFormatException.class, () -> CsbdeepModelFolder.read(d));
        assertTrue(e.getMessage().contains("weights_best.h5") && e.getMessage().contains("kernel:0 has shape [3, 3, 1, 4]")
                && e.getMessage().contains("needs [5, 5, 1, 4]"), e.getMessage());
        Files.writeString(d.resolve("config.json"), "{\"n_dim\": 2}");
        FileFormatException e2 = assertThrows(FileFormatException.class, () -> CsbdeepModelFolder.read(d));
        assertTrue(e2.getMessage().contains("n_channel_in is missing"), e2.getMessage());
    }
}
