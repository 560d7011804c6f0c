package org.jcare.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.CareConfigJson;
import org.jcare.training.config.ConfigException;
import org.jcare.training.config.ReduceLr;
import org.jcare.training.config.Violation;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * One command-line option per CARE config field, generated from the table {@link #FIELDS}: the option is the JSON
 * name in kebab case ({@code unet_n_first} to {@code --unet-n-first}, {@code train_reduce_lr.factor} to
 * {@code --train-reduce-lr-factor}), listed in {@code --help} under its own heading. Given options become a JSON
 * object that {@link CareConfigJson} parses, so the config's own validation (every violation at once) applies, and
 * its messages are mapped back to the option names.
 *
 * <p>{@code axes}, {@code n_dim}, {@code n_channel_in} and {@code n_channel_out} are not options: they come from the
 * training data. The jcare seed comes from {@code --seed}.
 */
final class ConfigOptions {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a value is typed on the command line and stored in JSON. */
    enum Kind {
        INT(Integer.class, "N"), NUMBER(Double.class, "X"), BOOL(Boolean.class, "true|false"),
        STRING(String.class, "NAME"), NULLABLE_STRING(String.class, "NAME|null"),
        INT_LIST(String.class, "K,K[,K]"), SHAPE(String.class, "SIZES");

        final Class<?> type;
        final String label;

        Kind(Class<?> type, String label) {
            this.type = type;
            this.label = label;
        }
    }

    /**
     * One config field.
     *
     * @param path        JSON path: a top-level name, {@code train_reduce_lr.<key>}, or {@code jcare.<key>}
     * @param kind        its type
     * @param description what it means, with its default
     */
    record Field(String path, Kind kind, String description) {
        /** The option name: the path in kebab case without the {@code jcare.} prefix. */
        String option() {
            return optionFor(path);
        }
    }

    /** Every configurable field, in CSBDeep's order. */
    static final List<Field> FIELDS = List.of(
            new Field("probabilistic", Kind.BOOL,
                    "Predict a per-pixel Laplace distribution (mean and scale); default false."),
            new Field("unet_residual", Kind.BOOL,
                    "Add the input to the output; default true when input and output channels match."),
            new Field("unet_n_depth", Kind.INT, "U-Net pooling levels; default 2."),
            new Field("unet_kern_size", Kind.INT, "Convolution kernel size (odd); default 5 in 2D, 3 in 3D."),
            new Field("jcare.unet_kern_size_per_axis", Kind.INT_LIST,
                    "jcare extension: kernel size per spatial axis, for example 1,3,3 for thin stacks;"
                            + " default unet_kern_size on every axis."),
            new Field("unet_n_first", Kind.INT, "Filters of the first level, doubled per level; default 32."),
            new Field("unet_last_activation", Kind.STRING, "linear or relu; default linear."),
            new Field("unet_input_shape", Kind.SHAPE,
                    "Network input shape: spatial sizes (or null) then channels, for example null,null,1;"
                            + " default any size."),
            new Field("train_loss", Kind.STRING,
                    "mae or mse (laplace for a probabilistic network); default mae, or laplace when probabilistic."),
            new Field("train_epochs", Kind.INT, "Epochs; default 100."),
            new Field("train_steps_per_epoch", Kind.INT, "Parameter updates per epoch; default 400."),
            new Field("train_learning_rate", Kind.NUMBER, "Initial Adam learning rate; default 0.0004."),
            new Field("train_batch_size", Kind.INT, "Patches per batch; default 16."),
            new Field("train_tensorboard", Kind.BOOL,
                    "Kept in config.json for CSBDeep (jcare writes history.csv and a curve PNG); default true."),
            new Field("train_checkpoint", Kind.NULLABLE_STRING,
                    "CSBDeep's best-weights name, kept in config.json (jcare writes weights_best.safetensors);"
                            + " default weights_best.h5."),
            new Field("train_checkpoint_last", Kind.NULLABLE_STRING,
                    "CSBDeep's last-weights name, kept in config.json; default weights_last.h5."),
            new Field("train_checkpoint_epoch", Kind.NULLABLE_STRING,
                    "CSBDeep's per-epoch weights name, kept in config.json; default weights_now.h5."),
            new Field("train_reduce_lr", Kind.BOOL,
                    "Reduce the learning rate when val_loss plateaus (false: never); default true."),
            new Field("train_reduce_lr.factor", Kind.NUMBER,
                    "Multiply the learning rate by this on a plateau; default 0.5."),
            new Field("train_reduce_lr.patience", Kind.INT, "Epochs without improvement before reducing; default 10."),
            new Field("train_reduce_lr.min_delta", Kind.NUMBER,
                    "Smallest val_loss decrease that counts as improvement; default 0."),
            new Field("proj_n_depth", Kind.INT, "Projection models: pooling levels of the projection network; default 4."),
            new Field("proj_n_filt", Kind.INT, "Projection models: filters of its 3D convolutions; default 8."),
            new Field("proj_n_conv_per_depth", Kind.INT, "Projection models: convolutions per level; default 1."),
            new Field("proj_kern", Kind.INT_LIST, "Projection models: kernel size Z,Y,X; default 3,3,3."),
            new Field("proj_pool", Kind.INT_LIST, "Projection models: pooling Z,Y,X (1 along Z); default 1,2,2."));

    private ConfigOptions() {
    }

    /** The option name of a JSON path (also of a violation's field). */
    static String optionFor(String path) {
        String p = path.startsWith("jcare.") ? path.substring("jcare.".length()) : path;
        return "--" + p.replace('.', '-').replace('_', '-');
    }

    /** Adds the generated options to the command, in a section of their own. */
    static final class Transformer implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            ArgGroupSpec.Builder group = ArgGroupSpec.builder()
                    .heading("%nCARE config (config.json fields; axes, n_dim and channel counts come from the data):%n")
                    .exclusive(false).multiplicity("0..1");
            for (Field f : FIELDS) {
                OptionSpec.Builder o = OptionSpec.builder(f.option()).type(f.kind().type).paramLabel(f.kind().label)
                        .description(f.description());
                if (f.kind() == Kind.BOOL) {
                    o.arity("0..1");
                }
                group.addArg(o.build());
            }
            spec.addArgGroup(group.build());
            return spec;
        }
    }

    /** The options given on the command line, by option name. */
    static List<String> given(ParseResult parsed) {
        List<String> names = new ArrayList<>();
        for (Field f : FIELDS) {
            if (parsed.hasMatchedOption(f.option())) {
                names.add(f.option());
            }
        }
        return names;
    }

    /**
     * The configuration for data of {@code spatialAxes} with the given channels, every given option applied.
     *
     * @throws BadInputException listing every invalid value by option name
     */
    static CareConfig build(ParseResult parsed, String spatialAxes, int channelsIn, int channelsOut, long seed) {
        ObjectNode o = JSON.createObjectNode();
        o.put("axes", spatialAxes + "C");
        o.put("n_channel_in", channelsIn);
        o.put("n_channel_out", channelsOut);
        ObjectNode reduce = null;
        boolean reduceOff = false;
        ObjectNode jcare = o.putObject("jcare");
        jcare.put("format_version", CareConfig.FORMAT_VERSION);
        jcare.put("seed", seed);
        List<String> problems = new ArrayList<>();
        for (Field f : FIELDS) {
            if (!parsed.hasMatchedOption(f.option())) {
                continue;
            }
            Object v = parsed.matchedOptionValue(f.option(), null);
            String path = f.path();
            if (path.equals("train_reduce_lr")) {
                reduceOff = Boolean.FALSE.equals(v);
                continue;
            }
            JsonNode node;
            try {
                node = toJson(f, v);
            } catch (IllegalArgumentException e) {
                problems.add(f.option() + " " + v + ": " + e.getMessage());
                continue;
            }
            if (path.startsWith("train_reduce_lr.")) {
                if (reduce == null) {
                    reduce = defaultReduceLr();
                }
                reduce.set(path.substring("train_reduce_lr.".length()), node);
            } else if (path.startsWith("jcare.")) {
                jcare.set(path.substring("jcare.".length()), node);
            } else {
                o.set(path, node);
            }
        }
        if (reduceOff) {
            if (reduce != null) {
                problems.add("--train-reduce-lr=false turns the schedule off, so --train-reduce-lr-factor,"
                        + " -patience and -min-delta cannot be used with it");
            }
            o.putNull("train_reduce_lr");
        } else if (reduce != null) {
            o.set("train_reduce_lr", reduce);
        }
        try {
            CareConfig c = CareConfigJson.parse(o.toString(), "config");
            if (!problems.isEmpty()) {
                throw new BadInputException("invalid config options: " + String.join("; ", problems));
            }
            return c;
        } catch (ConfigException e) {
            for (Violation v : e.violations()) {
                problems.add(optionFor(v.field()) + " " + v.value() + ": " + v.allowed());
            }
            throw new BadInputException("invalid config option" + (problems.size() == 1 ? "" : "s") + ": "
                    + String.join("; ", problems));
        } catch (IOException e) {
            throw new IllegalStateException("config options did not make a JSON object: " + e.getMessage(), e);
        }
    }

    private static ObjectNode defaultReduceLr() {
        ObjectNode r = JSON.createObjectNode();
        r.put("factor", ReduceLr.DEFAULT.factor());
        r.put("patience", ReduceLr.DEFAULT.patience());
        r.put("min_delta", ReduceLr.DEFAULT.minDelta());
        return r;
    }

    private static JsonNode toJson(Field f, Object v) {
        switch (f.kind()) {
            case INT:
                return JSON.getNodeFactory().numberNode((Integer) v);
            case NUMBER:
                return JSON.getNodeFactory().numberNode((Double) v);
            case BOOL:
                return JSON.getNodeFactory().booleanNode(v == null || (Boolean) v);
            case STRING:
                return JSON.getNodeFactory().textNode(((String) v).trim().toLowerCase(Locale.ROOT));
            case NULLABLE_STRING: {
                String s = ((String) v).trim();
                return isNull(s) ? JSON.getNodeFactory().nullNode() : JSON.getNodeFactory().textNode(s);
            }
            case INT_LIST:
            case SHAPE: {
                ArrayNode a = JSON.createArrayNode();
                for (String part : ((String) v).trim().split("\\s*[,xX]\\s*")) {
                    if (f.kind() == Kind.SHAPE && isNull(part)) {
                        a.addNull();
                    } else {
                        try {
                            a.add(Integer.parseInt(part));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("'" + part + "' is not an integer"
                                    + (f.kind() == Kind.SHAPE ? " or null" : ""));
                        }
                    }
                }
                return a;
            }
            default:
                throw new IllegalStateException(f.kind().name());
        }
    }

    private static boolean isNull(String s) {
        return s.equalsIgnoreCase("null") || s.equalsIgnoreCase("none");
    }
}
