package org.jcare.io.tiff;

import java.util.Locale;
import org.jcare.io.image.ImageFileException;
import org.jcare.io.image.NotEnoughMemoryException;

/**
 * Checks what a TIFF claims against what the file can hold, before a pixel is decoded or an array allocated: a
 * mutated or hostile header can claim 100000 x 100000 pixels in a few hundred bytes, and a decoder would allocate
 * what the header says. A page whose plane exceeds one Java array, uncompressed strips shorter than their rows
 * (tifffile refuses those too; zero-filling them invents pixels), compressed data too small for the pixels it claims
 * at any ratio its compression can reach, and images larger than the Java heap are refused with a message that says
 * what to do.
 */
final class TiffSizeCheck {
    /** The most pixels one plane may have: a float[] of that length must fit a Java array. */
    static final long MAX_PLANE_PIXELS = Integer.MAX_VALUE - 8L;

    private TiffSizeCheck() {
    }

    /**
     * Runs every check on the pages of {@code s}.
     *
     * @param decodedPlanes the float planes decoding will produce (pages or contiguous images, times RGB samples)
     * @throws ImageFileException       naming the file for a claim the file cannot back
     * @throws NotEnoughMemoryException when the decoded image does not fit the free Java heap
     */
    static void require(TiffStructure s, long decodedPlanes) throws ImageFileException {
        for (int i = 0; i < s.pages.size(); i++) {
            TiffStructure.Page p = s.pages.get(i);
            // what the header claims against what the file stores first: a lying header is the likelier fault
            if (p.compression() == 1) {
                requireUncompressedData(s, i, p);
            } else {
                requireCompressedData(s, i, p);
            }
            requirePlaneFits(s, i, p);
        }
        TiffStructure.Page first = s.pages.get(0);
        long bytes = Math.multiplyExact(Math.multiplyExact(decodedPlanes, first.width() * first.height()), 4L);
        // the largest transient buffer: one page's samples as stored, before conversion
        long raw = first.uncompressedBytes();
        NotEnoughMemoryException.require(s.file + " (" + first.width() + " x " + first.height() + " x "
                + decodedPlanes + " planes, float32)", bytes + raw);
    }

    private static void requirePlaneFits(TiffStructure s, int i, TiffStructure.Page p) throws ImageFileException {
        long pixels = p.width() * p.height();
        if (p.width() > MAX_PLANE_PIXELS || p.height() > MAX_PLANE_PIXELS || pixels > MAX_PLANE_PIXELS) {
            throw new ImageFileException(s.file, String.format(Locale.ROOT, "IFD %d is a plane of %d x %d = %d pixels;"
                    + " jcare holds at most %d pixels (2^31 - 9) per plane: crop or split it into smaller planes"
                    + " (tiles), or store it as a chunked Zarr", i, p.width(), p.height(), pixels, MAX_PLANE_PIXELS));
        }
        long stored = pixels * p.samplesPerPixel() * ((p.bitsPerSample() + 7) / 8);
        if (stored > MAX_PLANE_PIXELS) {
            throw new ImageFileException(s.file, String.format(Locale.ROOT, "IFD %d is a plane of %d x %d pixels of"
                    + " %d-bit samples, %d bytes as stored; the TIFF decoders hold at most %d bytes (2^31 - 9) of one"
                    + " plane: crop or split it into smaller planes (tiles), or store it as a chunked Zarr", i,
                    p.width(), p.height(), p.bitsPerSample() * p.samplesPerPixel(), stored, MAX_PLANE_PIXELS));
        }
    }

