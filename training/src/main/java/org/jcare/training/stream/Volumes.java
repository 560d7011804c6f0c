package org.jcare.training.stream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jcare.io.image.ImageFileException;
import org.jcare.io.image.VolumeReader;
import org.jcare.io.tiff.TiffVolume;
import org.jcare.io.zarr.ZarrVolume;

/** Opens the inputs a streamed restoration reads box by box: Zarr (OME-Zarr or a plain array) and TIFF. */
public final class Volumes {
    private Volumes() {
    }

    /** Whether {@code path} names Zarr (a folder with Zarr metadata, or a name ending in .zarr). */
    public static boolean isZarr(Path path) {
        return ZarrVolume.isZarr(path) || path.getFileName() != null
                && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zarr");
    }

    /**
     * Opens {@code path} for reading box by box.
     *
     * @param axes axes letters overriding the file's metadata, or null
     * @throws ImageFileException naming the file when it is neither Zarr nor TIFF or cannot be read
     */
    public static VolumeReader open(Path path, String axes) throws ImageFileException {
        if (Files.isDirectory(path)) {
            return ZarrVolume.open(path, axes);
        }
        return TiffVolume.open(path, axes);
    }

    /**
     * Opens {@code path} as a streamed restoration reads it: zoomed along Z when the settings say so (upsampling
     * models, {@link AxialZoomVolume}).
     *
     * @throws ImageFileException naming the file when it is neither Zarr nor TIFF or cannot be read
     * @throws IllegalArgumentException when a zoom is asked for and the volume has no Z axis
     */
    public static VolumeReader open(Path path, String axes, RestoreSettings settings) throws ImageFileException {
        VolumeReader v = open(path, axes);
        if (settings.zoomZ() <= 0) {
            return v;
        }
        try {
            return new AxialZoomVolume(v, settings.zoomZ());
        } catch (RuntimeException e) {
            try {
                v.close();
            } catch (java.io.IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }
}
