package org.jcare.training.data;

import java.io.IOException;
import java.nio.file.Path;
import org.jcare.io.FileFormatException;
import org.jcare.io.image.Axes;
import org.jcare.io.image.Calibration;
import org.jcare.io.image.FloatImage;
import org.jcare.io.npz.NpzFile;
import org.jcare.training.config.TaskSpec;

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

    /** The key of the task a jcare .npz was made for: a 0-d string, ignored by CSBDeep's load_training_data. */
    public static final String TASK_KEY = "jcare_task";

    /**
     * Writes {@code data} with the task it was made for ({@link #TASK_KEY}, {@link TaskSpec#toJson()}), so that
     * {@code jcare train} builds the right model from it; CSBDeep reads the file as usual.
     */
    public void write(Path file, TrainingData data, TaskSpec task) throws IOException {
        if (task == null || task.isStandard()) {
            write(file, data);
            return;
        }
        java.util.Map<String, org.jcare.io.npz.NpyArray> arrays = new java.util.LinkedHashMap<>();
        arrays.put("X", org.jcare.io.npz.NpyArray.of(image(data, true)));
        arrays.put("Y", org.jcare.io.npz.NpyArray.of(image(data, false)));
        java.util.Map<String, String> strings = new java.util.LinkedHashMap<>();
        strings.put("axes", data.axes());
        strings.put(TASK_KEY, task.toJson());
        NpzFile.write(file, new NpzFile.Content(arrays, strings), false, overwrite);
    }

    /**
     * Training data and the task it was made for (empty for CSBDeep's files and standard ones), read in one pass.
     *
     * @param data the patches
     * @param task the recorded task
     */
    public record WithTask(TrainingData data, java.util.Optional<TaskSpec> task) {
    }

    /**
     * Reads patches and their task ({@link #TASK_KEY}).
     *
     * @throws FileFormatException naming the file when it is not training data or the recorded task is not valid
     */
    public WithTask readWithTask(Path file) throws IOException {
        NpzFile.Content c = NpzFile.read(file);
        org.jcare.io.npz.NpyArray x = c.arrays().get("X");
        org.jcare.io.npz.NpyArray y = c.arrays().get("Y");
        String axes = c.strings().get("axes");
        if (x == null || y == null || axes == null) {
            throw new FileFormatException(file, "is not CSBDeep training data: it needs keys X, Y and axes (a string), "
                    + "found arrays " + c.arrays().keySet() + " and strings " + c.strings().keySet());
        }
        TrainingData data;
        try {
            FloatImage xi = x.toImage(axes);
            FloatImage yi = y.toImage(axes);
            data = TrainingData.fromArrays(view(xi), xi.shape(), view(yi), yi.shape(), axes);
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, "is not usable training data: " + e.getMessage());
        }
        String t = c.strings().get(TASK_KEY);
        try {
            return new WithTask(data, t == null ? java.util.Optional.empty() : java.util.Optional.of(TaskSpec.fromJson(t)));
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, "entry " + TASK_KEY + ": " + e.getMessage());
        }
    }

    /** X or Y as an image in the engine layout [S, C, spatial...]: each sample's array is a run of whole planes. */
    private static FloatImage image(TrainingData data, boolean x) {
        long[] shape = x ? data.xShape() : data.yShape();
        if (!x && data.isReducedTarget()) {
            // CSBDeep's create_patches_reduced_target keeps the reduced axis with size 1: [S, C, 1, Y, X]
            shape = new long[] {shape[0], shape[1], 1, shape[2], shape[3]};
        }
        int planeSize = (int) (shape[shape.length - 2] * shape[shape.length - 1]);
        int perSample = (int) (shape[1] * (x ? data.patchVoxels() : data.targetVoxels()) / planeSize);
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