    /** Uncompressed strips or tiles must hold every byte of their rows (the last strip only its own rows). */
    private static void requireUncompressedData(TiffStructure s, int i, TiffStructure.Page p)
            throws ImageFileException {
        long[] counts = p.byteCounts();
        if (counts.length == 0) {
            return; // no byte counts: the data must run from the first offset, which requireDataInFile checks
        }
        if (counts.length != p.offsets().length) {
            throw new ImageFileException(s.file, "is corrupt: IFD " + i + " has " + p.offsets().length + " strip or tile"
                    + " offsets but " + counts.length + " byte counts");
        }
        long bytesPerSample = (p.bitsPerSample() + 7) / 8;
        int planes = p.planar() == 2 ? p.samplesPerPixel() : 1;
        long samplesPerPixel = p.planar() == 2 ? 1 : p.samplesPerPixel();
        if (p.tiled()) {
            long tw = p.tileWidth();
            long th = p.tileHeight();
            if (tw <= 0 || th <= 0) {
                throw new ImageFileException(s.file, "IFD " + i + " is tiled but has no valid TileWidth/TileLength;"
                        + " the file is corrupt");
            }
            long need = tw * th * samplesPerPixel * bytesPerSample;
            long expected = planes * ceilDiv(p.width(), tw) * ceilDiv(p.height(), th);
            requireCount(s, i, "tiles", expected, counts.length);
            for (int k = 0; k < counts.length; k++) {
                requireBytes(s, i, "tile " + k, counts[k], need);
            }
            return;
        }
        long rows = p.rowsPerStrip();
        long rowBytes = p.width() * samplesPerPixel * bytesPerSample;
        long perPlane = ceilDiv(p.height(), rows);
        requireCount(s, i, "strips", planes * perPlane, counts.length);
        for (int k = 0; k < counts.length; k++) {
            long first = (k % perPlane) * rows;
            long need = Math.min(rows, p.height() - first) * rowBytes;
            requireBytes(s, i, "strip " + k, counts[k], need);
        }
    }

    private static void requireCount(TiffStructure s, int i, String what, long expected, int found)
            throws ImageFileException {
        if (found < expected) {
            throw new ImageFileException(s.file, "IFD " + i + " has " + found + " " + what + " but its size needs "
                    + expected + "; the file is truncated or corrupt");
        }
    }

    private static void requireBytes(TiffStructure s, int i, String what, long count, long need)
            throws ImageFileException {
        if (count < need) {
            throw new ImageFileException(s.file, "IFD " + i + ": " + what + " holds " + count + " bytes but its pixels"
                    + " need " + need + " (uncompressed); the file is truncated or corrupt, and jcare does not invent"
                    + " the missing pixels");
        }
    }

    /** Compressed data cannot expand beyond its codec's largest ratio: a tiny file cannot hold a huge image. */
    private static void requireCompressedData(TiffStructure s, int i, TiffStructure.Page p)
            throws ImageFileException {
        if (p.byteCounts().length != 0 && p.byteCounts().length != p.offsets().length) {
            throw new ImageFileException(s.file, "is corrupt: IFD " + i + " has " + p.offsets().length + " strip or tile"
                    + " offsets but " + p.byteCounts().length + " byte counts");
        }
        long stored = 0;
        if (p.byteCounts().length == p.offsets().length) {
            for (long c : p.byteCounts()) {
                stored += c;
            }
        } else {
            stored = s.fileLength;
        }
        stored = Math.min(stored, s.fileLength);
        long claimed = p.uncompressedBytes();
        long ratio = maxRatio(p.compression());
        if (claimed > Math.max(stored, 1) * ratio + 65536) {
            throw new ImageFileException(s.file, String.format(Locale.ROOT, "claims more pixels than the file holds:"
                    + " IFD %d says %d x %d pixels (%d bytes) but stores %d compressed bytes, more than compression %d"
                    + " can expand to; the header is corrupt", i, p.width(), p.height(), claimed, stored,
                    p.compression()));
        }
    }

    /**
     * An upper bound of output bytes per stored byte for a TIFF compression: PackBits 128 per 2, Deflate about 1032,
     * LZW (12-bit codes of at most 4096-byte strings) 2731; generous for the rest (JPEG and others).
     */
    static long maxRatio(int compression) {
        switch (compression) {
            case 32773: return 64;
            case 8: case 32946: return 1040;
            case 5: return 2731;
            default: return 4096;
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
