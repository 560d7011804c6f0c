package org.jcare.training.data;

import java.io.IOException;
import java.nio.file.Path;
import org.jcare.io.FileFormatException;
import org.jcare.io.image.Axes;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.npz.NpzFile;

/**
 * CSBDeep's training-data {@code .npz} (numpy zip: {@code X.npy}, {@code Y.npy} float32 arrays and {@code axes.npy},
 * a 0-d unicode string such as {@code 'SCYX'}), as written by {@code create_patches(..., save_file=...)} and read
 * by {@code load_training_data}. io's {@link NpzFile} does the file format; this class converts between its images
 * and {@link TrainingData}'s engine layout.
 */
public final class NpzTrainingDataFile implements TrainingDataFile {
    private final boolean overwrite;

    /** A reader/writer that refuses to replace existing files. */
    public NpzTrainingDataFile() {
        this(false);
    }

    /** A reader/writer that replaces existing files when {@code overwrite} is set. */
    public NpzTrainingDataFile(boolean overwrite) {
        this.overwrite = overwrite;
    }

    @Override
    public TrainingData read(Path file) throws IOException {
        org.jcare.io.npz.TrainingData d = NpzFile.readTrainingData(file);
        TrainingData data;
        try {
            data = TrainingData.fromArrays(view(d.x()), d.x().shape(), view(d.y()), d.y().shape(), d.axes());
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, "is not usable training data: " + e.getMessage());
        }
        String nonFinite = FiniteTrainingData.problem(data);
        if (nonFinite != null) {
            throw new FileFormatException(file, nonFinite);
        }
        return data;
    }

    @Override
    public void write(Path file, TrainingData data) throws IOException {
        NpzFile.writeTrainingData(file, new org.jcare.io.npz.TrainingData(image(data, true), image(data, false)),
                false, overwrite);
    }

    /** X or Y as an image in the engine layout [S, C, spatial...]: each sample's array is a run of whole planes. */
    private static FloatImage image(TrainingData data, boolean x) {
        long[] shape = x ? data.xShape() : data.yShape();
        int planeSize = (int) (shape[shape.length - 2] * shape[shape.length - 1]);
        int perSample = (int) (shape[1] * data.patchVoxels() / planeSize);
        float[][] planes = new float[data.size() * perSample][];
        for (int s = 0; s < data.size(); s++) {
            float[] sample = x ? data.x(s) : data.y(s);
            for (int p = 0; p < perSample; p++) {
                planes[s * perSample + p] = java.util.Arrays.copyOfRange(sample, p * planeSize, (p + 1) * planeSize);
            }
        }
        return new FloatImage(Axes.of(data.axes()), shape, planes, Calibration.NONE);
    }

    /** A long-indexed view of an image's voxels in C order, read plane by plane. */
    private static LongFloatArray view(FloatImage img) {
        long n = img.numel();
        int ps = img.planeSize();
        return new LongFloatArray() {
            @Override
            public long length() {
                return n;
            }

            @Override
            public void read(long from, float[] dst, int dstOffset, int count) {
                int done = 0;
                while (done < count) {
                    long f = from + done;
                    int plane = (int) (f / ps);
                    int off = (int) (f % ps);
                    int len = Math.min(count - done, ps - off);
                    System.arraycopy(img.plane(plane), off, dst, dstOffset + done, len);
                    done += len;
                }
            }
        };
    }
}
