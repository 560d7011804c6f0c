package org.jcare.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.Calibration;
import org.jcare.io.image.FloatImage;
import org.junit.jupiter.api.Test;

class ImagePlusImagesTest {
    static ImagePlus hyperstack(int c, int z, int t, int h, int w) {
        ImagePlus imp = IJ.createImage("stack.tif", "16-bit black", w, h, c, z, t);
        for (int i = 1; i <= c * z * t; i++) {
            short[] px = (short[]) imp.getStack().getPixels(i);
            for (int k = 0; k < px.length; k++) {
                px[k] = (short) (i * 1000 + k);
            }
        }
        Calibration cal = imp.getCalibration();
        cal.pixelWidth = 0.1;
        cal.pixelHeight = 0.1;
        cal.pixelDepth = 0.5;
        cal.setUnit("micron");
        return imp;
    }

    @Test
    void hyperstackPlanesBecomeTzcyxWithoutReordering() {
        ImagePlus imp = hyperstack(2, 3, 4, 5, 6);
        FloatImage f = ImagePlusImages.toFloatImage(imp);
        assertEquals("TZCYX", f.axes().letters());
        assertArrayEquals(new long[] {4, 3, 2, 5, 6}, f.shape());
        // stack index (c, z, t) -> plane (t * Z + z) * C + c, as ImageJ orders hyperstacks
        int stackIndex = imp.getStackIndex(2, 3, 4);
        assertEquals(stackIndex * 1000 + 7, f.get(3, 2, 1, 1, 1), 0);
        assertEquals(0.5, f.calibration().z());
        assertEquals("micron", f.calibration().unit());
    }

    @Test
    void roundTripKeepsValuesDimensionsAndCalibration() {
        ImagePlus imp = hyperstack(2, 3, 1, 7, 9);
        FloatImage f = ImagePlusImages.toFloatImage(imp);
        assertEquals("ZCYX", f.axes().letters());
        ImagePlus back = ImagePlusImages.toImagePlus(f, "back", imp.getCalibration());
        assertEquals(2, back.getNChannels());
        assertEquals(3, back.getNSlices());
        assertEquals(1, back.getNFrames());
        assertTrue(back.isHyperStack());
        assertEquals("back", back.getTitle());
        assertEquals(0.1, back.getCalibration().pixelWidth);
        for (int i = 1; i <= 6; i++) {
            short[] a = (short[]) imp.getStack().getPixels(i);
            float[] b = (float[]) back.getStack().getPixels(i);
            for (int k = 0; k < a.length; k++) {
                assertEquals(a[k], b[k], 0);
            }
        }
        // an image in another axis order is put into ImageJ's order
        ImagePlus fromCyx = ImagePlusImages.toImagePlus(f.permute("CZYX"), "p", null);
        assertEquals(2, fromCyx.getNChannels());
        assertEquals(0.1, fromCyx.getCalibration().pixelWidth, 1e-12);
        assertArrayEquals((float[]) back.getStack().getPixels(4), (float[]) fromCyx.getStack().getPixels(4));
    }
}
