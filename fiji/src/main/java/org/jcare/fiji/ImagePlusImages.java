package org.jcare.fiji;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import org.jcare.io.image.FloatImage;

/**
 * ImagePlus to jcare's {@link FloatImage} and back, in memory. An ImageJ hyperstack orders its planes C fastest, then
 * Z, then T, which in C order is {@code T Z C Y X}; the image carries the axes that have more than one element (Y and
 * X always), so the model sees the stack's Z, channels and time points as they are, and jcare restores time points
 * (and the planes of a stack under a 2D model) one after the other. Pixel sizes travel both ways.
 */
public final class ImagePlusImages {
    private ImagePlusImages() {
    }

    /** The image's pixels as float32, axes among {@code TZCYX} (a copy; the ImagePlus is not changed). */
    public static FloatImage toFloatImage(ImagePlus imp) {
        int c = imp.getNChannels();
        int z = imp.getNSlices();
        int t = imp.getNFrames();
        int h = imp.getHeight();
        int w = imp.getWidth();
        StringBuilder axes = new StringBuilder();
        java.util.List<Long> shape = new java.util.ArrayList<>();
        if (t > 1) {
            axes.append('T');
            shape.add((long) t);
        }
        if (z > 1) {
            axes.append('Z');
            shape.add((long) z);
        }
        if (c > 1) {
            axes.append('C');
            shape.add((long) c);
        }
        axes.append("YX");
        shape.add((long) h);
        shape.add((long) w);
        ImageStack stack = imp.getStack();
        float[][] planes = new float[c * z * t][];
        for (int i = 0; i < planes.length; i++) {
            ImageProcessor ip = stack.getProcessor(i + 1);
            planes[i] = (float[]) ip.convertToFloatProcessor().getPixels();
        }
        return new FloatImage(org.jcare.io.image.Axes.of(axes.toString()),
                shape.stream().mapToLong(Long::longValue).toArray(), planes, calibration(imp.getCalibration()));
    }

    /**
     * A hyperstack of {@code image} (any of the axes {@code TZCYX}), titled {@code title}, with the pixel sizes of
     * {@code template} (or the image's own when it has them).
     */
    public static ImagePlus toImagePlus(FloatImage image, String title, Calibration template) {
        String letters = image.axes().letters();
        String order = "";
        for (char a : "TZCYX".toCharArray()) {
            if (letters.indexOf(a) >= 0) {
                order += a;
            }
        }
        if (order.length() != letters.length()) {
            throw new IllegalArgumentException("image axes " + letters + " do not fit an ImageJ hyperstack (TZCYX)");
        }
        FloatImage img = image.permute(order);
        int c = (int) size(img, 'C');
        int z = (int) size(img, 'Z');
        int t = (int) size(img, 'T');
        int h = (int) img.size('Y');
        int w = (int) img.size('X');
        ImageStack stack = new ImageStack(w, h);
        for (int i = 0; i < img.planeCount(); i++) {
            stack.addSlice(new FloatProcessor(w, h, img.plane(i).clone()));
        }
        ImagePlus out = new ImagePlus(title, stack);
        out.setDimensions(c, z, t);
        if (c > 1 || z > 1 || t > 1) {
            out.setOpenAsHyperStack(true);
        }
        Calibration cal = template != null ? template.copy() : new Calibration();
        if (template == null && image.calibration().isKnown()) {
            cal.pixelWidth = image.calibration().x();
            cal.pixelHeight = image.calibration().y();
            cal.pixelDepth = image.calibration().z() > 0 ? image.calibration().z() : 1;
            cal.setUnit(image.calibration().unit());
        }
        out.setCalibration(cal);
        out.resetDisplayRange();
        return out;
    }

    private static long size(FloatImage img, char axis) {
        return img.axes().has(axis) ? img.size(axis) : 1;
    }

    static org.jcare.io.image.Calibration calibration(Calibration c) {
        if (c == null || !c.scaled()) {
            return org.jcare.io.image.Calibration.NONE;
        }
        return new org.jcare.io.image.Calibration(c.pixelWidth, c.pixelHeight, c.pixelDepth, c.getUnit(),
                c.frameInterval);
    }
}
