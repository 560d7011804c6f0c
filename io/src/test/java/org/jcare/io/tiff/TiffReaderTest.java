package org.jcare.io.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageWriterSpi;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.TiffEncoder;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferUShort;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageOutputStream;
import javax.imageio.stream.ImageOutputStream;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.image.ImageFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TiffReaderTest {
    @TempDir
    Path dir;

    private final TiffReader reader = new TiffReader();

    static Path resource(String name) {
        try {
            return Path.of(TiffReaderTest.class.getResource("/tiff/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- real data ----

    @Test
    void readsImageJZStackWithCalibration() throws Exception {
        FloatImage img = reader.read(resource("spots3d_neubias.tif"));
        assertEquals("ZYX", img.axes().letters());
        assertArrayEquals(new long[] {17, 88, 89}, img.shape());
        Calibration c = img.calibration();
        assertEquals(0.09413445393497549, c.x(), 1e-6);
        assertEquals(0.4, c.z(), 1e-12);
        assertEquals("µm", c.unit());
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int p = 0; p < img.planeCount(); p++) {
            for (float v : img.plane(p)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        // Values of the provenance record (tifffile: min 208, max 54004).
        assertEquals(208f, min);
        assertEquals(54004f, max);
    }

    @Test
    void readsImageJHyperstackWithChannels() throws Exception {
        FloatImage img = reader.read(resource("nucleus_conf_wf_crop.tif"));
        assertEquals("ZCYX", img.axes().letters());
        assertArrayEquals(new long[] {12, 2, 48, 64}, img.shape());
        assertEquals(0.5118778700352326, img.calibration().x(), 1e-6);
        assertEquals(0.4994126016284111, img.calibration().z(), 0);
        assertEquals("micron", img.calibration().unit());
        // Checked against ImageJ's own reading of the same file.
        ImagePlus imp = ij.IJ.openImage(resource("nucleus_conf_wf_crop.tif").toString());
        imp.setPositionWithoutUpdate(2, 5, 1);
        assertEquals(imp.getProcessor().getf(10, 20), img.get(4, 1, 20, 10));
    }

    @Test
    void readsUncalibrated2dAndPlainMultiPageFromTifffile() throws Exception {
        FloatImage mt = reader.read(resource("microtubules2d_neubias.tif"));
        assertEquals("YX", mt.axes().letters());
        assertArrayEquals(new long[] {164, 164}, mt.shape());
        assertEquals(Calibration.NONE.x(), mt.calibration().x());
        FloatImage nuc = reader.read(resource("nucleus3d_cells3d_crop.tif"));
        assertEquals("ZYX", nuc.axes().letters());
        assertArrayEquals(new long[] {60, 60, 50}, nuc.shape());
    }

    // ---- bit depths made with ImageJ ----

    @Test
    void reads8And16BitStacksSavedByImageJ() throws Exception {
        ImageStack s8 = new ImageStack(5, 4);
        ImageStack s16 = new ImageStack(5, 4);
        for (int z = 0; z < 3; z++) {
            byte[] b = new byte[20];
            short[] sh = new short[20];
            for (int i = 0; i < 20; i++) {
                b[i] = (byte) (z * 80 + i);
                sh[i] = (short) (z * 20000 + i * 7);
            }
            s8.addSlice(new ByteProcessor(5, 4, b));
            s16.addSlice(new ShortProcessor(5, 4, sh, null));
        }
        Path f8 = TiffFixtures.saveWithImageJ(new ImagePlus("b", s8), dir.resolve("b8.tif"));
        Path f16 = TiffFixtures.saveWithImageJ(new ImagePlus("s", s16), dir.resolve("s16.tif"));
        FloatImage i8 = reader.read(f8);
        FloatImage i16 = reader.read(f16);
        assertEquals("ZYX", i8.axes().letters());
        assertArrayEquals(new long[] {3, 4, 5}, i16.shape());
        assertEquals(2 * 80 + 19, i8.get(2, 3, 4));
        assertEquals(40000 + 19 * 7, i16.get(2, 3, 4));
    }

    @Test
    void readsRgbAsThreeChannels() throws Exception {
        ColorProcessor cp = new ColorProcessor(3, 2);
        cp.set(1, 1, (10 << 16) | (20 << 8) | 30);
        Path f = TiffFixtures.saveWithImageJ(new ImagePlus("rgb", cp), dir.resolve("rgb.tif"));
        FloatImage img = reader.read(f);
        assertEquals("CYX", img.axes().letters());
        assertEquals(10f, img.get(0, 1, 1));
        assertEquals(20f, img.get(1, 1, 1));
        assertEquals(30f, img.get(2, 1, 1));
    }

    @Test
    void readsSigned16AndLzwCompressedThroughTheirCodecs() throws Exception {
        short[] values = {-32768, -5, 0, 7, 32767, 1234};
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN);
        for (short v : values) {
            b.putShort(v);
        }
        Path fs = TiffFixtures.raw(dir.resolve("signed.tif"), 3, 2, 16, 2, List.of(b.array()), null,
                ByteOrder.BIG_ENDIAN);
        BufferedImage gray = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY);
        System.arraycopy(values, 0, ((DataBufferUShort) gray.getRaster().getDataBuffer()).getData(), 0, 6);
        Path fl = dir.resolve("lzw.tif");
        writeTwelveMonkeys(new IIOImage(gray, null, null), fl, "LZW");
        FloatImage s = reader.read(fs);
        FloatImage l = reader.read(fl);
        for (int i = 0; i < 6; i++) {
            assertEquals(values[i], s.getFlat(i), "signed sample " + i);
            assertEquals(values[i] & 0xffff, l.getFlat(i), "LZW sample " + i);
        }
    }

    private static void writeTwelveMonkeys(IIOImage image, Path file, String compression) throws IOException {
        ImageWriter w = new TIFFImageWriterSpi().createWriterInstance(null);
        try (ImageOutputStream out = new FileImageOutputStream(file.toFile())) {
            w.setOutput(out);
            ImageWriteParam p = w.getDefaultWriteParam();
            if (compression != null) {
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionType(compression);
            }
            w.write(null, image, p);
        } finally {
            w.dispose();
        }
    }

    @Test
    void readsSigned32BitIntegers() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4 * 4).order(ByteOrder.LITTLE_ENDIAN);
        int[] v = {-100000, 0, 5, 16777216};
        for (int x : v) {
            b.putInt(x);
        }
        Path f = TiffFixtures.raw(dir.resolve("i32.tif"), 2, 2, 32, 2, List.of(b.array()), null,
                ByteOrder.LITTLE_ENDIAN);
        FloatImage img = reader.read(f);
        for (int i = 0; i < 4; i++) {
            assertEquals((float) v[i], img.getFlat(i));
        }
    }

    // ---- OME-TIFF ----

    @Test
    void readsOmeTiffAxesOrderAndPhysicalSizes() throws Exception {
        // Z=3, C=2, T=2 stored in DimensionOrder XYCZT: C fastest, then Z, then T. Value = 100t + 10z + c.
        int sz = 3;
        int sc = 2;
        int st = 2;
        ImageStack stack = new ImageStack(4, 3);
        for (int t = 0; t < st; t++) {
            for (int z = 0; z < sz; z++) {
                for (int c = 0; c < sc; c++) {
                    float[] px = new float[12];
                    java.util.Arrays.fill(px, 100 * t + 10 * z + c);
                    stack.addSlice(null, px);
                }
            }
        }
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\">"
                + "<Image ID=\"Image:0\"><Pixels ID=\"Pixels:0\" DimensionOrder=\"XYCZT\" Type=\"float\""
                + " SizeX=\"4\" SizeY=\"3\" SizeZ=\"3\" SizeC=\"2\" SizeT=\"2\""
                + " PhysicalSizeX=\"0.25\" PhysicalSizeXUnit=\"µm\" PhysicalSizeY=\"0.25\" PhysicalSizeZ=\"750\""
                + " PhysicalSizeZUnit=\"nm\" TimeIncrement=\"1500\" TimeIncrementUnit=\"ms\">"
                + "<Channel ID=\"Channel:0:0\"/><Channel ID=\"Channel:0:1\"/><TiffData/></Pixels></Image></OME>";
        Path f = dir.resolve("ome.ome.tif");
        writeWithDescription(new ImagePlus("ome", stack), xml, f);
        FloatImage img = reader.read(f);
        assertEquals("TZCYX", img.axes().letters());
        assertArrayEquals(new long[] {2, 3, 2, 3, 4}, img.shape());
        assertEquals(121f, img.get(1, 2, 1, 0, 0));
        assertEquals(10f, img.get(0, 1, 0, 2, 3));
        Calibration c = img.calibration();
        assertEquals(0.25, c.x());
        assertEquals(0.75, c.z(), 1e-12);
        assertEquals(1.5, c.t(), 1e-12);
        assertEquals("µm", c.unit());
    }

    @Test
    void readsOmeTiffWrittenByTifffile() throws Exception {
        FloatImage img = reader.read(resource("ome_tczyx_tifffile.ome.tif"));
        assertEquals("TZCYX", img.axes().letters());
        assertArrayEquals(new long[] {2, 3, 2, 8, 8}, img.shape());
        // Written as arange over TCZYX: voxel (t, c, z, y, x) holds ((((t*2 + c)*3 + z)*8 + y)*8 + x).
        assertEquals((((1 * 2 + 0) * 3 + 2) * 8 + 5) * 8 + 6, img.get(1, 2, 0, 5, 6));
        assertEquals((((0 * 2 + 1) * 3 + 1) * 8 + 7) * 8 + 1, img.get(0, 1, 1, 7, 1));
        assertEquals(0.2, img.calibration().x());
        assertEquals(0.5, img.calibration().z());
        assertEquals(2.0, img.calibration().t());
    }

    @Test
    void readsTiledDeflatedBigTiffWrittenByTifffile() throws Exception {
        FloatImage img = reader.read(resource("bigtiff_tiled_deflate.tif"));
        assertEquals("ZYX", img.axes().letters());
        assertArrayEquals(new long[] {3, 32, 32}, img.shape());
        for (long i = 0; i < img.numel(); i += 37) {
            assertEquals(i * 0.5f - 100, img.getFlat(i));
        }
    }

    /** An ImageJ-encoded TIFF whose description is {@code description} (as an OME-TIFF writer would put it). */
    private static void writeWithDescription(ImagePlus imp, String description, Path file) throws IOException {
        FileInfo fi = imp.getFileInfo();
        fi.description = description;
        try (OutputStream os = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(os)) {
            new TiffEncoder(fi).write(out);
        }
        // ImageJ's encoder writes the description as bytes of the platform charset; OME-XML is UTF-8.
        assertTrue(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).contains("PhysicalSizeZ"));
    }

    // ---- axes override ----

    @Test
    void overrideAddsSingletonsAndPermutes() throws Exception {
        FloatImage img = reader.read(resource("spots3d_neubias.tif"), "CZYX");
        assertArrayEquals(new long[] {1, 17, 88, 89}, img.shape());
        FloatImage t = reader.read(resource("spots3d_neubias.tif"), "ZXY");
        assertArrayEquals(new long[] {17, 89, 88}, t.shape());
        FloatImage base = reader.read(resource("spots3d_neubias.tif"));
        assertEquals(base.get(3, 10, 20), t.get(3, 20, 10));
    }

    @Test
    void overridePutsPlainPagesOnTheNamedAxis() throws Exception {
        FloatImage t = reader.read(resource("nucleus3d_cells3d_crop.tif"), "TYX");
        assertEquals("TYX", t.axes().letters());
        assertArrayEquals(new long[] {60, 60, 50}, t.shape());
        FloatImage c = reader.read(resource("nucleus3d_cells3d_crop.tif"), "CYX");
        assertEquals("CYX", c.axes().letters());
    }

    @Test
    void overrideThatDoesNotFitNamesFileAxesAndShape() {
        Path f = resource("spots3d_neubias.tif");
        ImageFileException e = assertThrows(ImageFileException.class, () -> reader.read(f, "YX"));
        assertTrue(e.getMessage().contains("spots3d_neubias.tif"), e.getMessage());
        assertTrue(e.getMessage().contains("'YX'"), e.getMessage());
        assertTrue(e.getMessage().contains("[17, 88, 89]"), e.getMessage());
        assertTrue(e.getMessage().contains("Z=17"), e.getMessage());
        ImageFileException s = assertThrows(ImageFileException.class, () -> reader.read(f, "SZYX"));
        assertTrue(s.getMessage().contains("S (samples)"), s.getMessage());
        assertThrows(ImageFileException.class, () -> reader.read(f, "ZQYX"));
    }

    // ---- errors ----

    @Test
    void missingFileIsAnError() {
        Path f = dir.resolve("nothing.tif");
        ImageFileException e = assertThrows(ImageFileException.class, () -> reader.read(f));
        assertTrue(e.getMessage().contains("nothing.tif") && e.getMessage().contains("does not exist"));
        assertEquals(f, e.file());
    }

    @Test
    void pngOrTextRenamedTifIsNotATiff() throws Exception {
        Path png = dir.resolve("picture.tif");
        javax.imageio.ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY), "png", png.toFile());
        ImageFileException e = assertThrows(ImageFileException.class, () -> reader.read(png));
        assertTrue(e.getMessage().contains("not a TIFF") && e.getMessage().contains("PNG"), e.getMessage());
        Path txt = Files.writeString(dir.resolve("notes.tif"), "hello, this is text");
        ImageFileException t = assertThrows(ImageFileException.class, () -> reader.read(txt));
        assertTrue(t.getMessage().contains("notes.tif") && t.getMessage().contains("not a TIFF"), t.getMessage());
        Path tiny = Files.write(dir.resolve("tiny.tif"), new byte[] {'I', 'I'});
        assertThrows(ImageFileException.class, () -> reader.read(tiny));
    }

    @Test
    void truncatedFilesAreErrors() throws Exception {
        byte[] all = Files.readAllBytes(resource("spots3d_neubias.tif"));
        Path half = Files.write(dir.resolve("half.tif"), java.util.Arrays.copyOf(all, all.length / 2));
        ImageFileException e = assertThrows(ImageFileException.class, () -> reader.read(half));
        assertTrue(e.getMessage().contains("half.tif") && e.getMessage().contains("truncated"), e.getMessage());
        Path head = Files.write(dir.resolve("head.tif"), java.util.Arrays.copyOf(all, 100));
        assertThrows(ImageFileException.class, () -> reader.read(head));
        // A plain multi-page file cut inside its last page.
        byte[] plain = Files.readAllBytes(resource("nucleus3d_cells3d_crop.tif"));
        Path cut = Files.write(dir.resolve("cut.tif"), java.util.Arrays.copyOf(plain, plain.length - 3000));
        assertThrows(ImageFileException.class, () -> reader.read(cut));
    }

    @Test
    void float64FilesFromTifffileAreReadAndRoundedToFloat32() throws Exception {
        // numpy's default dtype, written by tifffile (make_tifffile_fixtures.py): strips of 5 rows, and Deflate
        for (String name : List.of("float64_zyx_tifffile.tif", "float64_zyx_deflate_tifffile.tif")) {
            FloatImage img = reader.read(resource(name));
            assertEquals("ZYX", img.axes().letters(), name);
            assertArrayEquals(new long[] {2, 12, 10}, img.shape(), name);
            float[] v = img.toArray();
            for (int i = 0; i < v.length; i++) {
                assertEquals((float) ((i * 0.25 - 7) / 3), v[i], 0f, name + " voxel " + i);
            }
            assertArrayEquals(img.shape(), reader.inspect(resource(name), null).shape(), name);
        }
        // big-endian, written by hand: the byte order is honoured
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(32).order(ByteOrder.BIG_ENDIAN);
        for (double d : new double[] {1.5, -2.25, 1e300, Math.PI}) {
            b.putDouble(d);
        }
        Path f64 = TiffFixtures.raw(dir.resolve("f64.tif"), 2, 2, 64, 3, List.of(b.array()), null,
                ByteOrder.BIG_ENDIAN);
        assertArrayEquals(new float[] {1.5f, -2.25f, Float.POSITIVE_INFINITY, (float) Math.PI},
                reader.read(f64).toArray());
    }

    @Test
    void unsupportedSampleFormatsAreErrors() throws Exception {
        Path complex = TiffFixtures.raw(dir.resolve("complex.tif"), 2, 2, 32, 5, List.of(new byte[16]), null,
                ByteOrder.BIG_ENDIAN);
        ImageFileException c = assertThrows(ImageFileException.class, () -> reader.read(complex));
        assertTrue(c.getMessage().contains("complex"), c.getMessage());
        Path bit = TiffFixtures.raw(dir.resolve("bit.tif"), 8, 2, 1, 1, List.of(new byte[2]), null,
                ByteOrder.BIG_ENDIAN);
        ImageFileException b = assertThrows(ImageFileException.class, () -> reader.read(bit));
        assertTrue(b.getMessage().contains("1-bit"), b.getMessage());
        Path f16 = TiffFixtures.raw(dir.resolve("half.tif"), 2, 2, 16, 3, List.of(new byte[8]), null,
                ByteOrder.BIG_ENDIAN);
        assertThrows(ImageFileException.class, () -> reader.read(f16));
    }

    @Test
    void pagesOfDifferentSizesAreAnError() throws Exception {
        Path f = dir.resolve("pyramid.tif");
        ImageWriter w = new TIFFImageWriterSpi().createWriterInstance(null);
        try (ImageOutputStream out = new FileImageOutputStream(f.toFile())) {
            w.setOutput(out);
            w.prepareWriteSequence(null);
            w.writeToSequence(new IIOImage(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), null, null), null);
            w.writeToSequence(new IIOImage(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY), null, null), null);
            w.endWriteSequence();
        } finally {
            w.dispose();
        }
        ImageFileException e = assertThrows(ImageFileException.class, () -> reader.read(f));
        assertTrue(e.getMessage().contains("differs from IFD 0"), e.getMessage());
    }
}
