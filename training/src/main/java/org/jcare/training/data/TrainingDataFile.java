package org.jcare.training.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file format for {@link TrainingData}: arrays X, Y and their axes string, as CSBDeep's
 * {@code save_training_data} / {@code load_training_data} store them. The validation split is applied after
 * reading, with {@link TrainingData#split(double)}.
 */
public interface TrainingDataFile {
    /**
     * Reads X, Y and axes from {@code file}.
     *
     * @throws IOException naming the file when it cannot be read or lacks X, Y or axes
     */
    TrainingData read(Path file) throws IOException;

    /**
     * Writes {@code data} (X, Y float32 with axes {@link TrainingData#axes()}) to {@code file}.
     *
     * @throws IOException naming the file when it cannot be written
     */
    void write(Path file, TrainingData data) throws IOException;
}
