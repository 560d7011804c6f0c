package org.jcare.io.tiff;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Collections;
import org.jcare.io.image.ImageFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TifffileShapeTest {
    @TempDir
    Path dir;

    @Test
    void pageCountMustMatchTheAnnouncedShape() throws Exception {
        Path ok = TiffFixtures.raw(dir.resolve("ok.tif"), 2, 2, 8, 1, Collections.nCopies(3, new byte[4]),
                "{\"shape\": [3, 2, 2]}", ByteOrder.LITTLE_ENDIAN);
        TifffileShape.requirePages(TiffStructure.read(ok));
        Path bad = TiffFixtures.raw(dir.resolve("bad.tif"), 2, 2, 8, 1, Collections.nCopies(2, new byte[4]),
                "{\"shape\": [3, 2, 2]}", ByteOrder.LITTLE_ENDIAN);
        assertThrows(ImageFileException.class, () -> TifffileShape.requirePages(TiffStructure.read(bad)));
        Path other = TiffFixtures.raw(dir.resolve("other.tif"), 2, 2, 8, 1, Collections.nCopies(2, new byte[4]),
                "{not json", ByteOrder.LITTLE_ENDIAN);
        TifffileShape.requirePages(TiffStructure.read(other));
    }
}
