package org.jcare.io.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.image.ImageFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TiffWriterTest {
    @TempDir
    Path dir;

    private final TiffReader reader = new TiffReader();

    /** A TZCYX image whose voxels are random, including negative, tiny and huge floats. */
    static FloatImage randomImage(String axes, long... shape) {
        FloatImage img = FloatImage.zeros(axes, shape);
        Random r = new Random(42);
        for (int p = 0; p < img.planeCount(); p++) {
            float[] pl = img.plane(p);
            for (int i = 0; i < pl.length; i++) {
                pl[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(12) - 6));
            }
        }
        return img;
    }

    private static void assertSameVoxels(FloatImage expected, FloatImage actual) {
        assertEquals(expected.axes(), actual.axes());
        assertArrayEquals(expected.shape(), actual.shape());
        for (int p = 0; p < expected.planeCount(); p++) {
            assertArrayEquals(expected.plane(p), actual.plane(p), 0f, "plane " + p);
        }
    }

    @Test
    void roundTripKeepsAxesCalibrationAndValues() throws Exception {
        Calibration cal = new Calibration(0.1234, 0.2345, 0.5, "micron", 2.5);
        FloatImage img = randomImage("TZCYX", 2, 3, 2, 5, 7).withCalibration(cal);
        Path f = dir.resolve("hyper.tif");
        new TiffWriter().write(img, f);
        FloatImage back = reader.read(f);
        assertSameVoxels(img, back);
        Calibration c = back.calibration();
        // ImageJ stores 1/width as a rational with denominator 10^6; spacing and interval are exact decimal text.
        assertEquals(cal.x(), c.x(), cal.x() * 1e-6);
        assertEquals(cal.y(), c.y(), cal.y() * 1e-6);
        assertEquals(cal.z(), c.z(), 0);
        assertEquals(cal.t(), c.t(), 0);
        assertEquals("micron", c.unit());
    }

    @Test
    void imageJOpensWhatWasWritten() throws Exception {
        FloatImage img = randomImage("TZCYX", 3, 4, 2, 6, 9)
                .withCalibration(new Calibration(0.25, 0.25, 1.5, "µm", 0.5));
        Path f = dir.resolve("forimagej.tif");
        new TiffWriter().write(img, f);
        ImagePlus imp = IJ.openImage(f.toString());
        assertEquals(2, imp.getNChannels());
        assertEquals(4, imp.getNSlices());
        assertEquals(3, imp.getNFrames());
        assertEquals(9, imp.getWidth());
        assertEquals(6, imp.getHeight());
        assertEquals(32, imp.getBitDepth());
        assertEquals(0.25, imp.getCalibration().pixelWidth, 1e-6);
        assertEquals(1.5, imp.getCalibration().pixelDepth, 0);
        assertEquals(0.5, imp.getCalibration().frameInterval, 0);
        assertEquals("µm", imp.getCalibration().getUnit());
        // Voxel (t=2, z=1, c=1, y=3, x=4) at ImageJ position (channel 2, slice 2, frame 3).
        imp.setPositionWithoutUpdate(2, 2, 3);
        assertEquals(img.get(2, 1, 1, 3, 4), imp.getProcessor().getf(4, 3));
    }

    @Test
    void permutesAnyAxesOrderToImageJOrder() throws Exception {
        FloatImage czyx = randomImage("CZYX", 3, 2, 4, 5);
        Path f = dir.resolve("perm.tif");
        new TiffWriter().write(czyx, f);
        FloatImage back = reader.read(f);
        assertEquals("ZCYX", back.axes().letters());
        assertEquals(czyx.get(2, 1, 3, 4), back.get(1, 2, 3, 4));
        // X before Y: the planes themselves are transposed.
        FloatImage xy = randomImage("XY", 3, 5);
        Path g = dir.resolve("xy.tif");
        new TiffWriter().write(xy, g);
        FloatImage yx = reader.read(g);
        assertArrayEquals(new long[] {5, 3}, yx.shape());
        assertEquals(xy.get(2, 4), yx.get(4, 2));
    }

    @Test
    void inputIsNotModified() throws Exception {
        FloatImage img = randomImage("CYX", 2, 3, 4);
        float[] before = img.toArray();
        new TiffWriter().write(img, dir.resolve("same.tif"));
        assertArrayEquals(before, img.toArray(), 0f);
    }

    @Test
    void refusesToOverwriteUnlessAsked() throws Exception {
        Path f = dir.resolve("exists.tif");
        FloatImage a = randomImage("YX", 3, 4);
        new TiffWriter().write(a, f);
        byte[] first = Files.readAllBytes(f);
        ImageFileException e = assertThrows(ImageFileException.class, () -> new TiffWriter().write(a, f));
        assertTrue(e.getMessage().contains("exists.tif") && e.getMessage().contains("overwrite"), e.getMessage());
        assertArrayEquals(first, Files.readAllBytes(f));
        FloatImage b = FloatImage.zeros("YX", 2, 2);
        new TiffWriter().overwrite(true).write(b, f);
        assertArrayEquals(new long[] {2, 2}, reader.read(f).shape());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(1, left.count(), "no temporary file is left behind");
        }
    }

    @Test
    void rejectsSamplesAxisAndMissingFolder() {
        FloatImage s = FloatImage.zeros("SYX", 2, 3, 3);
        ImageFileException e = assertThrows(ImageFileException.class,
                () -> new TiffWriter().write(s, dir.resolve("s.tif")));
        assertTrue(e.getMessage().contains("s.tif") && e.getMessage().contains("S (samples)"), e.getMessage());
        Path nowhere = dir.resolve("no/such/folder/x.tif");
        ImageFileException m = assertThrows(ImageFileException.class,
                () -> new TiffWriter().write(FloatImage.zeros("YX", 2, 2), nowhere));
        assertTrue(m.getMessage().contains("does not exist"), m.getMessage());
        assertFalse(Files.exists(dir.resolve("s.tif")));
    }

    @Test
    void bigTiffPathRoundTrips() throws Exception {
        Calibration cal = new Calibration(0.1234, 0.1234, 0.75, "µm", 3);
        FloatImage img = randomImage("TZCYX", 2, 3, 2, 4, 5).withCalibration(cal);
        TiffWriter small = new TiffWriter().bigTiffThreshold(0);
        assertTrue(small.writesBigTiff(img));
        assertFalse(new TiffWriter().writesBigTiff(img));
        Path f = dir.resolve("big.tif");
        small.write(img, f);
        byte[] head = Files.readAllBytes(f);
        assertEquals('I', head[0]);
        assertEquals(43, head[2], "BigTIFF magic");
        assertTrue(new String(head, StandardCharsets.ISO_8859_1).contains("ImageJ="));
        FloatImage back = reader.read(f);
        assertSameVoxels(img, back);
        assertEquals(0.1234, back.calibration().x(), 0, "BigTIFF resolution is an exact continued-fraction rational");
        assertEquals(0.75, back.calibration().z(), 0);
        assertEquals(3, back.calibration().t(), 0);
    }

    @Test
    void bigTiffThresholdIsBounded() {
        assertThrows(IllegalArgumentException.class, () -> new TiffWriter().bigTiffThreshold(-1));
        assertThrows(IllegalArgumentException.class, () -> new TiffWriter().bigTiffThreshold(1L << 33));
    }
}
