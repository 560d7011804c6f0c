package org.jcare.io.tiff;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.ImageFileException;

/**
 * ImageJ's ImageDescription ({@code ImageJ=1.54p\nimages=..\nchannels=..\nslices=..\nframes=..\nunit=..\n
 * spacing=..\nfinterval=..}), parsed the way ImageJ's own {@code FileOpener.decodeDescriptionString} does: as
 * {@link Properties}, so escaped units such as {@code \u00B5m} decode the same.
 */
final class ImageJDescription {
    private final Properties props;

    private ImageJDescription(Properties props) {
        this.props = props;
    }

    /** True when {@code description} is ImageJ's. */
    static boolean matches(String description) {
        return description != null && description.startsWith("ImageJ");
    }

    /** Parses an ImageJ description. */
    static ImageJDescription parse(String description) {
        Properties p = new Properties();
        try {
            // ISO-8859-1 plus \\u escapes is what Properties.load(InputStream) expects and what ImageJ writes.
            p.load(new ByteArrayInputStream(description.replace("\0", "").getBytes(StandardCharsets.ISO_8859_1)));
        } catch (IOException | IllegalArgumentException e) {
            // A malformed escape: keep whatever parsed; the sizes are checked against the file below.
        }
        return new ImageJDescription(p);
    }

    /** The number of images ImageJ stored contiguously ({@code images=}), 1 when absent. */
    long images() {
        return (long) number("images", 1);
    }

    /**
     * The stack layout of {@code decodedPlanes} planes of {@code samples} samples per pixel, and the calibration.
     */
    StackLayout layout(TiffStructure s, int decodedPlanes, int samples) throws ImageFileException {
        int c = (int) number("channels", 1);
        int z = (int) number("slices", 1);
        int t = (int) number("frames", 1);
        int stack = decodedPlanes / samples;
        Calibration cal = calibration(s, z > 1 && c * z * t == stack);
        if ((long) c * z * t != stack) {
            // ImageJ ignores dimensions that do not multiply to the stack size; so do we: pages become Z.
            return StackLayout.ordered(1, stack, samples, cal, "ImageJ");
        }
        if (samples > 1) {
            if (c > 1) {
                throw new ImageFileException(s.file, "is an RGB hyperstack with " + c
                        + " channels of 3 samples each, which is not supported; split the channels in Fiji first");
            }
            return StackLayout.ordered(t, z, samples, cal, "ImageJ");
        }
        return StackLayout.ordered(t, z, c, cal, "ImageJ");
    }

    private Calibration calibration(TiffStructure s, boolean hasZ) {
        String unit = props.getProperty("unit", "");
        double frame = number("finterval", 0);
        double perSecond = Units.seconds(props.getProperty("tunit", "sec"));
        if (frame > 0 && !Double.isNaN(perSecond)) {
            frame *= perSecond;
        }
        if (Units.isPixel(unit) || s.pixelWidth <= 0) {
            return new Calibration(0, 0, 0, "", frame);
        }
        double x = s.pixelWidth;
        double y = s.pixelHeight > 0 ? s.pixelHeight : x;
        if (s.resolutionUnit == 3 && Units.metres(unit) < 1e-2) {
            // ImageJ's own fix-up: a centimetre ResolutionUnit with a finer unit in the description.
            x = Units.convertLength(x, "cm", unit);
            y = Units.convertLength(y, "cm", unit);
        }
        double spacing = Math.abs(number("spacing", 0));
        // ImageJ has no "unknown" slice spacing: without a spacing key the voxel depth is 1 unit.
        double z = spacing > 0 ? spacing : hasZ ? 1.0 : 0;
        return new Calibration(x, y, z, unit, frame);
    }

    private double number(String key, double fallback) {
        String v = props.getProperty(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
