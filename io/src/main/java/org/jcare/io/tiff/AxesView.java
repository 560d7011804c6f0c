package org.jcare.io.tiff;

import java.nio.file.Path;
import java.util.Arrays;
import org.jcare.io.image.Axes;
import org.jcare.io.image.FloatImage;
import org.jcare.io.image.ImageFileException;

/**
 * The axes and shape under which a TIFF's TZCYX stack is returned (the rules of {@link TiffReader}'s class comment),
 * computed from the shape alone, so that headers can be checked before any pixel is decoded.
 */
final class AxesView {
    private static final String NATURAL = "TZCYX";

    /** The axes of the result. */
    final String axes;
    /** The shape of the result. */
    final long[] shape;
    private final String canonical;
    private final long[] canonicalShape;

    private AxesView(String axes, long[] shape, String canonical, long[] canonicalShape) {
        this.axes = axes;
        this.shape = shape;
        this.canonical = canonical;
        this.canonicalShape = canonicalShape;
    }

    /**
     * The view of a stack of shape {@code natural} (T, Z, C, Y, X) with the axes {@code override} (null or blank: the
     * metadata's axes, singleton T, Z and C dropped).
     *
     * @param plainPages whether the Z pages are a plain TIFF's, which an override may put on T or C instead
     * @throws ImageFileException naming the file, the axes and the shape when the override does not fit
     */
    static AxesView of(Path file, long[] natural, String override, boolean plainPages) throws ImageFileException {
        if (override == null || override.isBlank()) {
            String axes = defaultAxes(natural);
            long[] shape = defaultShape(natural);
            return new AxesView(axes, shape, axes, shape);
        }
        String described = "of axes " + defaultAxes(natural) + " and shape " + Arrays.toString(defaultShape(natural));
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
        long[] sizes = {natural[0], natural[1], natural[2]};
        if (plainPages && natural[1] > 1) {
            // A plain TIFF's pages mean nothing by themselves: put them on the one stack axis the caller names.
            String stackLetters = "";
            for (char c : "TZC".toCharArray()) {
                if (want.has(c)) {
                    stackLetters += c;
                }
            }
            if (stackLetters.length() == 1) {
                sizes = new long[] {1, 1, 1};
                sizes["TZC".indexOf(stackLetters.charAt(0))] = natural[1];
            }
        }
        StringBuilder missing = new StringBuilder();
        StringBuilder canonical = new StringBuilder();
        long[] shape = new long[want.size()];
        int n = 0;
        for (int i = 0; i < 5; i++) {
            char c = NATURAL.charAt(i);
            long size = i < 3 ? sizes[i] : natural[i];
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
        long[] permuted = new long[shape.length];
        String letters = want.letters();
        for (int i = 0; i < letters.length(); i++) {
            permuted[i] = shape[canonical.indexOf(String.valueOf(letters.charAt(i)))];
        }
        return new AxesView(letters, permuted, canonical.toString(), shape);
    }

    /** The stack {@code natural} (TZCYX, the planes this view was computed for) under this view. */
    FloatImage apply(FloatImage natural) {
        FloatImage v = natural.withAxes(canonical, canonicalShape);
        return canonical.equals(axes) ? v : v.permute(axes);
    }

    private static String defaultAxes(long[] natural) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            if (i >= 3 || natural[i] > 1) {
                sb.append(NATURAL.charAt(i));
            }
        }
        return sb.toString();
    }

    private static long[] defaultShape(long[] natural) {
        long[] shape = new long[5];
        int n = 0;
        for (int i = 0; i < 5; i++) {
            if (i >= 3 || natural[i] > 1) {
                shape[n++] = natural[i];
            }
        }
        return Arrays.copyOf(shape, n);
    }
}
