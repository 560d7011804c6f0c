package org.jcare.io.tiff;

import java.nio.file.Path;
import java.util.Arrays;
import org.jcare.io.image.Axes;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.image.ImageFileException;
import org.jcare.io.image.ImageFileReader;

/**
 * Reads TIFF files into float32 images with axes from their metadata.
 *
 * <p>What is understood: ImageJ hyperstacks (channels, slices, frames, images; spacing, unit, finterval), OME-TIFF
 * (sizes, DimensionOrder, TiffData, PhysicalSizeX/Y/Z with their units, TimeIncrement, in the first
 * ImageDescription), and plain single- or multi-page TIFF (pages become Z). Samples of 8, 16 or 32-bit integers
 * (unsigned or signed) and 32-bit floats are converted to float32 without scaling; 8-bit RGB becomes three channels.
 * Classic TIFF is decoded by ImageJ's codec; BigTIFF, tiled TIFF and compressions ImageJ lacks by TwelveMonkeys'.
 *
 * <p>Axes are letters from {@code TZCYX}, in that order (ImageJ's), with T, Z and C of size 1 dropped. An axes
 * override keeps the voxels and changes the view: every T, Z or C of size above 1 must appear in it, letters of size
 * 1 may be added, and the order of the letters is the order of the result (the voxels are permuted). For a plain
 * multi-page TIFF, whose pages carry no meaning, an override with one of T, Z or C puts the pages on that axis.
 *
 * <p>Pixel sizes: ImageJ stores the lateral size as a rational {@code 1/width} with a denominator of 10^6, so it comes
 * back with a relative error up to about 1e-6; slice spacing and frame interval are stored as decimal text and come
 * back exactly. Frame intervals are returned in seconds.
 */
public final class TiffReader implements ImageFileReader {
    /** A reader; it holds no state between files. */
    public TiffReader() {
    }

    /**
     * Reads {@code file} with the axes of its metadata.
     *
     * @param file the TIFF file
     * @return the image, never null
     * @throws ImageFileException naming the file when it is missing, not a TIFF, corrupt, truncated or unsupported
     */
    @Override
    public FloatImage read(Path file) throws ImageFileException {
        return read(file, null);
    }

    /**
     * Reads {@code file} and returns it with the axes {@code axesOverride} (see the class comment), or with the axes
     * of its metadata when the override is null or blank.
     *
     * @param file         the TIFF file
     * @param axesOverride the axes wanted, for example {@code "ZYX"} or {@code "CZYX"}, or null
     * @return the image, never null
     * @throws ImageFileException naming the file, the axes and the shape when the override does not fit, and as for
     *                            {@link #read(Path)}
     */
    @Override
    public FloatImage read(Path file, String axesOverride) throws ImageFileException {
        TiffStructure s = TiffStructure.read(file);
        s.requireSupportedSamples();
        ImageJDescription ij = ImageJDescription.matches(s.description) ? ImageJDescription.parse(s.description) : null;
        s.requireDataInFile(ij == null ? 1 : ij.images());
        float[][] decoded = s.imageJCanDecode() ? ImageJPixels.decode(s) : ImageIoPixels.decode(s);
        int samples = s.pages.get(0).samplesPerPixel();
        StackLayout layout;
        if (ij != null) {
            layout = ij.layout(s, decoded.length, samples);
        } else if (OmeXml.matches(s.description)) {
            layout = OmeXml.layout(s, s.description, decoded.length, samples);
        } else {
            TifffileShape.requirePages(s);
            layout = StackLayout.ordered(1, decoded.length / samples, samples, plainCalibration(s), "plain");
        }
        FloatImage natural = assemble(s, layout, decoded);
        return view(file, natural, axesOverride, layout.source().equals("plain") && samples == 1);
    }

    /** The decoded planes arranged as a TZCYX image (planes shared, not copied). */
    private static FloatImage assemble(TiffStructure s, StackLayout l, float[][] decoded) throws ImageFileException {
        int n = l.sizeT() * l.sizeZ() * l.sizeC();
        float[][] planes = new float[n][];
        for (int i = 0; i < n; i++) {
            int src = l.planeOf()[i];
            if (src < 0 || src >= decoded.length) {
                throw new ImageFileException(s.file, "its metadata (" + l.source() + ") describes " + n
                        + " planes but the file holds " + decoded.length);
            }
            planes[i] = decoded[src];
        }
        TiffStructure.Page p = s.pages.get(0);
        long[] shape = {l.sizeT(), l.sizeZ(), l.sizeC(), p.height(), p.width()};
        return new FloatImage(Axes.of("TZCYX"), shape, planes, l.calibration());
    }

