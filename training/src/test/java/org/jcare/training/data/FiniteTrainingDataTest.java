package org.jcare.training.data;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jcare.io.image.FloatImage;
import org.junit.jupiter.api.Test;

class FiniteTrainingDataTest {
    @Test
    void aPairWithNonFinitePixelsNamesTheFileAndTheCount() {
        FloatImage ok = FloatImage.zeros("YX", 4, 5);
        FloatImage bad = FloatImage.zeros("YX", 4, 5);
        bad.plane(0)[7] = Float.NaN;
        bad.plane(0)[9] = Float.NEGATIVE_INFINITY;
        FiniteTrainingData.require(new RawData.ImagePair(ok, ok, "low/a.tif -> GT/a.tif"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FiniteTrainingData.require(new RawData.ImagePair(ok, bad, "low/a.tif -> GT/a.tif")));
        assertTrue(e.getMessage().startsWith("GT/a.tif holds 2 non-finite pixels (NaN or infinity), the first at"
                + " Y=1, X=2; training needs finite values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FiniteTrainingData.require(new RawData.ImagePair(bad, ok, "pair 3")));
        assertTrue(e.getMessage().startsWith("pair 3 (source) holds 2"), e.getMessage());
    }

    @Test
    void patchesWithNonFiniteValuesNameTheArrayTheCountAndTheFirstSample() {
        float[] fine = new float[4];
        float[] nan = {0, Float.NaN, 0, Float.POSITIVE_INFINITY};
        TrainingData clean = TrainingData.of("YX", new int[] {2, 2}, 1, 1, List.of(fine, fine), List.of(fine, fine));
        assertNull(FiniteTrainingData.problem(clean));
        TrainingData dirty = TrainingData.of("YX", new int[] {2, 2}, 1, 1, List.of(fine, fine, nan),
                List.of(fine, nan, fine));
        String p = FiniteTrainingData.problem(dirty);
        assertTrue(p.equals("X holds 2 non-finite values (NaN or infinity), the first in sample 2 and Y holds 2"
                + " non-finite values (NaN or infinity), the first in sample 1; training needs finite values:"
                + " regenerate the patches from finite images"), p);
    }
}
