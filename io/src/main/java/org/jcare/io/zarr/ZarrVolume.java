package org.jcare.io.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jcare.io.FileFormatException;
import org.jcare.io.image.Axes;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.ImageFileException;
import org.jcare.io.image.VolumeReader;

/**
 * An image in a Zarr folder, read chunk by chunk: an OME-Zarr image group (its finest level, axes and pixel sizes
 * from the OME-NGFF {@code multiscales}) or a plain array (axes from v3 {@code dimension_names}, the xarray attribute
 * {@code _ARRAY_DIMENSIONS}, or the caller).
 */
public final class ZarrVolume implements VolumeReader {
    private final ZarrArray array;
    private final Axes axes;
    private final Calibration calibration;
    private final Path folder;
    private final Multiscale multiscale;

    private ZarrVolume(ZarrArray array, Axes axes, Calibration calibration, Path folder, Multiscale multiscale) {
        this.array = array;
        this.axes = axes;
        this.calibration = calibration;
        this.folder = folder;
        this.multiscale = multiscale;
    }

    /** Whether {@code path} is a Zarr folder (a group or an array, v2 or v3). */
    public static boolean isZarr(Path path) {
        return Files.isDirectory(path) && (Files.isRegularFile(path.resolve("zarr.json"))
                || Files.isRegularFile(path.resolve(".zgroup")) || Files.isRegularFile(path.resolve(".zarray")));
    }

    /**
     * Opens {@code folder}: an OME-Zarr image group or a Zarr array.
     *
     * @param axesOverride jcare axes letters (one per array dimension), or null to take them from the metadata
     * @throws ImageFileException naming the folder when it is not Zarr, holds no image, or its axes are unknown
     */
    public static ZarrVolume open(Path folder, String axesOverride) throws ImageFileException {
        try {
            FileStore store = new FileStore(folder);
            if (!isZarr(folder)) {
                throw new ImageFileException(folder, "is not a Zarr folder (no zarr.json, .zgroup or .zarray)");
            }
            Multiscale ms = null;
            ZarrArray array;
            String letters;
            if (ZarrGroup.isGroup(store, "")) {
                ObjectNode attrs = ZarrGroup.attributes(store, "");
                try {
                    ms = Multiscale.read(attrs);
                    letters = ms.letters();
                } catch (IllegalArgumentException e) {
                    throw new ImageFileException(folder, e.getMessage());
                }
                array = ZarrArray.open(store, ms.datasets().get(0).path());
            } else {
                array = ZarrArray.open(store, "");
                letters = plainAxes(array);
            }
            if (axesOverride != null && !axesOverride.isBlank()) {
                letters = axesOverride.trim().toUpperCase(Locale.ROOT);
            }
            if (letters == null) {
                throw new ImageFileException(folder, "the array of shape " + java.util.Arrays.toString(array.shape())
                        + " names no axes (no OME-NGFF metadata, dimension_names or _ARRAY_DIMENSIONS); give them"
                        + " with --axes, for example " + "TCZYX".substring(5 - Math.min(5, array.shape().length)));
            }
            Axes a;
            try {
                a = Axes.of(letters);
                a.requireFits(array.shape(), "zarr image");
            } catch (IllegalArgumentException e) {
                throw new ImageFileException(folder, e.getMessage());
            }
            if (a.has('S')) {
                throw new ImageFileException(folder, "axes " + a + " contain S; name the axes with T, C, Z, Y, X");
            }
            Calibration cal = ms == null ? Calibration.NONE : ms.calibration();
            return new ZarrVolume(array, a, cal, folder, ms);
        } catch (ImageFileException e) {
            throw e;
        } catch (FileFormatException e) {
            throw new ImageFileException(folder, e.getMessage(), e);
        } catch (IOException e) {
            throw new ImageFileException(folder, "cannot be read as Zarr", e);
        }
    }

    /** The axes of a plain array from its dimension names, or null. */
    private static String plainAxes(ZarrArray array) {
        List<String> names = array.metadata().dimensionNames();
        if (names == null) {
            JsonNode dims = array.metadata().attributes().path("_ARRAY_DIMENSIONS");
            if (dims.isArray()) {
                names = new java.util.ArrayList<>();
                for (JsonNode n : dims) {
                    names.add(n.asText());
                }
            }
        }
        if (names == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            if (n == null || n.length() != 1 || "tczyx".indexOf(Character.toLowerCase(n.charAt(0))) < 0) {
                return null;
            }
            sb.append(Character.toUpperCase(n.charAt(0)));
        }
        return sb.toString();
    }

    /** The array read (the finest level of an OME-Zarr image). */
    public ZarrArray array() {
        return array;
    }

    /** The OME-NGFF metadata, or null for a plain array. */
    public Multiscale multiscale() {
        return multiscale;
    }

    @Override
    public Axes axes() {
        return axes;
    }

    @Override
    public long[] shape() {
        return array.shape();
    }

    @Override
    public Calibration calibration() {
        return calibration;
    }

    @Override
    public float[] read(long[] start, int[] size) throws IOException {
        return array.read(start, size);
    }

    @Override
    public int[] blockShape() {
        return array.metadata().chunks();
    }

    @Override
    public String describe() {
        return folder.toString();
    }
}
