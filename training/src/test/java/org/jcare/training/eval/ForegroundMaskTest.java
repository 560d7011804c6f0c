package org.jcare.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ForegroundMaskTest {
    @Test
    void otsuSeparatesTwoPopulations() {
        SplittableRandom r = new SplittableRandom(1);
        float[] img = new float[20_000];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) (i % 4 == 0 ? 0.8 + 0.05 * r.nextGaussian() : 0.1 + 0.05 * r.nextGaussian());
        }
        double t = ForegroundMask.otsuThreshold(img);
        // any threshold in the empty gap between the populations separates them
        assertTrue(t > 0.25 && t < 0.65, "threshold " + t);
        boolean[] fg = ForegroundMask.of(img);
        int count = 0;
        for (int i = 0; i < img.length; i++) {
            if (fg[i]) {
                count++;
                assertEquals(0, i % 4, "only the bright population");
            }
        }
        assertEquals(5000, count, 5);
    }

    @Test
    void aFlatImageHasNoForeground() {
        boolean[] fg = ForegroundMask.of(new float[] {3, 3, 3, 3});
        for (boolean b : fg) {
            assertTrue(!b);
        }
    }
}
