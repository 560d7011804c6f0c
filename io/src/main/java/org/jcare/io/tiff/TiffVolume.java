package org.jcare.io.tiff;

import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;
import java.awt.Rectangle;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import org.jcare.io.image.Axes;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.ImageFileException;
import org.jcare.io.image.VolumeReader;

/**
 * A TIFF (classic or BigTIFF, ImageJ hyperstack, OME-TIFF or plain pages) read box by box without decoding more than
 * the rows a box needs: uncompressed grey strips (what ImageJ and jcare write, including ImageJ's contiguous layout
 * beyond 4 GiB) are read row by row at their file offsets; compressed, tiled or RGB pages are decoded region by region
 * by TwelveMonkeys. The axes are those {@link TiffReader} gives (TZCYX, sizes of 1 dropped); an override may name the
 * letters in any order (boxes are read in TZCYX order, see {@link org.jcare.io.image.Tczyx}) and, for plain pages,
 * put them on T, Z or C.
 */
public final class TiffVolume implements VolumeReader {
    private final TiffStructure s;
    private final StackLayout layout;
    private final boolean contiguous;
    private final int samples;
    private final Axes axes;
    private final long[] shape;
    private final FileChannel channel;
    private final ByteOrder order;

    private TiffVolume(TiffStructure s, StackLayout layout, boolean contiguous, Axes axes, long[] shape,
                       FileChannel channel, ByteOrder order) {
        this.s = s;
        this.layout = layout;
        this.contiguous = contiguous;
        this.samples = s.pages.get(0).samplesPerPixel();
        this.axes = axes;
        this.shape = shape;
        this.channel = channel;
        this.order = order;
    }

