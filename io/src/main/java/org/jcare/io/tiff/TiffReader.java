package org.jcare.io.tiff;

import java.nio.file.Path;
import org.jcare.io.image.Axes;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.image.ImageFileException;
import org.jcare.io.image.ImageHeader;
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
        Header h = header(file, axesOverride);
        TiffStructure s = h.structure;
        float[][] decoded = s.imageJCanDecode() ? ImageJPixels.decode(s) : ImageIoPixels.decode(s);
        if (decoded.length != h.decodedPlanes) {
            throw new ImageFileException(file, "is corrupt: its header describes " + h.decodedPlanes + " planes but "
                    + decoded.length + " were decoded");
        }
        Header actual = h;
        FloatImage natural = assemble(s, actual.layout, decoded);
        return actual.view.apply(natural);
    }

    /**
     * What {@code file} reads as with {@code axesOverride}, from its header: every check of {@link #read(Path, String)}
     * that needs no pixel (format, sample type, data inside the file, strips as long as their rows, plane and image
     * sizes against the Java heap, metadata, axes) runs here, and nothing is decoded.
     *
     * @throws ImageFileException naming the file, as {@link #read(Path, String)}
     * @throws org.jcare.io.image.NotEnoughMemoryException when the decoded image would not fit the Java heap
     */
    @Override
    public ImageHeader inspect(Path file, String axesOverride) throws ImageFileException {
        Header h = header(file, axesOverride);
        return new ImageHeader(file, h.view.axes, h.view.shape);
    }

    /** A file's structure, metadata, stack layout and view, checked and computed without decoding pixels. */
    private record Header(TiffStructure structure, ImageJDescription ij, int decodedPlanes, StackLayout layout,
                          AxesView view) {
    }

    private static Header header(Path file, String axesOverride) throws ImageFileException {
        TiffStructure s = TiffStructure.read(file);
        s.requireSupportedSamples();
        ImageJDescription ij = ImageJDescription.matches(s.description) ? ImageJDescription.parse(s.description) : null;
        s.requireDataInFile(ij == null ? 1 : ij.images());
        int samples = s.pages.get(0).samplesPerPixel();
        long images = s.imageJCanDecode() && s.pages.size() == 1 && ij != null && ij.images() > 1 ? ij.images()
                : s.pages.size();
        if (images * samples > Integer.MAX_VALUE - 8L) {
            throw new ImageFileException(file, "claims " + images + " images, more than one stack holds");
        }
        TiffSizeCheck.require(s, images * samples);
        return layout(s, ij, (int) (images * samples), axesOverride);
    }

    private static Header layout(TiffStructure s, ImageJDescription ij, int decodedPlanes, String axesOverride)
            throws ImageFileException {
        int samples = s.pages.get(0).samplesPerPixel();
        StackLayout layout;
        if (ij != null) {
            layout = ij.layout(s, decodedPlanes, samples);
        } else if (OmeXml.matches(s.description)) {
            layout = OmeXml.layout(s, s.description, decodedPlanes, samples);
        } else {
            TifffileShape.requirePages(s);
            layout = StackLayout.ordered(1, decodedPlanes / samples, samples, plainCalibration(s), "plain");
        }
        TiffStructure.Page p = s.pages.get(0);
        long[] natural = {layout.sizeT(), layout.sizeZ(), layout.sizeC(), p.height(), p.width()};
        boolean plainPages = layout.source().equals("plain") && samples == 1;
        return new Header(s, ij, decodedPlanes, layout, AxesView.of(s.file, natural, axesOverride, plainPages));
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
        try {
            return new FloatImage(Axes.of("TZCYX"), shape, planes, l.calibration());
        } catch (IllegalArgumentException e) {
            throw new ImageFileException(s.file, "is corrupt: its pixels do not fit its header (" + e.getMessage() + ")");
        }
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
