package org.jcare.io.tiff;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.tiff.Rational;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import org.jcare.io.image.ImageFileException;

/**
 * The structure of a TIFF file, read with TwelveMonkeys' TIFF metadata parser (which knows classic TIFF and BigTIFF):
 * one {@link Page} per IFD, the first IFD's description and resolution. It is used to reject what cannot be read
 * (wrong magic, unsupported sample formats, data past the end of the file) before any pixel is decoded, and to choose
 * the decoder.
 */
final class TiffStructure {
    /** TIFF SampleFormat values. */
    static final int UINT = 1;
    static final int INT = 2;
    static final int FLOAT = 3;
    private static final int TAG_PREDICTOR = 317;

    /**
     * One IFD.
     *
     * @param width           pixels per row
     * @param height          rows
     * @param samplesPerPixel samples per pixel (3 for RGB)
     * @param bitsPerSample   bits of each sample (the first, they must all agree)
     * @param sampleFormat    1 unsigned, 2 signed, 3 float, others unsupported
     * @param compression     TIFF compression code
     * @param tiled           whether data is in tiles rather than strips
     * @param planar          2 when samples are stored in separate planes
     * @param offsets         strip or tile offsets
     * @param byteCounts      strip or tile byte counts (empty when the tag is missing)
     * @param predictor       TIFF predictor (1 none, 2 horizontal, 3 floating point)
     * @param rowsPerStrip    rows per strip (the height when absent; unused for tiles)
     * @param tileWidth       tile width (0 for strips)
     * @param tileHeight      tile height (0 for strips)
     */
    record Page(long width, long height, int samplesPerPixel, int bitsPerSample, int sampleFormat, int compression,
                boolean tiled, int planar, long[] offsets, long[] byteCounts, int predictor, long rowsPerStrip,
                long tileWidth, long tileHeight) {
        long uncompressedBytes() {
            return width * height * samplesPerPixel * ((bitsPerSample + 7) / 8);
        }

        /**
         * True when every strip holds exactly the bytes of its rows (or there are no byte counts): only then is one run
         * from the first offset (how ImageJ reads contiguous strips) the same as strip by strip.
         */
        boolean exactStrips() {
            if (byteCounts.length != offsets.length || tiled) {
                return byteCounts.length != offsets.length;
            }
            long rowBytes = width * ((bitsPerSample + 7) / 8) * (planar == 2 ? 1 : samplesPerPixel);
            long perPlane = (height + rowsPerStrip - 1) / rowsPerStrip;
            for (int k = 0; k < byteCounts.length; k++) {
                long first = (k % perPlane) * rowsPerStrip;
                if (byteCounts[k] != Math.min(rowsPerStrip, height - first) * rowBytes) {
                    return false;
                }
            }
            return true;
        }

        /** True when uncompressed strips follow each other without gaps (ImageJ reads them as one run). */
        boolean contiguousStrips() {
            if (byteCounts.length != offsets.length) {
                return offsets.length == 1;
            }
            for (int k = 1; k < offsets.length; k++) {
                if (offsets[k] != offsets[k - 1] + byteCounts[k - 1]) {
                    return false;
                }
            }
            return true;
        }
    }

    final Path file;
    final boolean bigTiff;
    final long fileLength;
    final List<Page> pages;
    /** ImageDescription of the first IFD, or "". */
    final String description;
    /** Pixel width and height from X/YResolution of the first IFD in the unit below, 0 when absent. */
    final double pixelWidth;
    final double pixelHeight;
    /** 1 none, 2 inch, 3 centimetre (TIFF ResolutionUnit). */
    final int resolutionUnit;

    private TiffStructure(Path file, boolean bigTiff, long fileLength, List<Page> pages, String description,
                          double pixelWidth, double pixelHeight, int resolutionUnit) {
        this.file = file;
        this.bigTiff = bigTiff;
        this.fileLength = fileLength;
        this.pages = pages;
        this.description = description;
        this.pixelWidth = pixelWidth;
        this.pixelHeight = pixelHeight;
        this.resolutionUnit = resolutionUnit;
    }

