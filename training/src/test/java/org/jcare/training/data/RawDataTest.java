package org.jcare.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jcare.io.image.FloatImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawDataTest {
    /**
     * Files hold "shape;value": the reader makes a constant image of that shape, so tests can tell files apart and
     * build shape mismatches. It records what it read.
     */
    private final List<String> read = new ArrayList<>();
    private final ImageReader reader = file -> {
        read.add(file.getParent().getFileName() + "/" + file.getFileName());
        String[] parts = Files.readString(file, StandardCharsets.UTF_8).trim().split(";");
        String[] dims = parts[0].split("x");
        long[] shape = new long[dims.length];
        int n = 1;
        for (int i = 0; i < dims.length; i++) {
            shape[i] = Long.parseLong(dims[i]);
            n *= (int) shape[i];
        }
        float[] data = new float[n];
        java.util.Arrays.fill(data, Float.parseFloat(parts[1]));
        String axes = "TZYX".substring(4 - dims.length);
        return FloatImage.of(dims.length > 4 ? "TCZYX" : axes, shape, data);
    };

    private static void write(Path dir, String name, String content) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), content);
    }

    @Test
    void pairsFilesByNameInOrderAcrossSourceDirs(@TempDir Path base) throws IOException {
        write(base.resolve("GT"), "b.tif", "4x5;2");
        write(base.resolve("GT"), "a.tif", "4x5;1");
        write(base.resolve("GT"), "c.tif", "4x5;3");
        write(base.resolve("low"), "b.tif", "4x5;20");
        write(base.resolve("low"), "a.tif", "4x5;10");
        write(base.resolve("low"), "notes.txt", "x");
        write(base.resolve("low2"), "c.tif", "4x5;30");
        RawData raw = RawData.fromFolders(base, List.of("low", "low2"), "GT", "YX", "*.tif*", reader);
        assertEquals(3, raw.size());
        assertTrue(read.isEmpty(), "images are read lazily");
        RawData.ImagePair p = raw.get(1);
        assertEquals(20f, p.source().get(0, 0));
        assertEquals(2f, p.target().get(0, 0));
        assertEquals(List.of("low/b.tif", "GT/b.tif"), read);
        assertEquals(30f, raw.get(2).source().get(3, 4));
        assertEquals(10f, raw.get(0).source().get(0, 0));
        assertTrue(raw.description().contains("sources=[low, low2]"), raw.description());
    }

    @Test
    void missingPartnersAreAllNamed(@TempDir Path base) throws IOException {
        write(base.resolve("GT"), "a.tif", "4x5;1");
        write(base.resolve("low"), "a.tif", "4x5;1");
        write(base.resolve("low"), "b.tif", "4x5;1");
        write(base.resolve("low"), "c.tif", "4x5;1");
        FileNotFoundException e = assertThrows(FileNotFoundException.class,
                () -> RawData.fromFolders(base, List.of("low"), "GT", "YX", "*.tif", reader));
        assertTrue(e.getMessage().startsWith("2 source images have no target"), e.getMessage());
        assertTrue(e.getMessage().contains(base.resolve("GT/b.tif").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(base.resolve("low/c.tif").toString()), e.getMessage());
    }

    @Test
    void missingDirectoriesAndNoMatchesAreErrors(@TempDir Path base) throws IOException {
        write(base.resolve("GT"), "a.tif", "4x5;1");
        write(base.resolve("low"), "a.png", "4x5;1");
        assertThrows(FileNotFoundException.class,
                () -> RawData.fromFolders(base, List.of("nope"), "GT", "YX", "*.tif", reader));
        assertThrows(FileNotFoundException.class,
                () -> RawData.fromFolders(base, List.of("low"), "nope", "YX", "*.tif", reader));
        FileNotFoundException e = assertThrows(FileNotFoundException.class,
                () -> RawData.fromFolders(base, List.of("low"), "GT", "YX", "*.tif", reader));
        assertTrue(e.getMessage().contains("no image matching '*.tif'"), e.getMessage());
    }

    @Test
    void shapeMismatchNamesBothFilesAndShapes(@TempDir Path base) throws IOException {
        write(base.resolve("GT"), "a.tif", "4x6;1");
        write(base.resolve("low"), "a.tif", "4x5;1");
        RawData raw = RawData.fromFolders(base, List.of("low"), "GT", "YX", "*.tif", reader);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> raw.get(0));
        String m = e.getMessage();
        assertTrue(m.contains(base.resolve("low/a.tif").toString()) && m.contains(base.resolve("GT/a.tif").toString())
                && m.contains("[4, 5]") && m.contains("[4, 6]"), m);
    }

    @Test
    void axesAreRightAlignedAndLeadingSingletonsDropped(@TempDir Path base) throws IOException {
        write(base.resolve("GT"), "a.tif", "3x4x5;1");
        write(base.resolve("low"), "a.tif", "3x4x5;1");
        write(base.resolve("GT"), "b.tif", "4x5;1");
        write(base.resolve("low"), "b.tif", "4x5;1");
        write(base.resolve("GT"), "c.tif", "1x1x4x5;1");
        write(base.resolve("low"), "c.tif", "1x1x4x5;1");
        RawData raw = RawData.fromFolders(base, List.of("low"), "GT", "czyx", "*.tif", reader);
        assertEquals("CZYX", raw.axes());
        assertEquals("ZYX", raw.get(0).source().axes().letters());
        assertEquals("YX", raw.get(1).source().axes().letters());
        assertEquals("CZYX", raw.get(2).source().axes().letters());
        RawData yx = RawData.fromFolders(base, List.of("low"), "GT", "YX", "c.tif", reader);
        assertArrayEquals(new long[] {4, 5}, yx.get(0).source().shape());
        RawData tooFew = RawData.fromFolders(base, List.of("low"), "GT", "YX", "a.tif", reader);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tooFew.get(0));
        assertTrue(e.getMessage().contains("name only 2"), e.getMessage());
    }

    @Test
    void fromImagesPairsInMemory() throws IOException {
        FloatImage s = FloatImage.zeros("YX", 4, 4);
        FloatImage t = FloatImage.zeros("YX", 4, 4);
        RawData raw = RawData.fromImages(List.of(s), List.of(t), "ZYX");
        assertEquals("YX", raw.get(0).source().axes().letters());
        assertEquals("image pair 0", raw.get(0).name());
        assertThrows(IllegalArgumentException.class, () -> RawData.fromImages(List.of(s), List.of(), "YX"));
        assertThrows(IllegalArgumentException.class, () -> RawData.fromImages(List.of(s), List.of(t), "QX"));
    }
}