    /** Applies the axes rules of the class comment to a TZCYX image. */
    static FloatImage view(Path file, FloatImage natural, String override, boolean plainPages)
            throws ImageFileException {
        long[] sh = natural.shape();
        if (override == null || override.isBlank()) {
            StringBuilder axes = new StringBuilder();
            long[] shape = new long[5];
            int n = 0;
            for (int i = 0; i < 5; i++) {
                if (i >= 3 || sh[i] > 1) {
                    axes.append("TZCYX".charAt(i));
                    shape[n++] = sh[i];
                }
            }
            return natural.withAxes(axes.toString(), Arrays.copyOf(shape, n));
        }
        String described = describe(natural);
        Axes want;
        try {
            want = Axes.of(override);
        } catch (IllegalArgumentException e) {
            throw new ImageFileException(file, "axes '" + override + "' are not valid for the image " + described
                    + ": " + e.getMessage());
        }
        if (want.has('S')) {
            throw new ImageFileException(file, "axes '" + override + "' contain S (samples), which a TIFF image does not "
                    + "have; the image is " + described + ", use letters from TZCYX");
        }
        long[] sizes = {sh[0], sh[1], sh[2]};
        if (plainPages && sh[1] > 1) {
            // A plain TIFF's pages mean nothing by themselves: put them on the one stack axis the caller names.
            String stackLetters = "";
            for (char c : "TZC".toCharArray()) {
                if (want.has(c)) {
                    stackLetters += c;
                }
            }
            if (stackLetters.length() == 1) {
                sizes = new long[] {0, 0, 0};
                sizes["TZC".indexOf(stackLetters.charAt(0))] = sh[1];
                for (int i = 0; i < 3; i++) {
                    sizes[i] = Math.max(sizes[i], 1);
                }
            }
        }
        StringBuilder missing = new StringBuilder();
        StringBuilder canonical = new StringBuilder();
        long[] shape = new long[want.size()];
        int n = 0;
        for (int i = 0; i < 5; i++) {
            char c = "TZCYX".charAt(i);
            long size = i < 3 ? sizes[i] : sh[i];
            if (want.has(c)) {
                canonical.append(c);
                shape[n++] = size;
            } else if (size > 1) {
                missing.append(missing.length() == 0 ? "" : ", ").append(c).append('=').append(size);
            }
        }
        if (missing.length() > 0) {
            throw new ImageFileException(file, "axes '" + override + "' do not fit the image " + described
                    + ": they leave out " + missing + "; name every axis of size above 1 (for example '"
                    + defaultAxes(natural) + "')");
        }
        return natural.withAxes(canonical.toString(), shape).permute(want.letters());
    }

    private static String describe(FloatImage natural) {
        FloatImage v;
        try {
            v = view(null, natural, null, false);
        } catch (ImageFileException e) {
            throw new IllegalStateException(e);
        }
        return "of axes " + v.axes() + " and shape " + Arrays.toString(v.shape());
    }

    private static String defaultAxes(FloatImage natural) {
        StringBuilder sb = new StringBuilder();
        long[] sh = natural.shape();
        for (int i = 0; i < 5; i++) {
            if (i >= 3 || sh[i] > 1) {
                sb.append("TZCYX".charAt(i));
            }
        }
        return sb.toString();
    }

    /** Pixel size of a plain TIFF from its resolution tags, when they are in centimetres or inches. */
    private static Calibration plainCalibration(TiffStructure s) {
        if (s.pixelWidth <= 0) {
            return Calibration.NONE;
        }
        double y = s.pixelHeight > 0 ? s.pixelHeight : s.pixelWidth;
        if (s.resolutionUnit == 3) {
            return new Calibration(s.pixelWidth * 1e4, y * 1e4, 0, "µm", 0);
        }
        double dpi = 1 / s.pixelWidth;
        if (s.resolutionUnit == 2 && Math.abs(dpi - 72) > 1e-6 && Math.abs(dpi - 96) > 1e-6) {
            // 72 and 96 dpi are screen defaults written by tools that know no pixel size.
            return new Calibration(s.pixelWidth * 25400, y * 25400, 0, "µm", 0);
        }
        return Calibration.NONE;
    }
}