    /** Reads the structure of {@code file}, failing with a message naming the file for anything but a TIFF. */
    static TiffStructure read(Path file) throws ImageFileException {
        if (!Files.exists(file)) {
            throw new ImageFileException(file, "does not exist");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ImageFileException(file, "is not a readable file");
        }
        long length;
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            length = Files.size(file);
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new ImageFileException(file, "cannot be read", e);
        }
        boolean big = checkMagic(file, head, n);
        int walked = IfdChain.walk(file, big, length);
        CompoundDirectory dir;
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            Directory d = new TIFFReader().read(in);
            if (!(d instanceof CompoundDirectory) || ((CompoundDirectory) d).directoryCount() == 0) {
                throw new ImageFileException(file, "is a TIFF without any image (no readable IFD); the file is corrupt");
            }
            dir = (CompoundDirectory) d;
        } catch (ImageFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageFileException(file, "is a corrupt or truncated TIFF: its structure cannot be parsed", e);
        }
        IfdChain.requireParsed(file, walked, dir.directoryCount());
        List<Page> pages = new ArrayList<>(dir.directoryCount());
        for (int i = 0; i < dir.directoryCount(); i++) {
            pages.add(page(file, i, dir.getDirectory(i)));
        }
        Directory first = dir.getDirectory(0);
        int unit = (int) longValue(first.getEntryById(TIFF.TAG_RESOLUTION_UNIT), 2);
        return new TiffStructure(file, big, length, List.copyOf(pages), description(first),
                reciprocal(first.getEntryById(TIFF.TAG_X_RESOLUTION)),
                reciprocal(first.getEntryById(TIFF.TAG_Y_RESOLUTION)), unit);
    }

    /** Returns true for BigTIFF, false for classic TIFF, and fails for anything else. */
    private static boolean checkMagic(Path file, byte[] head, int n) throws ImageFileException {
        if (n < 8) {
            throw new ImageFileException(file, "is not a TIFF file: only " + n + " bytes long");
        }
        boolean little = head[0] == 'I' && head[1] == 'I';
        boolean bigEndian = head[0] == 'M' && head[1] == 'M';
        int magic = little ? (head[2] & 0xff) | (head[3] & 0xff) << 8 : (head[2] & 0xff) << 8 | (head[3] & 0xff);
        if ((little || bigEndian) && (magic == 42 || magic == 43)) {
            return magic == 43;
        }
        throw new ImageFileException(file, "is not a TIFF file (it starts with " + describeHead(head, n)
                + " instead of II*. or MM.*); give a .tif/.tiff image");
    }

    private static String describeHead(byte[] head, int n) {
        if (n >= 4 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            return "the PNG signature, so it is a PNG";
        }
        if (n >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8) {
            return "the JPEG signature, so it is a JPEG";
        }
        StringBuilder sb = new StringBuilder("bytes");
        for (int i = 0; i < Math.min(n, 4); i++) {
            sb.append(String.format(Locale.ROOT, " %02x", head[i] & 0xff));
        }
        return sb.toString();
    }

    private static Page page(Path file, int index, Directory ifd) throws ImageFileException {
        long width = longValue(ifd.getEntryById(TIFF.TAG_IMAGE_WIDTH), -1);
        long height = longValue(ifd.getEntryById(TIFF.TAG_IMAGE_HEIGHT), -1);
        if (width <= 0 || height <= 0) {
            throw new ImageFileException(file, "IFD " + index + " has no valid ImageWidth/ImageLength; the file is corrupt");
        }
        long[] bits = longs(ifd.getEntryById(TIFF.TAG_BITS_PER_SAMPLE));
        int bps = bits.length == 0 ? 1 : (int) bits[0];
        for (long b : bits) {
            if (b != bps) {
                throw new ImageFileException(file, "IFD " + index + " has samples of different bit depths "
                        + java.util.Arrays.toString(bits) + ", which is not supported");
            }
        }
        int spp = (int) longValue(ifd.getEntryById(TIFF.TAG_SAMPLES_PER_PIXEL), 1);
        long[] formats = longs(ifd.getEntryById(TIFF.TAG_SAMPLE_FORMAT));
        int format = formats.length == 0 ? UINT : (int) formats[0];
        int compression = (int) longValue(ifd.getEntryById(TIFF.TAG_COMPRESSION), 1);
        int planar = (int) longValue(ifd.getEntryById(TIFF.TAG_PLANAR_CONFIGURATION), 1);
        boolean tiled = ifd.getEntryById(TIFF.TAG_TILE_OFFSETS) != null;
        long[] offsets = longs(ifd.getEntryById(tiled ? TIFF.TAG_TILE_OFFSETS : TIFF.TAG_STRIP_OFFSETS));
        long[] counts = longs(ifd.getEntryById(tiled ? TIFF.TAG_TILE_BYTE_COUNTS : TIFF.TAG_STRIP_BYTE_COUNTS));
        if (offsets.length == 0) {
            throw new ImageFileException(file, "IFD " + index + " has no strip or tile offsets; the file is corrupt");
        }
        int predictor = (int) longValue(ifd.getEntryById(TAG_PREDICTOR), 1);
        long rows = longValue(ifd.getEntryById(TIFF.TAG_ROWS_PER_STRIP), height);
        long tileWidth = tiled ? longValue(ifd.getEntryById(TIFF.TAG_TILE_WIDTH), 0) : 0;
        long tileHeight = tiled ? longValue(ifd.getEntryById(TIFF.TAG_TILE_HEIGTH), 0) : 0;
        return new Page(width, height, spp, bps, format, compression, tiled, planar, offsets, counts, predictor,
                rows <= 0 ? height : Math.min(rows, height), tileWidth, tileHeight);
    }

    /**
     * Fails unless every page holds samples this reader converts to float32: 8-, 16- or 32-bit integers or 32- or
     * 64-bit floats (numpy's default dtype; rounded to float32), one sample per pixel or three (RGB, read as three
     * channels).
     */
    void requireSupportedSamples() throws ImageFileException {
        for (int i = 0; i < pages.size(); i++) {
            Page p = pages.get(i);
            String what = "IFD " + i + " holds " + p.bitsPerSample() + "-bit " + formatName(p.sampleFormat()) + " samples";
            boolean integer = p.sampleFormat() == UINT || p.sampleFormat() == INT;
            boolean ok = integer && (p.bitsPerSample() == 8 || p.bitsPerSample() == 16 || p.bitsPerSample() == 32)
                    || p.sampleFormat() == FLOAT && (p.bitsPerSample() == 32 || p.bitsPerSample() == 64);
            if (!ok) {
                throw new ImageFileException(file, "unsupported sample format: " + what
                        + "; supported are 8/16/32-bit integer and 32/64-bit float (convert the image, e.g. in Fiji,"
                        + " first)");
            }
            if (p.bitsPerSample() == 64 && p.samplesPerPixel() != 1) {
                throw new ImageFileException(file, "unsupported: IFD " + i + " has " + p.samplesPerPixel()
                        + " 64-bit float samples per pixel; 64-bit float images must be grey (one sample per pixel)");
            }
            if (p.samplesPerPixel() != 1 && p.samplesPerPixel() != 3) {
                throw new ImageFileException(file, "unsupported: IFD " + i + " has " + p.samplesPerPixel()
                        + " samples per pixel; supported are 1 (grey) and 3 (RGB, read as 3 channels)");
            }
            if (p.width() != pages.get(0).width() || p.height() != pages.get(0).height()
                    || p.bitsPerSample() != pages.get(0).bitsPerSample()
                    || p.sampleFormat() != pages.get(0).sampleFormat()
                    || p.samplesPerPixel() != pages.get(0).samplesPerPixel()) {
                throw new ImageFileException(file, "IFD " + i + " (" + p.width() + "x" + p.height() + ", "
                        + p.bitsPerSample() + "-bit " + formatName(p.sampleFormat()) + ") differs from IFD 0 ("
                        + pages.get(0).width() + "x" + pages.get(0).height() + ", " + pages.get(0).bitsPerSample()
                        + "-bit); pages of different sizes or types are not one image (a pyramid or thumbnails?)");
            }
        }
    }

    /**
     * True when ImageJ's decoder reads every page right: classic TIFF in uncompressed strips that follow each other
     * without gaps and hold exactly their rows. Otherwise TwelveMonkeys decodes: compressed data too, because ImageJ
     * turns a corrupt LZW/Deflate/PackBits stream into zeros with a message on stderr, where TwelveMonkeys fails.
     */
    boolean imageJCanDecode() {
        if (bigTiff) {
            return false;
        }
        for (Page p : pages) {
            // compressed data goes to TwelveMonkeys: ImageJ's codecs print a corrupt stream's error and return zeros
            boolean codec = p.compression() == 1 && p.contiguousStrips() && p.exactStrips();
            if (p.tiled() || !codec || p.predictor() == 3 || p.bitsPerSample() == 64
                    || p.planar() == 2 && p.samplesPerPixel() > 1
                    && p.compression() != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Fails when a strip or tile lies past the end of the file, or when ImageJ's contiguous layout of
     * {@code contiguousImages} images after the first page's data does not fit in the file.
     */
    void requireDataInFile(long contiguousImages) throws ImageFileException {
        for (int i = 0; i < pages.size(); i++) {
            Page p = pages.get(i);
            long end;
            if (p.byteCounts().length == p.offsets().length) {
                end = 0;
                for (int k = 0; k < p.offsets().length; k++) {
                    end = Math.max(end, p.offsets()[k] + p.byteCounts()[k]);
                }
            } else {
                end = p.offsets()[0] + p.uncompressedBytes();
            }
            if (end > fileLength) {
                throw new ImageFileException(file, "is truncated: the data of IFD " + i + " ends at byte " + end
                        + " but the file has " + fileLength + " bytes");
            }
        }
        if (contiguousImages > pages.size() && pages.get(0).compression() == 1) {
            long end = pages.get(0).offsets()[0] + contiguousImages * pages.get(0).uncompressedBytes();
            if (end > fileLength) {
                throw new ImageFileException(file, "is truncated: its " + contiguousImages + " images need "
                        + end + " bytes but the file has " + fileLength);
            }
        }
    }

    private static String formatName(int format) {
        switch (format) {
            case UINT: return "unsigned integer";
            case INT: return "signed integer";
            case FLOAT: return "floating point";
            case 5: return "complex integer";
            case 6: return "complex floating point";
            default: return "undefined (SampleFormat " + format + ")";
        }
    }

    private static String description(Directory ifd) {
        Entry e = ifd.getEntryById(TIFF.TAG_IMAGE_DESCRIPTION);
        if (e == null) {
            return "";
        }
        Object v = e.getValue();
        if (v instanceof String[]) {
            String[] parts = (String[]) v;
            return parts.length == 0 ? "" : parts[0];
        }
        if (v instanceof byte[]) {
            return new String((byte[]) v, StandardCharsets.UTF_8);
        }
        return String.valueOf(v);
    }

    /** The pixel size of an X/YResolution entry: den/num, one rounding, so exact rationals give exact sizes. */
    private static double reciprocal(Entry e) {
        if (e == null) {
            return 0;
        }
        Object v = e.getValue();
        if (v instanceof Rational[] && ((Rational[]) v).length > 0) {
            v = ((Rational[]) v)[0];
        }
        double r;
        if (v instanceof Rational) {
            Rational q = (Rational) v;
            r = q.numerator() == 0 ? 0 : (double) q.denominator() / q.numerator();
        } else {
            double d = v instanceof Number ? ((Number) v).doubleValue() : 0;
            r = d > 0 ? 1.0 / d : 0;
        }
        return r > 0 && Double.isFinite(r) ? r : 0;
    }

    private static long longValue(Entry e, long fallback) {
        long[] v = longs(e);
        return v.length == 0 ? fallback : v[0];
    }

    /** The values of an integer entry, unsigned, whatever array type the parser chose for it. */
    static long[] longs(Entry e) {
        if (e == null) {
            return new long[0];
        }
        Object v = e.getValue();
        if (v instanceof Number) {
            return new long[] {((Number) v).longValue()};
        }
        if (v instanceof short[]) {
            short[] a = (short[]) v;
            long[] out = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i] & 0xffffL;
            }
            return out;
        }
        if (v instanceof int[]) {
            int[] a = (int[]) v;
            long[] out = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                // Unsigned SHORTs arrive as int[], LONGs that fit as int[]: both are non-negative as TIFF values.
                out[i] = a[i] & 0xffffffffL;
            }
            return out;
        }
        if (v instanceof long[]) {
            return ((long[]) v).clone();
        }
        if (v instanceof byte[]) {
            byte[] a = (byte[]) v;
            long[] out = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i] & 0xffL;
            }
            return out;
        }
        return new long[0];
    }
}
