package org.jcare.io.tiff;

import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFEntry;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFWriter;
import ij.ImagePlus;
import ij.io.FileSaver;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.stream.FileImageOutputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Test fixtures made at test time: TIFFs saved by ImageJ itself, and minimal TIFFs with chosen sample formats laid
 * out by TwelveMonkeys' IFD writer (for formats no writer at hand produces: 64-bit, complex, 1-bit, signed 32-bit).
 */
final class TiffFixtures {
    private TiffFixtures() {
    }

    /** Saves {@code imp} with ImageJ's FileSaver (a stack when it has more than one slice). */
    static Path saveWithImageJ(ImagePlus imp, Path file) {
        boolean ok = imp.getStackSize() > 1 ? new FileSaver(imp).saveAsTiffStack(file.toString())
                : new FileSaver(imp).saveAsTiff(file.toString());
        if (!ok) {
            throw new IllegalStateException("ImageJ could not save " + file);
        }
        return file;
    }

    /**
     * Writes uncompressed pages of raw sample bytes (already in the byte order given) with the given tags.
     *
     * @param pages        the sample bytes of each page
     * @param bits         BitsPerSample
     * @param sampleFormat SampleFormat (1 uint, 2 int, 3 float, 5 complex int, 6 complex float)
     * @param description  ImageDescription of the first page, or null
     */
    static Path raw(Path file, int width, int height, int bits, int sampleFormat, List<byte[]> pages,
                    String description, ByteOrder order) throws IOException {
        TIFFWriter tw = new TIFFWriter(4);
        try (ImageOutputStream out = new FileImageOutputStream(file.toFile())) {
            out.setByteOrder(order);
            tw.writeTIFFHeader(out);
            long previousSlot = -1;
            for (int p = 0; p < pages.size(); p++) {
                List<Entry> e = new ArrayList<>();
                e.add(new TIFFEntry(TIFF.TAG_IMAGE_WIDTH, TIFF.TYPE_LONG, (long) width));
                e.add(new TIFFEntry(TIFF.TAG_IMAGE_HEIGHT, TIFF.TYPE_LONG, (long) height));
                e.add(new TIFFEntry(TIFF.TAG_BITS_PER_SAMPLE, TIFF.TYPE_SHORT, bits));
                e.add(new TIFFEntry(TIFF.TAG_COMPRESSION, TIFF.TYPE_SHORT, 1));
                e.add(new TIFFEntry(TIFF.TAG_PHOTOMETRIC_INTERPRETATION, TIFF.TYPE_SHORT, 1));
                if (p == 0 && description != null) {
                    e.add(new TIFFEntry(TIFF.TAG_IMAGE_DESCRIPTION, TIFF.TYPE_ASCII, description));
                }
                e.add(new TIFFEntry(TIFF.TAG_SAMPLES_PER_PIXEL, TIFF.TYPE_SHORT, 1));
                e.add(new TIFFEntry(TIFF.TAG_ROWS_PER_STRIP, TIFF.TYPE_LONG, (long) height));
                e.add(new TIFFEntry(TIFF.TAG_STRIP_BYTE_COUNTS, TIFF.TYPE_LONG, (long) pages.get(p).length));
                e.add(new TIFFEntry(339, TIFF.TYPE_SHORT, sampleFormat));
                long position = out.getStreamPosition();
                e.add(new TIFFEntry(TIFF.TAG_STRIP_OFFSETS, TIFF.TYPE_LONG, 0L));
                long strip = position + 4 + tw.computeIFDSize(e) + 4;
                e.set(e.size() - 1, new TIFFEntry(TIFF.TAG_STRIP_OFFSETS, TIFF.TYPE_LONG, strip));
                long ifd = tw.writeIFD(e, out);
                long slot = out.getStreamPosition();
                tw.writeOffset(out, 0);
                if (previousSlot >= 0) {
                    out.seek(previousSlot);
                    tw.writeOffset(out, ifd);
                    out.seek(slot + 4);
                }
                out.write(pages.get(p));
                previousSlot = slot;
            }
        }
        return file;
    }
}
