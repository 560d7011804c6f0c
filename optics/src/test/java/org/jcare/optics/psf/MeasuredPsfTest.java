package org.jcare.optics.psf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.junit.jupiter.api.Test;

class MeasuredPsfTest {
    /** A bead: a Gaussian spot at (cz, cy, cx) on a background with noise. */
    private static FloatImage bead(int nz, int ny, int nx, double cz, double cy, double cx, double sigma) {
        float[] v = new float[nz * ny * nx];
        Random rnd = new Random(3);
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double r2 = (x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz) / 4.0;
                    v[(z * ny + y) * nx + x] = (float) (100 + 1000 * Math.exp(-r2 / (2 * sigma * sigma))
                            + rnd.nextGaussian());
                }
            }
        }
        return FloatImage.of("ZYX", new long[] {nz, ny, nx}, v)
                .withCalibration(new Calibration(0.1, 0.1, 0.25, "micron", 0));
    }

    @Test
    void beadIsCentredBackgroundFreeAndNormalized() {
        Psf psf = MeasuredPsf.fromImage(bead(15, 40, 36, 6, 15, 20, 1.5), Path.of("bead.tif"), null);
        VoxelGrid g = psf.grid();
        assertEquals(13, g.nz());
        assertEquals(31, g.ny());
        assertEquals(31, g.nx());
        assertEquals(250, g.dz(), 1e-9);
        assertEquals(100, g.dx(), 1e-9);
        double sum = 0;
        float max = 0;
        int at = 0;
        float[] v = psf.voxels();
        for (int i = 0; i < v.length; i++) {
            sum += v[i];
            if (v[i] > max) {
                max = v[i];
                at = i;
            }
        }
        assertEquals(1, sum, 1e-5);
        assertEquals(g.size() / 2, at);
        // the background of 100 is gone: the corners hold noise around 0 only
        assertTrue(psf.get(0, 0, 0) < 5 * max / 1000);
        assertEquals(2.355 * 1.5 * 100, psf.fwhmNm('x'), 25);
        assertTrue(psf.description().contains("bead.tif"));
    }

    @Test
    void badPsfImagesAreRefusedWithTheFileName() {
        FloatImage flat = FloatImage.of("YX", new long[] {8, 8}, new float[64])
                .withCalibration(new Calibration(0.1, 0.1, 0, "micron", 0));
        var e = assertThrows(IllegalArgumentException.class, () -> MeasuredPsf.fromImage(flat, Path.of("f.tif"), null));
        assertTrue(e.getMessage().contains("f.tif") && e.getMessage().contains("flat"), e.getMessage());
        FloatImage edge = bead(9, 20, 20, 4, 1, 10, 1.0);
        e = assertThrows(IllegalArgumentException.class, () -> MeasuredPsf.fromImage(edge, Path.of("e.tif"), null));
        assertTrue(e.getMessage().contains("border"), e.getMessage());
        FloatImage uncal = bead(9, 20, 20, 4, 10, 10, 1.0).withCalibration(Calibration.NONE);
        e = assertThrows(IllegalArgumentException.class, () -> MeasuredPsf.fromImage(uncal, Path.of("u.tif"), null));
        assertTrue(e.getMessage().contains("calibration"), e.getMessage());
        Psf withSizes = MeasuredPsf.fromImage(uncal, Path.of("u.tif"), new double[] {300, 65, 65});
        assertEquals(65, withSizes.grid().dy(), 1e-9);
        FloatImage fourD = FloatImage.zeros("TZYX", 2, 3, 8, 8);
        assertThrows(IllegalArgumentException.class, () -> MeasuredPsf.fromImage(fourD, Path.of("t.tif"), null));
    }
}
