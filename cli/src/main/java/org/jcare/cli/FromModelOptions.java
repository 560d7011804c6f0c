package org.jcare.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jcare.engine.Engine;
import org.jcare.io.FileFormatException;
import org.jcare.io.model.ModelDirectory;
import org.jcare.training.CareModel;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.CareConfigJson;
import org.jcare.training.interop.ModelSources;
import org.jcare.training.model.Weights;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * {@code jcare train --from-model MODEL}: fine-tuning. Training starts from the network and weights of a jcare model,
 * a CSBDeep model folder or a Model Zoo package of a CARE U-Net; the network's options cannot change, the
 * {@code --train-*} options given replace the model's (a fresh optimizer state, as Keras's {@code fit} on loaded
 * weights).
 */
final class FromModelOptions {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--from-model", paramLabel = "MODEL",
            description = "Fine-tune: start from this model's network and weights (jcare folder or zip, CSBDeep model"
                    + " folder, or Model Zoo package) instead of random weights; --train-* options replace its own.")
    Path model;

    private ModelDirectory.Loaded loaded;

    boolean given() {
        return model != null;
    }

    /** Rejects combinations that cannot work, before any data is read. */
    void check(boolean resume, List<String> configGiven) {
        if (!given()) {
            return;
        }
        if (resume) {
            throw new BadInputException("--from-model starts a new run; --resume continues one in --out: use one");
        }
        if (!Files.exists(model)) {
            throw new BadInputException("--from-model " + model + ": no such model folder or file");
        }
        List<String> network = new ArrayList<>();
        for (String o : configGiven) {
            if (!o.startsWith("--train-")) {
                network.add(o);
            }
        }
        if (!network.isEmpty()) {
            throw new BadInputException("--from-model keeps the network of " + model + "; remove "
                    + String.join(", ", network) + " (only --train-* options can change)");
        }
    }

    /** The model's config with the given {@code --train-*} options and the seed. */
    CareConfig config(ParseResult parsed, String spatialAxes, int channelsIn, int channelsOut, long seed)
            throws FileFormatException {
        loaded = ModelSources.load(model);
        CareConfig given = ConfigOptions.build(parsed, spatialAxes, channelsIn, channelsOut, seed);
        try {
            ObjectNode base = (ObjectNode) JSON.readTree(CareConfigJson.toJson(
                    CareConfigJson.parse(loaded.config().toString(), model + " config.json")));
            ObjectNode options = (ObjectNode) JSON.readTree(CareConfigJson.toJson(given));
            for (ConfigOptions.Field f : ConfigOptions.FIELDS) {
                if (parsed.hasMatchedOption(f.option()) && f.path().startsWith("train_")) {
                    String top = f.path().contains(".") ? f.path().substring(0, f.path().indexOf('.')) : f.path();
                    base.set(top, options.get(top));
                }
            }
            ((ObjectNode) base.withObject("/jcare")).put("seed", seed);
            return CareConfigJson.parse(base.toString(), model + " with the given --train-* options");
        } catch (IOException e) {
            throw new FileFormatException(model, "has a config jcare cannot use: " + e.getMessage());
        }
    }

    /** A model of {@code config} holding the weights of --from-model. */
    CareModel create(Engine engine, CareConfig config) {
        CareModel m = CareModel.create(engine, config, 0);
        try {
            Weights.write(m.network().parameters(), loaded.weights(), model.toString());
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }
}
