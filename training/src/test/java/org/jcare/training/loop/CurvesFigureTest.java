package org.jcare.training.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.jcare.io.figure.TrainingCurves;
import org.junit.jupiter.api.Test;

class CurvesFigureTest {
    private static final List<EpochResult> HISTORY = List.of(
            new EpochResult(1, 3, 0.5, 0.6, 4e-4, 1.0, true),
            new EpochResult(2, 3, 0.3, 0.4, 4e-4, 1.0, true),
            new EpochResult(3, 3, 0.2, 0.45, 2e-4, 1.0, false));

    @Test
    void theCurvesAreTheHistorysColumns() {
        TrainingCurves c = CurvesFigure.curves(HISTORY);
        assertArrayEquals(new double[] {1, 2, 3}, c.epochs());
        assertArrayEquals(new double[] {0.5, 0.3, 0.2}, c.loss());
        assertArrayEquals(new double[] {0.6, 0.4, 0.45}, c.valLoss());
        assertArrayEquals(new double[] {4e-4, 4e-4, 2e-4}, c.learningRate());
    }

    @Test
    void aPngWithALogarithmicAxisOnlyForPositiveLosses() throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(CurvesFigure.png(HISTORY)));
        assertTrue(img.getWidth() > 100 && img.getHeight() > 100);
        assertTrue(CurvesFigure.style(HISTORY).logY());
        // the Laplace loss can be negative: a linear axis
        List<EpochResult> laplace = List.of(new EpochResult(1, 2, -0.5, -0.4, 4e-4, 1, true),
                new EpochResult(2, 2, -0.7, -0.6, 4e-4, 1, true));
        assertFalse(CurvesFigure.style(laplace).logY());
        assertEquals(img.getWidth(), ImageIO.read(new ByteArrayInputStream(CurvesFigure.png(laplace))).getWidth());
    }
}
