package org.jcare.io.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jcare.io.image.FloatImage;
import org.jcare.io.image.ImageFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IfdChainTest {
    @TempDir
    Path dir;

    private static final int NEXT_IFD = 8 + 2 + 12 * 10; // TinyTiff.grey has 10 entries: the next-IFD link follows

    private Path file(String name, byte[] b) throws Exception {
        return Files.write(dir.resolve(name), b);
    }

    private static int walk(Path f) throws Exception {
        return IfdChain.walk(f, false, Files.size(f));
    }

    @Test
    void aWellFormedChainIsCountedAndAWrittenStackToo() throws Exception {
        byte[] ok = TinyTiff.grey(4, 2, 8, 1, 2, 8).bytes(new byte[8]);
        assertEquals(1, walk(file("ok.tif", ok)));
        Path stack = dir.resolve("stack.tif");
        new TiffWriter().write(FloatImage.zeros("ZYX", 3, 4, 5), stack);
        assertEquals(3, walk(stack));
    }

    @Test
    void linksPastTheEndOrBackwardsAreRefused() throws Exception {
        byte[] b = TinyTiff.grey(4, 2, 8, 1, 2, 8).bytes(new byte[8]);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(NEXT_IFD, 100_000);
        ImageFileException e = assertThrows(ImageFileException.class, () -> walk(file("past.tif", b)));
        assertTrue(e.getMessage().contains("IFD 0 points to a next IFD at byte 100000 but the file has " + b.length
                + " bytes"), e.getMessage());
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(NEXT_IFD, 8);
        e = assertThrows(ImageFileException.class, () -> walk(file("loop.tif", b)));
        assertTrue(e.getMessage().contains("its chain of IFDs loops back to byte 8"), e.getMessage());
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(NEXT_IFD, 0).putInt(4, 3);
        e = assertThrows(ImageFileException.class, () -> walk(file("first.tif", b)));
        assertTrue(e.getMessage().contains("its first IFD at byte 3"), e.getMessage());
    }

    @Test
    void entriesPastTheEndAndCountsTheFileCannotHoldAreRefused() throws Exception {
        byte[] b = TinyTiff.grey(4, 2, 8, 1, 2, 8).bytes(new byte[8]);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        bb.putShort(8, (short) 500); // 500 entries: 6000 bytes of a 150-byte file
        ImageFileException e = assertThrows(ImageFileException.class, () -> walk(file("entries.tif", b)));
        assertTrue(e.getMessage().contains("IFD 0 at byte 8 has 500 entries, which end past the file's"),
                e.getMessage());
        bb.putShort(8, (short) 10);
        // the first entry (ImageWidth, LONG) claims 250 million values: a parser would allocate 1 GB for it
        bb.putInt(8 + 2 + 4, 250_000_000);
        e = assertThrows(ImageFileException.class, () -> walk(file("count.tif", b)));
        assertTrue(e.getMessage().contains("IFD 0, tag 256 claims 250000000 values, more than the file's"),
                e.getMessage());
        // 3 values (12 bytes, not inline) at an offset past the end
        bb.putInt(8 + 2 + 4, 3).putInt(8 + 2 + 8, 4000);
        e = assertThrows(ImageFileException.class, () -> walk(file("values.tif", b)));
        assertTrue(e.getMessage().contains("IFD 0, tag 256 has 3 values at byte 4000, past the end of the file"),
                e.getMessage());
        // an entry of an unknown type is skipped, as readers skip it
        bb.putShort(8 + 2 + 2, (short) 99);
        assertEquals(1, walk(file("unknown.tif", b)));
    }

    @Test
    void theParsersCountMustAgree() throws Exception {
        IfdChain.requireParsed(dir.resolve("a.tif"), 2, 2);
        ImageFileException e = assertThrows(ImageFileException.class,
                () -> IfdChain.requireParsed(dir.resolve("a.tif"), 3, 2));
        assertTrue(e.getMessage().contains("its chain holds 3 IFDs but 2 can be parsed"), e.getMessage());
        assertEquals(8, IfdChain.typeSize(12));
        assertEquals(2, IfdChain.typeSize(3));
        assertEquals(0, IfdChain.typeSize(0));
    }
}
