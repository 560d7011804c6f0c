package org.jcare.io.zarr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jcare.io.image.ImageFileException;
import org.jcare.io.image.Tczyx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZarrVolumeTest {
    @Test
    void opensOmeZarrGroupsAndNamedArrays() throws Exception {
        Path root = ZarrFixtures.root();
        try (ZarrVolume v = ZarrVolume.open(root.resolve("ome04.zarr"), null)) {
            assertEquals("ZYX", v.axes().letters());
            assertEquals(0.25, v.calibration().x());
            assertArrayEquals(ZarrFixtures.expected("f4"), v.read(new long[3], new int[] {5, 13, 17}));
        }
        try (ZarrVolume v = ZarrVolume.open(root.resolve("ome05.zarr"), null)) {
            assertEquals("TZYX", v.axes().letters());
            Tczyx t = new Tczyx(v);
            assertArrayEquals(new long[] {1, 1, 5, 13, 17}, t.shape());
            assertArrayEquals(ZarrFixtures.expected("f4"), t.read(new long[5], new int[] {1, 1, 5, 13, 17}));
        }
        try (ZarrVolume v = ZarrVolume.open(root.resolve("v3/zstd_crc32c"), null)) {
            assertEquals("ZYX", v.axes().letters(), "from dimension_names");
        }
        assertTrue(ZarrVolume.isZarr(root.resolve("v2/zstd")));
        assertFalse(ZarrVolume.isZarr(root));
    }

    @Test
    void arraysWithoutAxesNeedAnOverride(@TempDir Path dir) throws Exception {
        Path plain = ZarrFixtures.root().resolve("v2/zstd");
        ImageFileException e = assertThrows(ImageFileException.class, () -> ZarrVolume.open(plain, null));
        assertTrue(e.getMessage().contains("--axes"), e.getMessage());
        try (ZarrVolume v = ZarrVolume.open(plain, "zyx")) {
            assertEquals("ZYX", v.axes().letters());
        }
        e = assertThrows(ImageFileException.class, () -> ZarrVolume.open(plain, "YX"));
        assertTrue(e.getMessage().contains("dimensions"), e.getMessage());
        e = assertThrows(ImageFileException.class, () -> ZarrVolume.open(dir, null));
        assertTrue(e.getMessage().contains("not a Zarr folder"), e.getMessage());
    }
}
