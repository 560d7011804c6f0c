package org.jcare.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.jcare.training.Fixtures;
import org.junit.jupiter.api.Test;

class SsimTest {
    /** scikit-image 0.19.3 on the same images (float64 inputs: computed in double there too). */
    @Test
    void matchesScikitImage() {
        for (JsonNode c : Fixtures.json("ssim.json").get("cases")) {
            double[] gt = Fixtures.doubles(c.get("gt"));
            double[] pred = Fixtures.doubles(c.get("pred"));
            int[] shape = Fixtures.ints(c.get("shape"));
            // scikit-image computes float32 inputs in float32; we always use double
            double tol = c.get("dtype").asText().equals("float64") ? 1e-12 : 1e-6;
            String name = c.get("name").asText();
            assertEquals(c.get("ssim").doubleValue(), Ssim.ssim(gt, pred, shape, 1.0), tol, name);
            double mse = Metrics.mse(gt, pred);
            assertEquals(c.get("mse").doubleValue(), mse, 1e-15, name + " (the fixture's MSE is float64)");
            assertEquals(c.get("psnr").doubleValue(), Metrics.psnr(mse), tol * 100, name);
        }
    }

    @Test
    void identicalImagesHaveSsimOne() {
        double[] a = new double[15 * 13];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.sin(i * 0.37);
        }
        assertEquals(1.0, Ssim.ssim(a, a.clone(), new int[] {15, 13}, 1.0), 1e-12);
    }

    @Test
    void windowIsElevenTapsAndBorderIsHalfSampleSymmetric() {
        assertEquals(5, Ssim.RADIUS);
        assertEquals(0, Ssim.symmetric(-1, 6));
        assertEquals(1, Ssim.symmetric(-2, 6));
        assertEquals(5, Ssim.symmetric(6, 6));
        assertEquals(4, Ssim.symmetric(7, 6));
        double[] ones = new double[11 * 11];
        java.util.Arrays.fill(ones, 2.0);
        for (double v : Ssim.filter(ones, new int[] {11, 11})) {
            assertEquals(2.0, v, 1e-12, "normalized weights");
        }
    }

    @Test
    void tooSmallOrMismatchedImagesAreErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ssim.ssim(new double[100], new double[100], new int[] {10, 10}, 1));
        assertTrue(e.getMessage().contains("at least 11 pixels"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Ssim.ssim(new double[121], new double[120], new int[] {11, 11}, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Ssim.ssim(new double[11], new double[11], new int[] {11}, 1));
    }
}
