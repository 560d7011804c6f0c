package org.jcare.io.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.image.ImageFileException;
import org.jcare.io.image.ImageVolume;
import org.jcare.io.image.Tczyx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TiffVolumeTest {
    private static FloatImage hyperstack() {
        FloatImage img = FloatImage.zeros("TZCYX", 2, 3, 2, 17, 23);
        for (int p = 0; p < img.planeCount(); p++) {
            float[] plane = img.plane(p);
            for (int i = 0; i < plane.length; i++) {
                plane[i] = p * 1000 + i * 0.5f - 40;
            }
        }
        return img.withCalibration(new Calibration(0.3, 0.3, 1.5, "µm", 2));
    }

    @Test
    void boxesEqualTheWholeImageReadByTiffReader(@TempDir Path dir) throws Exception {
        FloatImage img = hyperstack();
        // classic ImageJ TIFF (rows at their offsets) and BigTIFF (also uncompressed strips, 64-bit offsets)
        for (boolean big : new boolean[] {false, true}) {
            Path f = dir.resolve(big ? "big.tif" : "classic.tif");
            TiffWriter w = big ? new TiffWriter().bigTiffThreshold(0) : new TiffWriter();
            w.write(img, f);
            try (TiffVolume v = TiffVolume.open(f, null)) {
                assertEquals("TZCYX", v.axes().letters());
                assertEquals(1.5, v.calibration().z(), 1e-9);
                Tczyx t = new Tczyx(v);
                Tczyx ref = new Tczyx(new ImageVolume(new TiffReader().read(f), "ref"));
                long[] start = {1, 0, 1, 3, 5};
                int[] size = {1, 2, 2, 11, 13};
                assertArrayEquals(ref.read(start, size), t.read(start, size), f.toString());
            }
        }
    }

    @Test
    void compressedPagesAreDecodedByRegion(@TempDir Path dir) throws Exception {
        float[] data = new float[40 * 50];
        for (int i = 0; i < data.length; i++) {
            data[i] = (i % 50) * 3 + (i / 50);
        }
        Path f = dir.resolve("lzw.tif");
        // a tiled, deflate-compressed TIFF written by TwelveMonkeys
        javax.imageio.ImageWriter writer = new com.twelvemonkeys.imageio.plugins.tiff.TIFFImageWriterSpi()
                .createWriterInstance(null);
        try (javax.imageio.stream.ImageOutputStream out = new javax.imageio.stream.FileImageOutputStream(f.toFile())) {
            writer.setOutput(out);
            javax.imageio.ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionType("Deflate");
            java.awt.image.BufferedImage bi = new java.awt.image.BufferedImage(50, 40,
                    java.awt.image.BufferedImage.TYPE_USHORT_GRAY);
            for (int y = 0; y < 40; y++) {
                for (int x = 0; x < 50; x++) {
                    bi.getRaster().setSample(x, y, 0, (int) data[y * 50 + x]);
                }
            }
            writer.write(null, new javax.imageio.IIOImage(bi, null, null), p);
        } finally {
            writer.dispose();
        }
        try (TiffVolume v = TiffVolume.open(f, null)) {
            assertEquals("YX", v.axes().letters());
            float[] box = v.read(new long[] {10, 20}, new int[] {5, 7});
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 7; x++) {
                    assertEquals(data[(10 + y) * 50 + 20 + x], box[y * 7 + x]);
                }
            }
        }
    }

    @Test
    void axesOverridesFollowTiffReader(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("h.tif");
        new TiffWriter().write(hyperstack(), f);
        try (TiffVolume v = TiffVolume.open(f, "CZTYX")) {
            assertEquals("TZCYX", v.axes().letters(), "boxes in TZCYX order; Tczyx reorders them");
        }
        ImageFileException e = assertThrows(ImageFileException.class, () -> TiffVolume.open(f, "ZCYX"));
        assertEquals(true, e.getMessage().contains("T=2"), e.getMessage());
    }
}