    /**
     * Opens {@code file} (its structure and metadata only).
     *
     * @param axesOverride letters of TZCYX (any order), or null for the file's axes
     * @throws ImageFileException naming the file as {@link TiffReader} does
     */
    public static TiffVolume open(Path file, String axesOverride) throws ImageFileException {
        TiffStructure s = TiffStructure.read(file);
        s.requireSupportedSamples();
        ImageJDescription ij = ImageJDescription.matches(s.description) ? ImageJDescription.parse(s.description) : null;
        boolean contiguous = ij != null && ij.images() > s.pages.size() && s.pages.size() == 1;
        s.requireDataInFile(ij == null ? 1 : ij.images());
        int samples = s.pages.get(0).samplesPerPixel();
        int decoded = Math.toIntExact((contiguous ? ij.images() : s.pages.size()) * samples);
        StackLayout layout;
        if (ij != null) {
            layout = ij.layout(s, decoded, samples);
        } else if (OmeXml.matches(s.description)) {
            layout = OmeXml.layout(s, s.description, decoded, samples);
        } else {
            TifffileShape.requirePages(s);
            layout = StackLayout.ordered(1, decoded / samples, samples, Calibration.NONE, "plain");
        }
        long[] tzc = {layout.sizeT(), layout.sizeZ(), layout.sizeC()};
        // plain pages on the one stack axis an override names, as TiffReader does
        String over = axesOverride == null || axesOverride.isBlank() ? null
                : axesOverride.trim().toUpperCase(Locale.ROOT);
        if (over != null && layout.source().equals("plain") && samples == 1 && tzc[1] > 1) {
            String stack = "";
            for (char c : "TZC".toCharArray()) {
                if (over.indexOf(c) >= 0) {
                    stack += c;
                }
            }
            if (stack.length() == 1) {
                long pages = tzc[1];
                tzc = new long[] {1, 1, 1};
                tzc["TZC".indexOf(stack.charAt(0))] = pages;
            }
        }
        StringBuilder letters = new StringBuilder();
        long[] sh = new long[5];
        int n = 0;
        TiffStructure.Page p = s.pages.get(0);
        long[] all = {tzc[0], tzc[1], tzc[2], p.height(), p.width()};
        for (int i = 0; i < 5; i++) {
            char c = "TZCYX".charAt(i);
            boolean named = over != null && over.indexOf(c) >= 0;
            if (i >= 3 || all[i] > 1 || named) {
                if (over != null && !named) {
                    throw new ImageFileException(file, "axes '" + over + "' leave out " + c + "=" + all[i]
                            + "; name every axis of size above 1");
                }
                letters.append(c);
                sh[n++] = all[i];
            }
        }
        if (over != null) {
            try {
                Axes o = Axes.of(over);
                if (o.size() != letters.length() || o.has('S')) {
                    throw new ImageFileException(file, "axes '" + over + "' do not fit the image of axes " + letters);
                }
            } catch (IllegalArgumentException e) {
                throw new ImageFileException(file, e.getMessage());
            }
        }
        FileChannel ch;
        ByteOrder order;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
            ByteBuffer head = ByteBuffer.allocate(2);
            ch.read(head, 0);
            order = head.get(0) == 'M' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        } catch (IOException e) {
            throw new ImageFileException(file, "cannot be read", e);
        }
        return new TiffVolume(s, new StackLayout((int) tzc[0], (int) tzc[1], (int) tzc[2], layout.planeOf(),
                layout.calibration(), layout.source()), contiguous, Axes.of(letters.toString()),
                java.util.Arrays.copyOf(sh, n), ch, order);
    }

    @Override
    public Axes axes() {
        return axes;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public Calibration calibration() {
        return layout.calibration();
    }

    @Override
    public int[] blockShape() {
        int[] b = new int[shape.length];
        java.util.Arrays.fill(b, 1);
        b[b.length - 2] = (int) shape[shape.length - 2];
        b[b.length - 1] = (int) shape[shape.length - 1];
        return b;
    }

    @Override
    public String describe() {
        return s.file.toString();
    }

    @Override
    public float[] read(long[] start, int[] size) throws IOException {
        String l = axes.letters();
        long[] s5 = new long[5];
        int[] z5 = {1, 1, 1, 1, 1};
        for (int i = 0; i < l.length(); i++) {
            int k = "TZCYX".indexOf(l.charAt(i));
            s5[k] = start[i];
            z5[k] = size[i];
        }
        int h = z5[3];
        int w = z5[4];
        float[] out = new float[z5[0] * z5[1] * z5[2] * h * w];
        int at = 0;
        for (int t = 0; t < z5[0]; t++) {
            for (int z = 0; z < z5[1]; z++) {
                for (int c = 0; c < z5[2]; c++) {
                    int index = (int) (((s5[0] + t) * layout.sizeZ() + s5[1] + z) * layout.sizeC() + s5[2] + c);
                    int plane = layout.planeOf()[index];
                    readPlaneRegion(plane, (int) s5[3], (int) s5[4], h, w, out, at);
                    at += h * w;
                }
            }
        }
        return out;
    }

    /** Rows {@code y0..y0+h} and columns {@code x0..x0+w} of decoded plane {@code plane} into {@code out[at..]}. */
    private void readPlaneRegion(int plane, int y0, int x0, int h, int w, float[] out, int at) throws IOException {
        int page = contiguous ? 0 : plane / samples;
        int band = plane % samples;
        TiffStructure.Page p = s.pages.get(page);
        int bytes = p.bitsPerSample() / 8;
        if (p.compression() == 1 && !p.tiled() && samples == 1 && p.predictor() == 1) {
            long rowBytes = p.width() * bytes;
            long rowsPerStrip = p.byteCounts().length == p.offsets().length && p.offsets().length > 1
                    ? p.byteCounts()[0] / rowBytes : p.height();
            long imageOffset = contiguous ? p.offsets()[0] + (long) (plane / samples) * rowBytes * p.height() : -1;
            ByteBuffer row = ByteBuffer.allocate(w * bytes).order(order);
            for (int y = 0; y < h; y++) {
                long yy = y0 + y;
                long offset = contiguous ? imageOffset + yy * rowBytes
                        : p.offsets()[(int) (yy / rowsPerStrip)] + (yy % rowsPerStrip) * rowBytes;
                row.clear();
                long pos = offset + (long) x0 * bytes;
                while (row.hasRemaining()) {
                    if (channel.read(row, pos + row.position()) < 0) {
                        throw new ImageFileException(s.file, "is truncated: row " + yy + " of plane " + plane
                                + " lies past the end of the file");
                    }
                }
                row.flip();
                convert(row, p, out, at + y * w, w);
            }
            return;
        }
        ImageReader reader = new TIFFImageReaderSpi().createReaderInstance(null);
        try (ImageInputStream in = new FileImageInputStream(s.file.toFile())) {
            reader.setInput(in, true, true);
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceRegion(new Rectangle(x0, y0, w, h));
            Raster r = reader.readRaster(page, param);
            boolean signed16 = p.sampleFormat() == TiffStructure.INT && p.bitsPerSample() == 16;
            boolean unsigned32 = p.sampleFormat() == TiffStructure.UINT && p.bitsPerSample() == 32;
            int type = r.getDataBuffer().getDataType();
            if (type == java.awt.image.DataBuffer.TYPE_FLOAT || type == java.awt.image.DataBuffer.TYPE_DOUBLE) {
                float[] f = r.getSamples(r.getMinX(), r.getMinY(), w, h, band, new float[w * h]);
                System.arraycopy(f, 0, out, at, w * h);
            } else {
                int[] v = r.getSamples(r.getMinX(), r.getMinY(), w, h, band, new int[w * h]);
                for (int i = 0; i < v.length; i++) {
                    out[at + i] = signed16 ? (short) v[i] : unsigned32 ? v[i] & 0xffffffffL : v[i];
                }
            }
        } catch (RuntimeException e) {
            throw new ImageFileException(s.file, "cannot decode plane " + plane + " (corrupt, truncated or an"
                    + " unsupported compression)", e);
        } finally {
            reader.dispose();
        }
    }

    private static void convert(ByteBuffer b, TiffStructure.Page p, float[] out, int at, int n) {
        int bits = p.bitsPerSample();
        int format = p.sampleFormat();
        for (int i = 0; i < n; i++) {
            float v;
            if (format == TiffStructure.FLOAT) {
                v = b.getFloat(4 * i);
            } else if (bits == 8) {
                v = format == TiffStructure.INT ? b.get(i) : b.get(i) & 0xff;
            } else if (bits == 16) {
                v = format == TiffStructure.INT ? b.getShort(2 * i) : b.getShort(2 * i) & 0xffff;
            } else {
                v = format == TiffStructure.INT ? b.getInt(4 * i) : b.getInt(4 * i) & 0xffffffffL;
            }
            out[at + i] = v;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
