package org.jcare.training.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jcare.io.image.FloatImage;
import org.jcare.training.Fixtures;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static final JsonNode CASES = Fixtures.json("metrics_protocol.json").get("cases");

    @Test
    void groundTruthNormalizationIsBitExactWithCsbdeep() {
        for (JsonNode c : CASES) {
            float[] gt = Fixtures.floats(c.get("gt"));
            assertArrayEquals(Fixtures.floats(c.get("gt_normalized")), Metrics.normalizeGroundTruth(gt), 0f,
                    c.get("name").asText());
        }
    }

    @Test
    void leastSquaresFitIsCsbdeepsNormalizeMinmse() {
        for (JsonNode c : CASES) {
            double[] fit = Metrics.fitLeastSquares(Fixtures.floats(c.get("pred")),
                    Fixtures.floats(c.get("gt_normalized")));
            assertEquals(c.get("alpha").doubleValue(), fit[0], 1e-12 * Math.abs(fit[0]));
            assertEquals(c.get("beta").doubleValue(), fit[1], 1e-10);
        }
    }

    @Test
    void affineFitProtocolMatchesNumpyAndScikitImage() {
        for (JsonNode c : CASES) {
            Metrics.ImageMetrics m = Metrics.evaluate(Fixtures.floats(c.get("gt")), Fixtures.floats(c.get("pred")),
                    Fixtures.ints(c.get("shape")));
            JsonNode e = c.get("affine_fit");
            String name = c.get("name").asText();
            assertEquals(e.get("nrmse").doubleValue(), m.nrmse(), 1e-12, name);
            assertEquals(e.get("psnr").doubleValue(), m.psnr(), 1e-9, name);
            assertEquals(e.get("ssim").doubleValue(), m.ssim(), 1e-10, name);
        }
    }

    @Test
    void meanSubtractedProtocolMatchesWeigertsNormMinmse() {
        for (JsonNode c : CASES) {
            Metrics.ImageMetrics m = Metrics.evaluate(Fixtures.floats(c.get("gt")), Fixtures.floats(c.get("pred")),
                    Fixtures.ints(c.get("shape")), Metrics.Protocol.MEAN_SUBTRACTED);
            String name = c.get("name").asText();
            JsonNode e = c.get("mean_subtracted");
            assertEquals(e.get("nrmse").doubleValue(), m.nrmse(), 1e-12, name);
            assertEquals(e.get("psnr").doubleValue(), m.psnr(), 1e-9, name);
            assertEquals(e.get("ssim").doubleValue(), m.ssim(), 1e-10, name);
            JsonNode f = c.get("mean_subtracted_float32");
            assertEquals(f.get("ssim").doubleValue(), m.ssim(), 1e-6, name + " against the float32 original");
            assertEquals(f.get("psnr").doubleValue(), m.psnr(), 1e-4, name + " against the float32 original");
        }
    }

    @Test
    void floatImagesWithSingletonAxesAreSqueezed() {
        JsonNode c = CASES.get(0);
        int[] s = Fixtures.ints(c.get("shape"));
        FloatImage gt = FloatImage.of("ZYX", new long[] {1, s[0], s[1]}, Fixtures.floats(c.get("gt")));
        FloatImage pred = FloatImage.of("ZYX", new long[] {1, s[0], s[1]}, Fixtures.floats(c.get("pred")));
        assertEquals(c.get("affine_fit").get("ssim").doubleValue(), Metrics.evaluate(gt, pred).ssim(), 1e-10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.evaluate(FloatImage.zeros("CYX", 2, 16, 16), FloatImage.zeros("CYX", 2, 16, 16)));
        assertTrue(e.getMessage().contains("one channel at a time"), e.getMessage());
    }

    @Test
    void summaryHasMeanAndSampleStd() {
        Metrics.Summary s = Metrics.summarize(List.of(new Metrics.ImageMetrics(0.1, 20, 0.8),
                new Metrics.ImageMetrics(0.3, 30, 0.9)));
        assertEquals(0.2, s.nrmse().mean(), 1e-15);
        assertEquals(Math.sqrt(0.02), s.nrmse().std(), 1e-15);
        assertEquals(25, s.psnr().mean(), 1e-12);
        assertEquals(2, s.ssim().n());
        assertTrue(Double.isNaN(Metrics.summarize(List.of(new Metrics.ImageMetrics(1, 2, 3))).ssim().std()));
        assertThrows(IllegalArgumentException.class, () -> Metrics.summarize(List.of()));
    }

    @Test
    void shapeErrorsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.evaluate(new float[10], new float[12], new int[] {2, 5}));
        assertTrue(e.getMessage().contains("[2, 5]"), e.getMessage());
    }
}
