package org.jcare.io.tiff;

import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.tiff.Rational;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFEntry;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFWriter;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.stream.FileImageOutputStream;
import javax.imageio.stream.ImageOutputStream;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;

/**
 * Writes a float32 stack as BigTIFF: TwelveMonkeys' {@link TIFFWriter} lays out the header and the IFDs (64-bit
 * offsets), one IFD per plane in file order, each followed by its plane as one uncompressed strip of little-endian
 * IEEE floats. The first IFD carries ImageJ's description, so that readers of ImageJ hyperstack metadata (this
 * module, tifffile) recover the axes and calibration.
 *
 * <p>ImageJ 1.x itself cannot open BigTIFF; Fiji opens these files through Bio-Formats.
 */
final class BigTiffEncoder {
    private static final int TAG_SAMPLE_FORMAT = 339;

    private BigTiffEncoder() {
    }

    /**
     * Writes {@code image} (axes in TZCYX order, planes in ImageJ order) to {@code file} with {@code description}.
     */
    static void write(FloatImage image, String description, Path file) throws IOException {
        long[] shape = image.shape();
        long height = shape[shape.length - 2];
        long width = shape[shape.length - 1];
        Calibration cal = image.calibration();
        TIFFWriter tw = new TIFFWriter(8);
        try (ImageOutputStream out = new FileImageOutputStream(file.toFile())) {
            out.setByteOrder(ByteOrder.LITTLE_ENDIAN);
            tw.writeTIFFHeader(out);
            long previousNextSlot = -1;
            for (int p = 0; p < image.planeCount(); p++) {
                List<Entry> entries = new ArrayList<>();
                entries.add(new TIFFEntry(TIFF.TAG_SUBFILE_TYPE, TIFF.TYPE_LONG, 0L));
                entries.add(new TIFFEntry(TIFF.TAG_IMAGE_WIDTH, TIFF.TYPE_LONG, width));
                entries.add(new TIFFEntry(TIFF.TAG_IMAGE_HEIGHT, TIFF.TYPE_LONG, height));
                entries.add(new TIFFEntry(TIFF.TAG_BITS_PER_SAMPLE, TIFF.TYPE_SHORT, 32));
                entries.add(new TIFFEntry(TIFF.TAG_COMPRESSION, TIFF.TYPE_SHORT, 1));
                entries.add(new TIFFEntry(TIFF.TAG_PHOTOMETRIC_INTERPRETATION, TIFF.TYPE_SHORT, 1));
                if (p == 0 && !description.isEmpty()) {
                    entries.add(new TIFFEntry(TIFF.TAG_IMAGE_DESCRIPTION, TIFF.TYPE_ASCII, description));
                }
                entries.add(new TIFFEntry(TIFF.TAG_SAMPLES_PER_PIXEL, TIFF.TYPE_SHORT, 1));
                entries.add(new TIFFEntry(TIFF.TAG_ROWS_PER_STRIP, TIFF.TYPE_LONG, height));
                entries.add(new TIFFEntry(TIFF.TAG_STRIP_BYTE_COUNTS, TIFF.TYPE_LONG8, width * height * 4));
                if (cal.isKnown()) {
                    entries.add(new TIFFEntry(TIFF.TAG_X_RESOLUTION, TIFF.TYPE_RATIONAL, reciprocal(cal.x())));
                    entries.add(new TIFFEntry(TIFF.TAG_Y_RESOLUTION, TIFF.TYPE_RATIONAL, reciprocal(cal.y())));
                    entries.add(new TIFFEntry(TIFF.TAG_RESOLUTION_UNIT, TIFF.TYPE_SHORT, 1));
                }
                entries.add(new TIFFEntry(TAG_SAMPLE_FORMAT, TIFF.TYPE_SHORT, TiffStructure.FLOAT));
                long position = out.getStreamPosition();
                // The strip follows: [pointer to this IFD][IFD with its data][next-IFD pointer][strip].
                long placeholder = 0;
                entries.add(new TIFFEntry(TIFF.TAG_STRIP_OFFSETS, TIFF.TYPE_LONG8, placeholder));
                long ifdSize = tw.computeIFDSize(entries);
                long stripOffset = position + tw.offsetSize() + ifdSize + tw.offsetSize();
                entries.set(entries.size() - 1, new TIFFEntry(TIFF.TAG_STRIP_OFFSETS, TIFF.TYPE_LONG8, stripOffset));
                long ifdOffset = tw.writeIFD(entries, out);
                long nextSlot = out.getStreamPosition();
                tw.writeOffset(out, 0);
                if (previousNextSlot >= 0) {
                    out.seek(previousNextSlot);
                    tw.writeOffset(out, ifdOffset);
                    out.seek(nextSlot + tw.offsetSize());
                }
                if (out.getStreamPosition() != stripOffset) {
                    throw new IOException("BigTIFF layout error: strip of plane " + p + " at " + out.getStreamPosition()
                            + " instead of " + stripOffset);
                }
                float[] plane = image.plane(p);
                out.writeFloats(plane, 0, plane.length);
                previousNextSlot = nextSlot;
            }
        }
    }

    /**
     * 1/size as a rational with 32-bit terms, chosen so that den/num gives {@code size} back: the first continued-fraction
     * convergent of {@code size} that equals it in double precision (0.1234 becomes 5000/617), else the closest one.
     */
    static Rational reciprocal(double size) {
        long max = 0xFFFFFFFFL;
        long p0 = 0;
        long q0 = 1;
        long p1 = 1;
        long q1 = 0;
        double v = size;
        for (int i = 0; i < 64; i++) {
            double a = Math.floor(v);
            if (a > max) {
                break;
            }
            long p2 = (long) a * p1 + p0;
            long q2 = (long) a * q1 + q0;
            if (p2 > max || q2 > max) {
                break;
            }
            p0 = p1;
            q0 = q1;
            p1 = p2;
            q1 = q2;
            double frac = v - a;
            if ((double) p1 / q1 == size || frac == 0) {
                break;
            }
            v = 1 / frac;
        }
        if (p1 == 0 || q1 == 0) {
            // Outside what 32-bit terms can express well: fall back to a plain scaled reciprocal.
            double scale = 1.0 / size;
            long den = (long) Math.max(1, Math.min(max, Math.floor(max / Math.max(1.0, scale))));
            return new Rational(Math.max(1, Math.min(max, Math.round(scale * den))), den);
        }
        return new Rational(q1, p1);
    }
}
