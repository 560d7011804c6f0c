package org.jcare.training.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NpzTrainingDataFileTest {
    @Test
    void saysClearlyThatItIsNotConnectedYet() {
        TrainingDataFile f = new NpzTrainingDataFile();
        UnsupportedOperationException r = assertThrows(UnsupportedOperationException.class,
                () -> f.read(Path.of("data/my_training_data.npz")));
        assertTrue(r.getMessage().contains("NpzFile") && r.getMessage().contains("my_training_data.npz"),
                r.getMessage());
        TrainingData d = TrainingData.of("YX", new int[] {2, 2}, 1, 1, List.of(new float[4]), List.of(new float[4]));
        assertThrows(UnsupportedOperationException.class, () -> f.write(Path.of("out.npz"), d));
    }
}
