package org.jcare.io.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jcare.io.FileFormatException;
import org.jcare.io.image.FloatImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzFileTest {
    @TempDir
    Path dir;

    static Path resource(String name) {
        try {
            return Path.of(NpzFileTest.class.getResource("/npz/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ramp of make_fixture.py: element i is i * scale + offset (in float64, then cast). */
    private static float ramp(long i, double scale, double offset) {
        return (float) (i * scale + offset);
    }

    @Test
    void readsCsbdeepTrainingDataWrittenByNumpySavez() throws Exception {
        TrainingData d = NpzFile.readTrainingData(resource("training_scyx.npz"));
        assertEquals("SCYX", d.axes());
        assertArrayEquals(new long[] {3, 1, 8, 8}, d.x().shape());
        for (long i = 0; i < d.x().numel(); i++) {
            assertEquals(ramp(i, 0.5, -3.0), d.x().getFlat(i));
            assertEquals(ramp(i, -0.25, 7.0), d.y().getFlat(i));
        }
    }

    @Test
    void readsCompressed3dTrainingData() throws Exception {
        TrainingData d = NpzFile.readTrainingData(resource("training_sczyx_compressed.npz"));
        assertEquals("SCZYX", d.axes());
        assertArrayEquals(new long[] {2, 2, 3, 4, 5}, d.y().shape());
        assertEquals(2 * 2 * 3, d.x().planeCount());
        assertEquals(ramp(239, 0.125, -3.0), d.x().getFlat(239));
        assertEquals(ramp(100, 2.0, 0.0), d.y().get(0, 1, 2, 0, 0));
    }

    @Test
    void readsEveryDtypeInBothByteOrders() throws Exception {
        NpzFile.Content c = NpzFile.read(resource("dtypes.npz"));
        assertEquals("héllo", c.strings().get("name"));
        for (String key : new String[] {"f4le", "f4be", "f8le", "f8be", "u1", "i1", "u2le", "u2be", "i2le", "i2be",
                                        "i4le", "i4be", "u4le"}) {
            NpyArray a = c.arrays().get(key);
            assertArrayEquals(new long[] {2, 3, 4}, a.shape(), key);
            boolean unsigned = key.startsWith("u");
            for (long i = 0; i < 24; i++) {
                float expected = ramp(i, 3.0, -5.0);
                assertEquals(unsigned ? Math.abs(expected) : expected, a.getFlat(i), key + "[" + i + "]");
            }
        }
        assertArrayEquals(new float[] {0, 1, 2, 3, 4}, c.arrays().get("vector").chunk(0), 0f);
        assertEquals(0, c.arrays().get("scalar").shape().length);
        assertEquals(2.5f, c.arrays().get("scalar").getFlat(0));
    }

    @Test
    void rejectsFortranOrderAndUnsupportedDtypesNamingTheEntry() {
        FileFormatException f = assertThrows(FileFormatException.class, () -> NpzFile.read(resource("fortran.npz")));
        assertTrue(f.getMessage().contains("fortran.npz") && f.getMessage().contains("'F'")
                && f.getMessage().contains("Fortran order"), f.getMessage());
        FileFormatException c = assertThrows(FileFormatException.class, () -> NpzFile.read(resource("complex.npz")));
        assertTrue(c.getMessage().contains("'Z'") && c.getMessage().contains("<c8"), c.getMessage());
    }

    @Test
    void writesEntriesByteIdenticalToNumpy() throws Exception {
        TrainingData d = NpzFile.readTrainingData(resource("training_scyx.npz"));
        Path mine = dir.resolve("mine.npz");
        NpzFile.writeTrainingData(mine, d, false, false);
        for (String entry : new String[] {"X.npy", "Y.npy", "axes.npy"}) {
            assertArrayEquals(entryBytes(resource("training_scyx.npz"), entry), entryBytes(mine, entry), entry);
        }
    }

    private static byte[] entryBytes(Path npz, String name) throws Exception {
        try (ZipFile z = new ZipFile(npz.toFile())) {
            ZipEntry e = z.getEntry(name);
            try (InputStream in = z.getInputStream(e)) {
                return in.readAllBytes();
            }
        }
    }

    @Test
    void roundTripsStoredAndCompressed() throws Exception {
        FloatImage x = FloatImage.zeros("SCZYX", 2, 1, 3, 4, 5);
        FloatImage y = FloatImage.zeros("SCZYX", 2, 1, 3, 4, 5);
        for (long i = 0; i < x.numel(); i++) {
            x.set((float) Math.sin(i), unflat(x.shape(), i));
            y.set(-i, unflat(y.shape(), i));
        }
        for (boolean compressed : new boolean[] {false, true}) {
            Path f = dir.resolve("rt" + compressed + ".npz");
            NpzFile.writeTrainingData(f, new TrainingData(x, y), compressed, false);
            TrainingData back = NpzFile.readTrainingData(f);
            assertEquals("SCZYX", back.axes());
            assertArrayEquals(x.toArray(), back.x().toArray(), 0f);
            assertArrayEquals(y.toArray(), back.y().toArray(), 0f);
            try (ZipFile z = new ZipFile(f.toFile())) {
                assertEquals(compressed ? ZipEntry.DEFLATED : ZipEntry.STORED, z.getEntry("X.npy").getMethod());
            }
        }
    }

    private static long[] unflat(long[] shape, long flat) {
        long[] idx = new long[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = flat % shape[i];
            flat /= shape[i];
        }
        return idx;
    }

    @Test
    void refusesToOverwriteUnlessAsked() throws Exception {
        Path f = dir.resolve("d.npz");
        NpzFile.write(f, new NpzFile.Content(Map.of(), Map.of("axes", "YX")), true, false);
        FileFormatException e = assertThrows(FileFormatException.class,
                () -> NpzFile.write(f, new NpzFile.Content(Map.of(), Map.of()), true, false));
        assertTrue(e.getMessage().contains("d.npz") && e.getMessage().contains("overwrite"));
        NpzFile.write(f, new NpzFile.Content(Map.of(), Map.of("axes", "ZYX")), true, true);
        assertEquals("ZYX", NpzFile.read(f).strings().get("axes"));
    }

    @Test
    void fileErrorsNameTheFile() throws Exception {
        Path missing = dir.resolve("missing.npz");
        FileFormatException m = assertThrows(FileFormatException.class, () -> NpzFile.read(missing));
        assertTrue(m.getMessage().contains("missing.npz") && m.getMessage().contains("does not exist"));
        Path text = Files.writeString(dir.resolve("text.npz"), "not a zip at all");
        FileFormatException t = assertThrows(FileFormatException.class, () -> NpzFile.read(text));
        assertTrue(t.getMessage().contains("not an .npz"), t.getMessage());
        byte[] all = Files.readAllBytes(resource("training_scyx.npz"));
        Path cut = Files.write(dir.resolve("cut.npz"), Arrays.copyOf(all, all.length - 700));
        assertThrows(FileFormatException.class, () -> NpzFile.read(cut));
        FileFormatException k = assertThrows(FileFormatException.class,
                () -> NpzFile.readTrainingData(resource("dtypes.npz")));
        assertTrue(k.getMessage().contains("X, Y and axes"), k.getMessage());
    }
}
