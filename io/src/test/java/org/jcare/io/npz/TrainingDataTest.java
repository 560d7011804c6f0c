package org.jcare.io.npz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jcare.io.image.FloatImage;
import org.junit.jupiter.api.Test;

class TrainingDataTest {
    @Test
    void xAndYMustShareAxesAndSampleCount() {
        TrainingData ok = new TrainingData(FloatImage.zeros("SCYX", 2, 1, 4, 4), FloatImage.zeros("SCYX", 2, 1, 8, 8));
        assertEquals("SCYX", ok.axes());
        assertThrows(IllegalArgumentException.class,
                () -> new TrainingData(FloatImage.zeros("SCYX", 2, 1, 4, 4), FloatImage.zeros("SYX", 2, 4, 4)));
        assertThrows(IllegalArgumentException.class,
                () -> new TrainingData(FloatImage.zeros("SCYX", 2, 1, 4, 4), FloatImage.zeros("SCYX", 3, 1, 4, 4)));
    }
}
