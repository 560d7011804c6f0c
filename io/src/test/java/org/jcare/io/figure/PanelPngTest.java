package org.jcare.io.figure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.jcare.io.FileFormatException;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PanelPngTest {
    @TempDir
    Path dir;

    @Test
    void writesPanelsOfRealDataSideBySide() throws Exception {
        Path tif = Path.of(PanelPngTest.class.getResource("/tiff/nucleus_conf_wf_crop.tif").toURI());
        FloatImage zcyx = new TiffReader().read(tif);
        FloatImage confocal = PanelPng.toPlane(new TiffReader().read(tif, "CZYX"), PanelPng.Reduction.MIDDLE);
        FloatImage projection = PanelPng.toPlane(zcyx, PanelPng.Reduction.MAX_PROJECTION);
        Path png = dir.resolve("panels.png");
        PanelPng.write(png, List.of(new PanelPng.Panel("middle slice", confocal),
                new PanelPng.Panel("max projection", projection)), false);
        // Two 48x64 panels shown 128 tall: 171 wide each (rounded), plus gaps.
        BufferedImage img = PngChecks.decode(png, 8 + 171 + 8 + 171 + 8, -1);
        assertTrue(img.getHeight() > 128 + 8, "title row above the 128-pixel panels");
        assertThrows(FileFormatException.class, () -> PanelPng.write(png, List.of(
                new PanelPng.Panel("x", confocal)), false));
    }

    @Test
    void middleAndMaxReductions() {
        FloatImage img = FloatImage.of("ZYX", new long[] {3, 1, 2}, new float[] {1, 9, 5, 2, 3, Float.NaN});
        assertArrayEquals(new float[] {5, 2}, PanelPng.toPlane(img, PanelPng.Reduction.MIDDLE).toArray(), 0f);
        assertArrayEquals(new float[] {5, 9}, PanelPng.toPlane(img, PanelPng.Reduction.MAX_PROJECTION).toArray(), 0f);
        assertThrows(IllegalArgumentException.class,
                () -> PanelPng.toPlane(FloatImage.zeros("YXC", 2, 2, 3), PanelPng.Reduction.MIDDLE));
        assertThrows(IllegalArgumentException.class, () -> PanelPng.render(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> PanelPng.render(List.of(new PanelPng.Panel("3d", FloatImage.zeros("ZYX", 2, 2, 2)))));
    }

    @Test
    void eachPanelUsesItsOwnRange() {
        float[] small = new float[100];
        float[] large = new float[100];
        for (int i = 0; i < 100; i++) {
            small[i] = i * 0.001f;
            large[i] = 1000 + i * 10;
        }
        BufferedImage a = PanelPng.grey(FloatImage.of("YX", new long[] {10, 10}, small));
        BufferedImage b = PanelPng.grey(FloatImage.of("YX", new long[] {10, 10}, large));
        assertEquals(a.getRaster().getSample(9, 9, 0), b.getRaster().getSample(9, 9, 0));
        assertEquals(255, a.getRaster().getSample(9, 9, 0));
        assertEquals(0, b.getRaster().getSample(0, 0, 0));
    }
}
