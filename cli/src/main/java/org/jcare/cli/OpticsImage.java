package org.jcare.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.tiff.TiffReader;
import org.jcare.optics.Lengths;

/**
 * One 2D or 3D image as the optics commands (deconvolve, resolution, errormap) use it: one channel and one time point
 * of a TIFF, as YX or ZYX voxels, with its voxel size in nm from the file or from options.
 *
 * @param file the file it came from
 * @param data voxels, C order (z, y, x)
 * @param nz   planes (1 for 2D)
 * @param ny   rows
 * @param nx   columns
 * @param dz   z step in nm (0 when unknown or 2D)
 * @param dy   pixel height in nm (0 when unknown)
 * @param dx   pixel width in nm (0 when unknown)
 */
record OpticsImage(Path file, float[] data, int nz, int ny, int nx, double dz, double dy, double dx) {
    /**
     * Reads {@code file}, picking {@code channel} (required when it has several) and time point 0.
     *
     * @param pixelNm override of the lateral pixel size in nm (null: the file's)
     * @param zStepNm override of the z step in nm (null: the file's)
     * @throws BadInputException naming the file for several channels without --channel, a channel out of range, or
     *                           axes other than Y, X, Z, C, T
     */
    static OpticsImage read(Path file, Integer channel, Double pixelNm, Double zStepNm, String option) throws Exception {
        FloatImage img = new TiffReader().read(file);
        String axes = img.axes().letters();
        long[] shape = img.shape();
        int c = img.axes().indexOf('C');
        long channels = c < 0 ? 1 : shape[c];
        if (channel == null && channels > 1) {
            throw new BadInputException(option + " " + file + " has " + channels + " channels (axes " + axes + " "
                    + Arrays.toString(shape) + "); choose one with --channel 0.." + (channels - 1));
        }
        int ch = channel == null ? 0 : channel;
        if (ch < 0 || ch >= channels) {
            throw new BadInputException("--channel " + ch + ": " + file + " has " + channels + " channel(s), 0.."
                    + (channels - 1));
        }
        int nz = (int) img.size('Z');
        int ny = (int) img.size('Y');
        int nx = (int) img.size('X');
        float[] out = new float[nz * ny * nx];
        long[] idx = new long[shape.length];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    for (int a = 0; a < axes.length(); a++) {
                        idx[a] = switch (axes.charAt(a)) {
                            case 'Z' -> z;
                            case 'Y' -> y;
                            case 'X' -> x;
                            case 'C' -> ch;
                            default -> 0;
                        };
                    }
                    out[(z * ny + y) * nx + x] = img.get(idx);
                }
            }
        }
        Calibration cal = img.calibration();
        double dx = pixelNm != null ? pixelNm : positive(Lengths.toNm(cal.x(), cal.unit()));
        double dy = pixelNm != null ? pixelNm : positive(Lengths.toNm(cal.y(), cal.unit()));
        double dz = nz == 1 ? 0 : zStepNm != null ? zStepNm : positive(Lengths.toNm(cal.z(), cal.unit()));
        return new OpticsImage(file, out, nz, ny, nx, dz, dy, dx);
    }

    private static double positive(double v) {
        return v > 0 ? v : 0;
    }

    /** True for one plane. */
    boolean is2d() {
        return nz == 1;
    }

    /** True when the lateral pixel size (and the z step of a stack) is known. */
    boolean calibrated() {
        return dx > 0 && dy > 0 && (nz == 1 || dz > 0);
    }

    /**
     * The voxel size, or an error saying which option gives it.
     *
     * @throws BadInputException naming the file and the options --pixel-size / --z-step
     */
    void requireCalibration(String why) {
        if (!calibrated()) {
            throw new BadInputException(file + " has no " + (dx > 0 ? "z step" : "pixel size") + " in its metadata; "
                    + why + ": give --pixel-size NM" + (nz > 1 ? " and --z-step NM" : ""));
        }
    }

    /** The middle plane (or the only one). */
    float[] middlePlane() {
        int ps = ny * nx;
        return Arrays.copyOfRange(data, nz / 2 * ps, (nz / 2 + 1) * ps);
    }

    /** The voxels as an image (YX or ZYX) calibrated in micrometres where known. */
    FloatImage toImage(float[] voxels) {
        FloatImage img = nz == 1 ? FloatImage.of("YX", new long[] {ny, nx}, voxels)
                : FloatImage.of("ZYX", new long[] {nz, ny, nx}, voxels);
        return img.withCalibration(new Calibration(dx / 1000, dy / 1000, dz / 1000, dx > 0 ? "micron" : "", 0));
    }

    /** "164 x 164 px" or "31 x 256 x 256 voxels", with the voxel size when known. */
    String describe() {
        String size = nz == 1 ? ny + " x " + nx + " px" : nz + " x " + ny + " x " + nx + " voxels";
        return calibrated() ? size + String.format(Locale.ROOT, " of %s nm", nz == 1 ? fmt(dx)
                : fmt(dz) + " x " + fmt(dy) + " x " + fmt(dx)) : size;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
