package org.jcare.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import org.jcare.training.eval.Metrics;
import org.junit.jupiter.api.Test;

class EvaluateRunTest {
    @Test
    void metricsAreJcaresAndGoIntoTheTable() {
        ImagePlus noisy = TrainRunTest.open("mice_noisy.tif");
        ImagePlus gt = TrainRunTest.open("mice_gt.tif");
        Metrics.ImageMetrics m = EvaluateRun.evaluate(noisy, gt);
        Metrics.ImageMetrics direct = Metrics.evaluate(ImagePlusImages.toFloatImage(gt),
                ImagePlusImages.toFloatImage(noisy));
        assertEquals(direct, m);
        assertTrue(m.psnr() > 15 && m.psnr() < 40, "PSNR of a noisy confocal image: " + m.psnr());
        ResultsTable t = new ResultsTable();
        EvaluateRun.addRow(t, noisy, gt, m);
        assertEquals(m.ssim(), t.getValue("SSIM", 0), 1e-12);
        assertEquals("mice_noisy.tif", t.getStringValue("image", 0));
        ImagePlus other = TrainRunTest.open("bpae_b_gt.tif");
        other.setRoi(0, 0, 10, 10);
        assertThrows(IllegalArgumentException.class, () -> EvaluateRun.evaluate(noisy, other.crop()));
    }
}
