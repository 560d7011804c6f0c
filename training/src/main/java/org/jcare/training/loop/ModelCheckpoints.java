package org.jcare.training.loop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jcare.engine.autograd.ParameterSet;
import org.jcare.io.FileFormatException;
import org.jcare.io.model.ModelDirectory;
import org.jcare.io.model.ModelFiles;
import org.jcare.io.model.Safetensors;
import org.jcare.io.model.TensorData;
import org.jcare.training.model.Weights;

/**
 * Writes the model folder after every epoch, whole and atomically (temporary folder, then rename): config,
 * {@code weights_best}, {@code weights_last}, {@code weights} (= best, what loading uses, as CSBDeep reloads the
 * best weights at the end), the history and the training state to resume from. A run that dies keeps the last
 * complete folder.
 */
public final class ModelCheckpoints implements CheckpointSink {
    private final Path folder;
    private final ObjectNode config;
    private SortedMap<String, TensorData> best;
    private SortedMap<String, TensorData> last;

    /** Checkpoints into {@code folder} (replaced after each epoch) with {@code config} as config.json. */
    public ModelCheckpoints(Path folder, ObjectNode config) {
        this(folder, config, null);
    }

    /**
     * Checkpoints that continue a run whose best weights so far are {@code resumedBest} (its
     * {@code weights_best}): until an epoch improves on them they stay the best and {@code weights}, exactly as in
     * a run that was never interrupted.
     *
     * @param resumedBest the best weights of the interrupted run, or null for a new run
     */
    public ModelCheckpoints(Path folder, ObjectNode config, SortedMap<String, TensorData> resumedBest) {
        this.folder = folder;
        this.config = config;
        this.best = resumedBest;
    }

    @Override
    public void save(String tag, ParameterSet parameters, TrainerState state) {
        SortedMap<String, TensorData> w = Weights.read(parameters);
        if ("weights_best".equals(tag)) {
            best = w;
            return; // written together with weights_last, which every epoch ends with
        }
        last = w;
        Map<ModelFiles.Kind, SortedMap<String, TensorData>> sets = new EnumMap<>(ModelFiles.Kind.class);
        sets.put(ModelFiles.Kind.FINAL, best != null ? best : last);
        if (best != null) {
            sets.put(ModelFiles.Kind.BEST, best);
        }
        sets.put(ModelFiles.Kind.LAST, last);
        ModelFiles files = new ModelFiles(config, sets, Optional.empty(),
                Optional.of(HistoryCsv.format(state.history())), Optional.of(encode(state)));
        try {
            ModelDirectory.save(folder, files, true, curves(state));
        } catch (FileFormatException e) {
            throw new IllegalStateException("cannot write the checkpoint " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * The training-curve PNG of the history so far, written inside the checkpoint; a drawing failure leaves it out
     * rather than losing the checkpoint.
     */
    private static Map<String, byte[]> curves(TrainerState state) {
        if (state.history().isEmpty()) {
            return Map.of();
        }
        try {
            return Map.of(CurvesFigure.FILE_NAME, CurvesFigure.png(state.history()));
        } catch (java.io.IOException | RuntimeException e) {
            return Map.of();
        }
    }

    /** The resume state as a safetensors content: Adam moments as tensors, counters as metadata. */
    static Safetensors.Content encode(TrainerState s) {
        SortedMap<String, TensorData> t = new TreeMap<>();
        t.put("adam.m", new TensorData(new long[] {s.adamM().length}, s.adamM()));
        t.put("adam.v", new TensorData(new long[] {s.adamV().length}, s.adamV()));
        Map<String, String> meta = Map.of(
                "epochs_done", Integer.toString(s.epochsDone()),
                "learning_rate", Double.toString(s.learningRate()),
                "plateau_best", Double.toString(s.plateauBest()),
                "plateau_wait", Integer.toString(s.plateauWait()),
                "adam_steps", Long.toString(s.adamSteps()));
        return new Safetensors.Content(t, meta);
    }

    /** The state saved by {@link #encode}, with the history from history.csv. */
    public static TrainerState decode(Safetensors.Content c, String historyCsv, int epochs) {
        Map<String, String> m = c.metadata();
        List<EpochResult> history = historyCsv == null ? List.of() : HistoryCsv.parse(historyCsv, epochs);
        return new TrainerState(Integer.parseInt(m.get("epochs_done")), Double.parseDouble(m.get("learning_rate")),
                Double.parseDouble(m.get("plateau_best")), Integer.parseInt(m.get("plateau_wait")),
                Long.parseLong(m.get("adam_steps")), c.tensors().get("adam.m").values(),
                c.tensors().get("adam.v").values(), history);
    }
}
