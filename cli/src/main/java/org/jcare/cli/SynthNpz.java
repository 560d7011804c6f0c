package org.jcare.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jcare.io.FileFormatException;
import org.jcare.io.npz.NpyArray;
import org.jcare.io.npz.NpzFile;
import org.jcare.io.npz.TrainingData;
import org.jcare.optics.synth.SynthSettings;
import org.jcare.training.config.TaskSpec;
import org.jcare.training.data.NpzTrainingDataFile;

/**
 * How {@code jcare synth} writes its pairs: CSBDeep's training-data {@code .npz}, and for upsampled targets the
 * lateral upsampling task beside them ({@link NpzTrainingDataFile#TASK_KEY}), so that {@code jcare train} makes a
 * model that zooms its input by the factor at prediction, as the generator zoomed its camera images.
 */
final class SynthNpz {
    private SynthNpz() {
    }

    /** The task a model trained on these pairs has: lateral upsampling by F, or standard. */
    static TaskSpec task(SynthSettings s, String psfDescription) {
        return s.upsample() > 1 ? TaskSpec.lateralUpsampling(s.upsample(), psfDescription) : TaskSpec.STANDARD;
    }

    /** Writes the pairs (stored entries, as numpy's savez) with their task when it is not standard. */
    static void write(Path file, TrainingData data, TaskSpec task, boolean overwrite) throws FileFormatException {
        if (task.isStandard()) {
            NpzFile.writeTrainingData(file, data, false, overwrite);
            return;
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("X", NpyArray.of(data.x()));
        arrays.put("Y", NpyArray.of(data.y()));
        Map<String, String> strings = new LinkedHashMap<>();
        strings.put("axes", data.axes());
        strings.put(NpzTrainingDataFile.TASK_KEY, task.toJson());
        NpzFile.write(file, new NpzFile.Content(arrays, strings), false, overwrite);
    }
}
