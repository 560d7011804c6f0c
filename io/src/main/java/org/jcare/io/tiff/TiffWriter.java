package org.jcare.io.tiff;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.TiffEncoder;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jcare.io.AtomicFiles;
import org.jcare.io.FileFormatException;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.image.ImageFileException;

/**
 * Writes float32 images as ImageJ hyperstack TIFF: axes permuted to ImageJ's TZCYX order, channels, slices and frames
 * and the calibration (pixel width, height, slice spacing, unit, frame interval in seconds) in ImageJ's description,
 * encoded by ImageJ's own {@code TiffEncoder}. When the file would pass {@link #DEFAULT_BIGTIFF_THRESHOLD} bytes, the
 * same description and planes are written as BigTIFF instead (see {@link BigTiffEncoder}), which ImageJ 1.x cannot
 * open but Fiji (Bio-Formats), tifffile and {@link TiffReader} can.
 *
 * <p>The file is written under a temporary name in the target folder and renamed when complete; an existing file is
 * replaced only with {@link #overwrite(boolean) overwrite(true)}. Instances are immutable.
 *
 * <p>Limits of the ImageJ format: a pixel size without a unit is not stored (ImageJ would call it "pixel"); a voxel
 * depth of 0 (unknown) is stored as ImageJ's default 1 when the image has Z; "um" is stored as ImageJ spells it, "µm".
 */
public final class TiffWriter {
    /** Files above this many bytes are written as BigTIFF: classic TIFF offsets are 32-bit. */
    public static final long DEFAULT_BIGTIFF_THRESHOLD = 0xFFFF_FFFFL;
    /** Generous per-plane and per-file allowance for ImageJ's IFDs and description when estimating the size. */
    private static final long IFD_ALLOWANCE = 256;
    private static final long HEADER_ALLOWANCE = 64 * 1024;

    private final boolean overwrite;
    private final long bigTiffThreshold;

    /** A writer that refuses to replace existing files and switches to BigTIFF above 4 GiB. */
    public TiffWriter() {
        this(false, DEFAULT_BIGTIFF_THRESHOLD);
    }

    private TiffWriter(boolean overwrite, long bigTiffThreshold) {
        this.overwrite = overwrite;
        this.bigTiffThreshold = bigTiffThreshold;
    }

    /**
     * This writer, replacing existing files or not.
     *
     * @param replace whether an existing file may be replaced
     * @return a writer with that setting
     */
    public TiffWriter overwrite(boolean replace) {
        return new TiffWriter(replace, bigTiffThreshold);
    }

    /**
     * This writer with another BigTIFF threshold (tests use a small one to exercise the BigTIFF path cheaply).
     *
     * @param bytes estimated file size above which BigTIFF is written; at most {@link #DEFAULT_BIGTIFF_THRESHOLD}
     * @return a writer with that threshold
     */
    public TiffWriter bigTiffThreshold(long bytes) {
        if (bytes < 0 || bytes > DEFAULT_BIGTIFF_THRESHOLD) {
            throw new IllegalArgumentException("BigTIFF threshold " + bytes + " must be in [0, "
                    + DEFAULT_BIGTIFF_THRESHOLD + "]: classic TIFF cannot address more");
        }
        return new TiffWriter(overwrite, bytes);
    }

    /**
     * Whether {@code image} would be written as BigTIFF by this writer.
     *
     * @param image the image
     * @return true when its estimated classic TIFF size exceeds the threshold
     */
    public boolean writesBigTiff(FloatImage image) {
        return image.numel() * 4 + image.planeCount() * IFD_ALLOWANCE + HEADER_ALLOWANCE > bigTiffThreshold;
    }

    /**
     * Writes {@code image} to {@code file} (the input is not modified).
     *
     * @param image the image; its axes may be any letters of TZCYX in any order, but not S
     * @param file  the TIFF file to create
     * @throws ImageFileException naming the file when it exists (without overwrite), its folder is missing, the axes
     *                            contain S, or writing fails
     */
    public void write(FloatImage image, Path file) throws ImageFileException {
        String axes = image.axes().letters();
        if (axes.indexOf('S') >= 0) {
            throw new ImageFileException(file, "cannot write axes " + axes + " as TIFF: S (samples) is not a TIFF axis; "
                    + "write each sample to its own file, or save training data with NpzFile");
        }
        StringBuilder order = new StringBuilder();
        for (char c : "TZCYX".toCharArray()) {
            if (axes.indexOf(c) >= 0) {
                order.append(c);
            }
        }
        FloatImage ordered = image.permute(order.toString());
        ImagePlus imp = imagePlus(ordered, String.valueOf(file.getFileName()));
        boolean big = writesBigTiff(ordered);
        try {
            AtomicFiles.checkWritable(file, overwrite);
            AtomicFiles.write(file, overwrite, tmp -> {
                if (big) {
                    BigTiffEncoder.write(ordered, description(imp), tmp);
                } else {
                    writeImageJ(imp, tmp);
                }
            });
        } catch (ImageFileException e) {
            throw e;
        } catch (FileFormatException e) {
            throw new ImageFileException(file, e.problem(), e.getCause());
        } catch (IOException | RuntimeException e) {
            throw new ImageFileException(file, "cannot be written", e);
        }
    }

    /** An ImagePlus over the planes (shared, not copied), with dimensions and calibration set. */
    private static ImagePlus imagePlus(FloatImage image, String title) {
        long[] shape = image.shape();
        int h = (int) shape[shape.length - 2];
        int w = (int) shape[shape.length - 1];
        ImageStack stack = new ImageStack(w, h);
        for (int p = 0; p < image.planeCount(); p++) {
            stack.addSlice(null, image.plane(p));
        }
        ImagePlus imp = new ImagePlus(title, stack);
        int c = (int) image.size('C');
        int z = (int) image.size('Z');
        int t = (int) image.size('T');
        imp.setDimensions(c, z, t);
        if (imp.getNDimensions() > 3) {
            imp.setOpenAsHyperStack(true);
        }
        Calibration cal = image.calibration();
        ij.measure.Calibration ijCal = imp.getCalibration();
        if (cal.isKnown() && !Units.isPixel(cal.unit())) {
            ijCal.pixelWidth = cal.x();
            ijCal.pixelHeight = cal.y();
            ijCal.pixelDepth = cal.z() > 0 ? cal.z() : 1.0;
            ijCal.setUnit(cal.unit());
        }
        if (cal.t() > 0) {
            ijCal.frameInterval = cal.t();
            ijCal.setTimeUnit("sec");
        }
        return imp;
    }

    /** ImageJ's description of {@code imp}, as ImageJ's FileSaver writes it, without the closing NUL. */
    private static String description(ImagePlus imp) {
        String d = new FileSaver(imp).getDescriptionString();
        int nul = d.indexOf('\0');
        return nul >= 0 ? d.substring(0, nul) : d;
    }

    /** The same steps as ImageJ's {@code FileSaver.saveAsTiffStack}, with errors thrown instead of shown. */
    private static void writeImageJ(ImagePlus imp, Path tmp) throws IOException {
        FileInfo fi = imp.getFileInfo();
        fi.description = new FileSaver(imp).getDescriptionString();
        fi.sliceLabels = null;
        fi.info = null;
        try (OutputStream os = Files.newOutputStream(tmp);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 20))) {
            new TiffEncoder(fi).write(out);
        }
    }
}
