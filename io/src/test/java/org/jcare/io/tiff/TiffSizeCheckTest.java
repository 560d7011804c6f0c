package org.jcare.io.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jcare.io.image.FloatImage;
import org.jcare.io.image.ImageFileException;
import org.jcare.io.image.NotEnoughMemoryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TiffSizeCheckTest {
    @TempDir
    Path dir;

    private final TiffReader reader = new TiffReader();

    /** Bytes this thread allocated while running {@code r}. */
    private static long allocated(ThrowingRunnable r) throws Exception {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(id);
        r.run();
        return mx.getThreadAllocatedBytes(id) - before;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void aTinyFileClaimingHugePlanesIsRefusedWithoutAllocating() throws Exception {
        // issue 10, item 5: a 522-byte TIFF claiming 30000x30000 float32 pixels made jcare allocate 4 GB for 13 s
        Path f = TinyTiff.grey(30000, 30000, 32, 3, 30000, 256).write(dir.resolve("huge.tif"), new byte[256]);
        assertEquals(390, Files.size(f));
        long bytes = allocated(() -> {
            ImageFileException e = assertThrows(ImageFileException.class, () -> reader.read(f));
            assertTrue(e.getMessage().contains("strip 0 holds 256 bytes but its pixels need 3600000000"),
                    e.getMessage());
        });
        assertTrue(bytes < 16L << 20, "allocated " + bytes + " bytes");
        // the same claim with byte counts to match: the data is not in the file
        Path g = TinyTiff.grey(30000, 30000, 32, 3, 30000, 3_600_000_000L).write(dir.resolve("g.tif"), new byte[64]);
        assertTrue(assertThrows(ImageFileException.class, () -> reader.read(g)).getMessage().contains("truncated"));
        // compressed: no codec expands 64 bytes to 3.6 GB
        Path z = TinyTiff.grey(30000, 30000, 32, 3, 30000, 64).set(259, 8).write(dir.resolve("z.tif"),
                new byte[64]);
        ImageFileException e = assertThrows(ImageFileException.class, () -> reader.inspect(z, null));
        assertTrue(e.getMessage().contains("claims more pixels than the file holds"), e.getMessage());
    }

    @Test
    void shortUncompressedStripsAreRefusedNotZeroFilled() throws Exception {
        // issue 10, item 6: a fuzzed TIFF came back 68x64 with four invented zero rows (tifffile refuses it)
        byte[] rows64 = new byte[64 * 64 * 2];
        Path f = TinyTiff.grey(64, 68, 16, 1, 68, rows64.length).write(dir.resolve("short.tif"), rows64);
        ImageFileException e = assertThrows(ImageFileException.class, () -> reader.read(f));
        assertTrue(e.getMessage().contains("strip 0 holds 8192 bytes but its pixels need 8704"), e.getMessage());
        // the last of several strips may be shorter when its rows are fewer: that file is fine
        Path ok = TinyTiff.grey(64, 64, 16, 1, 64, rows64.length).write(dir.resolve("ok.tif"), rows64);
        assertArrayEquals(new long[] {64, 64}, reader.read(ok).shape());
    }

    @Test
    void planesOf2To31PixelsOrMoreSayWhatToDo() throws Exception {
        // issue 10, item 8: such planes failed with "jcare predict: -2147479015"
        // Deflate can hold such a plane in a little over 2 MB (ratio about 1000)
        Path f = TinyTiff.grey(65536, 32768, 8, 1, 32768, 2_100_000).set(259, 8).write(dir.resolve("wide.tif"),
                new byte[2_100_000]);
        ImageFileException e = assertThrows(ImageFileException.class, () -> reader.inspect(f, null));
        assertTrue(e.getMessage().contains("is a plane of 65536 x 32768 = 2147483648 pixels; jcare holds at most"
                + " 2147483639 pixels (2^31 - 9) per plane: crop or split it"), e.getMessage());
    }

    @Test
    void anImageLargerThanTheHeapIsRefusedBeforeDecoding() throws Exception {
        // a 40000 x 40000 8-bit plane in 2 MB of Deflate data is possible (ratio 800), but 6.4 GB as float32
        long side = 40000;
        long stored = 2_000_000;
        Path f = TinyTiff.grey(side, side, 8, 1, side, stored).set(259, 8).write(dir.resolve("big.tif"),
                new byte[(int) stored]);
        long heap = Runtime.getRuntime().maxMemory();
        if (heap > 6L << 30) {
            return; // a heap this large holds it: nothing to refuse
        }
        long bytes = allocated(() -> {
            NotEnoughMemoryException e = assertThrows(NotEnoughMemoryException.class, () -> reader.read(f));
            assertTrue(e.getMessage().contains("(40000 x 40000 x 1 planes, float32) needs 7.5 GiB of memory;"
                    + " the Java heap has"), e.getMessage());
            assertTrue(e.getMessage().contains("set -Xmx"), e.getMessage());
        });
        assertTrue(bytes < 32L << 20, "allocated " + bytes + " bytes");
    }

    @Test
    void aRegularFileStillReads() throws Exception {
        FloatImage img = FloatImage.of("YX", new long[] {5, 7}, new float[35]);
        img.plane(0)[34] = 3;
        Path f = dir.resolve("r.tif");
        new TiffWriter().write(img, f);
        assertEquals(3f, reader.read(f).plane(0)[34]);
    }
}
