package org.jcare.io.tiff;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.jcare.io.image.ImageFileException;

/**
 * Walks the chain of image directories (IFDs) of a TIFF by hand and checks it against the IFDs the metadata parser
 * returned: a next-IFD offset past the end of the file means the file was cut (a plain stack would otherwise read as
 * a shorter, valid one), an offset seen before means a loop, an entry whose values lie outside the file a corrupt
 * count, and a different number of IFDs means the parsers disagree about a corrupt header. It runs before the
 * metadata parser, which would otherwise allocate what a corrupt count claims.
 */
final class IfdChain {
    /** More IFDs than this is not an image stack jcare reads. */
    static final int MAX_IFDS = 1 << 20;

    private IfdChain() {
    }

    /**
     * Fails unless the chain of {@code file} lies inside the file (IFDs and their values); returns its IFD count.
     *
     * @param bigTiff whether the file is BigTIFF (8-byte offsets and counts)
     */
    static int walk(Path file, boolean bigTiff, long length) throws ImageFileException {
        int count = 0;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            boolean little = f.read() == 'I';
            long next = bigTiff ? offset(f, 8, true, little) : offset(f, 4, false, little);
            Set<Long> seen = new HashSet<>();
            while (next != 0) {
                if (next < 8 || next >= length) {
                    throw new ImageFileException(file, "is truncated or corrupt: " + (count == 0 ? "its first IFD"
                            : "IFD " + (count - 1) + " points to a next IFD") + " at byte " + next + " but the file has "
                            + length + " bytes");
                }
                if (!seen.add(next) || count >= MAX_IFDS) {
                    throw new ImageFileException(file, "is corrupt: its chain of IFDs loops back to byte " + next);
                }
                long entries = bigTiff ? offset(f, next, true, little) : unsigned16(f, next, little);
                long end = next + (bigTiff ? 8 + 20 * entries : 2 + 12 * entries);
                if (entries < 0 || end + (bigTiff ? 8 : 4) > length) {
                    throw new ImageFileException(file, "is truncated: IFD " + count + " at byte " + next + " has "
                            + entries + " entries, which end past the file's " + length + " bytes");
                }
                requireValuesInFile(file, f, count, next + (bigTiff ? 8 : 2), entries, bigTiff, little, length);
                next = bigTiff ? offset(f, end, true, little) : offset(f, end, false, little);
                count++;
            }
        } catch (ImageFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageFileException(file, "cannot be read", e);
        }
        return count;
    }

    /** Fails unless the metadata parser found the {@code walked} IFDs of the chain. */
    static void requireParsed(Path file, int walked, int parsed) throws ImageFileException {
        if (walked != parsed) {
            throw new ImageFileException(file, "is corrupt: its chain holds " + walked + " IFDs but " + parsed
                    + " can be parsed");
        }
    }

    /**
     * Fails when an entry's values lie outside the file: a corrupt count (say 250 million) would otherwise make the
     * metadata parser allocate and read for it.
     */
    private static void requireValuesInFile(Path file, RandomAccessFile f, int ifd, long first, long entries,
            boolean bigTiff, boolean little, long length) throws IOException, ImageFileException {
        int entrySize = bigTiff ? 20 : 12;
        int inline = bigTiff ? 8 : 4;
        for (long k = 0; k < entries; k++) {
            long at = first + k * entrySize;
            int tag = (int) unsigned16(f, at, little);
            int type = (int) unsigned16(f, at + 2, little);
            long count = offset(f, at + 4, bigTiff, little);
            int size = typeSize(type);
            if (size == 0) {
                continue; // an unknown type: readers skip such entries
            }
            if (count < 0 || count > length) {
                throw new ImageFileException(file, "is corrupt: IFD " + ifd + ", tag " + tag + " claims " + count
                        + " values, more than the file's " + length + " bytes can hold");
            }
            long bytes = count * size;
            if (bytes > inline) {
                long where = offset(f, at + 4 + (bigTiff ? 8 : 4), bigTiff, little);
                if (where < 0 || where + bytes > length) {
                    throw new ImageFileException(file, "is corrupt or truncated: IFD " + ifd + ", tag " + tag + " has "
                            + count + " values at byte " + where + ", past the end of the file (" + length
                            + " bytes)");
                }
            }
        }
    }

    /** Bytes per value of a TIFF field type, 0 for unknown types. */
    static int typeSize(int type) {
        switch (type) {
            case 1: case 2: case 6: case 7: return 1;
            case 3: case 8: return 2;
            case 4: case 9: case 11: case 13: return 4;
            case 5: case 10: case 12: case 16: case 17: case 18: return 8;
            default: return 0;
        }
    }

    private static long offset(RandomAccessFile f, long at, boolean eight, boolean little) throws IOException {
        f.seek(at);
        int n = eight ? 8 : 4;
        long v = 0;
        for (int i = 0; i < n; i++) {
            long b = f.read();
            if (b < 0) {
                throw new IOException("unexpected end of file at byte " + (at + i));
            }
            v = little ? v | b << (8 * i) : v << 8 | b;
        }
        return v;
    }

    private static long unsigned16(RandomAccessFile f, long at, boolean little) throws IOException {
        f.seek(at);
        int a = f.read();
        int b = f.read();
        if (a < 0 || b < 0) {
            throw new IOException("unexpected end of file at byte " + at);
        }
        return little ? a | b << 8 : a << 8 | b;
    }
}
