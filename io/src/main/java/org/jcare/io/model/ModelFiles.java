package org.jcare.io.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The content of a model folder: the configuration (any JSON object, passed through; the CARE config class lives
 * in the training module), one to three sets of weights, and optionally the normalization and the training history.
 *
 * @param config        the content of {@code config.json}
 * @param weights       weight sets by kind (at least one), tensors by name
 * @param normalization the content of {@code normalization.json}, if any
 * @param historyCsv    the text of {@code history.csv}, if any
 * @param trainingState the content of {@code training_state.safetensors} (optimizer moments and counters that let a
 *                      training run resume exactly), if any
 */
public record ModelFiles(ObjectNode config, Map<Kind, SortedMap<String, TensorData>> weights,
                         Optional<ObjectNode> normalization, Optional<String> historyCsv,
                         Optional<Safetensors.Content> trainingState) {
    /** The weight files a model folder may hold, in the order loading prefers them. */
    public enum Kind {
        /** {@code weights.safetensors}: the weights to use. */
        FINAL("weights.safetensors"),
        /** {@code weights_best.safetensors}: the weights of the best validation loss. */
        BEST("weights_best.safetensors"),
        /** {@code weights_last.safetensors}: the weights after the last epoch. */
        LAST("weights_last.safetensors");

        private final String fileName;

        Kind(String fileName) {
            this.fileName = fileName;
        }

        /** The file name in the model folder. */
        public String fileName() {
            return fileName;
        }
    }

    /**
     * Checks the content and freezes the weights map.
     *
     * @throws IllegalArgumentException when there is no weight set
     */
    public ModelFiles {
        if (config == null) {
            throw new IllegalArgumentException("a model needs a config (config.json)");
        }
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one set of weights");
        }
        weights = Collections.unmodifiableMap(new EnumMap<>(weights));
        normalization = normalization == null ? Optional.empty() : normalization;
        historyCsv = historyCsv == null ? Optional.empty() : historyCsv;
        trainingState = trainingState == null ? Optional.empty() : trainingState;
    }

    /** A model without training state. */
    public ModelFiles(ObjectNode config, Map<Kind, SortedMap<String, TensorData>> weights,
                      Optional<ObjectNode> normalization, Optional<String> historyCsv) {
        this(config, weights, normalization, historyCsv, Optional.empty());
    }

    /** A model with one set of final weights and nothing else. */
    public static ModelFiles of(ObjectNode config, SortedMap<String, TensorData> weights) {
        return new ModelFiles(config, Map.of(Kind.FINAL, weights), Optional.empty(), Optional.empty());
    }
}
