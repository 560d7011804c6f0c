package org.jcare.training.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * CSBDeep's training-data {@code .npz} (numpy zip: {@code X.npy}, {@code Y.npy} float32 arrays and {@code axes.npy},
 * a 0-d unicode string such as {@code 'SCYX'}), as written by {@code create_patches(..., save_file=...)} and read
 * by {@code load_training_data}.
 *
 * <p><b>Not connected yet.</b> This is the one place that wires training data to io's {@code NpzFile}, which is
 * written in another branch; until the lead connects it, both methods throw {@link UnsupportedOperationException}.
 * Everything else (layout conversion from any CSBDeep axes order, checks, the validation split) is done and tested
 * in {@link TrainingData#fromArrays} and {@link TrainingData#split}. To connect:
 * <ul>
 * <li>{@link #read}: open the npz with io's {@code NpzFile}; take entries {@code X} and {@code Y} (float32, any
 * shape; expose each as a {@link LongFloatArray} plus its {@code long[]} shape, C order; a Fortran-order array must
 * be rejected or transposed by io) and the string entry {@code axes}; return
 * {@code TrainingData.fromArrays(x, xShape, y, yShape, axes)}. A missing entry is an IOException naming the file
 * and the entry.
 * <li>{@link #write}: write {@code X} with shape {@link TrainingData#xShape()} as the concatenation of
 * {@link TrainingData#x(int)} over all samples (stream them: the total may exceed 2^31 values), {@code Y} likewise
 * with {@link TrainingData#yShape()}, and {@code axes} = {@link TrainingData#axes()} as a numpy unicode scalar
 * ({@code <U4} / {@code <U5}), so that CSBDeep's {@code load_training_data} reads the file.
 * </ul>
 */
public final class NpzTrainingDataFile implements TrainingDataFile {
    private static final String NOT_CONNECTED = "training-data .npz files are not connected to io's NpzFile yet "
            + "(see NpzTrainingDataFile): cannot ";

    @Override
    public TrainingData read(Path file) throws IOException {
        throw new UnsupportedOperationException(NOT_CONNECTED + "read " + file);
    }

    @Override
    public void write(Path file, TrainingData data) throws IOException {
        throw new UnsupportedOperationException(NOT_CONNECTED + "write " + file);
    }
}
