package org.jcare.training.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes {@link CareConfig} as CSBDeep's {@code config.json}: the same field names, meanings and order,
 * so a file written by CSBDeep loads as is, and a file written here (in {@linkplain #writeCsbdeep CSBDeep mode})
 * loads in CSBDeep.
 *
 * <p>jcare-only settings live in one extra object, {@code "jcare": {"format_version": 1,
 * "unet_kern_size_per_axis": [1, 3, 3], "seed": 42}}; CSBDeep fields keep CSBDeep's meaning. A format version newer
 * than {@link CareConfig#FORMAT_VERSION} is an error that says to upgrade.
 *
 * <p>Unknown top-level fields are kept: they are read into {@link CareConfig#unknownFields()} (so a caller can warn)
 * and written back after the CSBDeep fields, so a file round-trips. Rationale: CSBDeep subclasses and later versions
 * add fields; dropping them would lose data, rejecting them would refuse valid models. Unknown keys inside
 * {@code train_reduce_lr} (Keras arguments such as {@code monitor}) are kept the same way; unknown keys inside the
 * {@code jcare} object are errors, since jcare owns that format.
 *
 * <p>Note that CSBDeep itself refuses unknown fields on load ({@code allow_new_parameters=False}): a file with a
 * {@code jcare} section or kept unknown fields does not load in CSBDeep. {@link #writeCsbdeep} writes a file
 * without them, and refuses when the configuration needs a jcare-only setting to mean the same thing.
 */
public final class CareConfigJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<String> JCARE_KEYS = Set.of("format_version", "unet_kern_size_per_axis", "seed", "task",
            "task_factor", "task_psf");

    private CareConfigJson() {
    }

    /**
     * Reads a {@code config.json}.
     *
     * @throws IOException     when the file cannot be read or is not JSON (the message names the file)
     * @throws ConfigException listing every invalid or mistyped value, naming the file
     */
    public static CareConfig read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot read CARE config " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses JSON text.
     *
     * @param source name used in error messages, for example the file name
     * @throws IOException     when the text is not a JSON object
     * @throws ConfigException listing every invalid or mistyped value
     */
    public static CareConfig parse(String json, String source) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IOException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(source + ": a CARE config must be a JSON object, found "
                    + (root == null ? "nothing" : root.getNodeType()));
        }
        return fromTree((ObjectNode) root, source);
    }

    /** Writes {@code config} with its jcare section and kept unknown fields. */
    public static void write(CareConfig config, Path file) throws IOException {
        Files.writeString(file, toJson(config), StandardCharsets.UTF_8);
    }

    /** The JSON text of {@code config} with its jcare section and kept unknown fields. */
    public static String toJson(CareConfig config) {
        return pretty(toTree(config, true));
    }

    /**
     * Writes only CSBDeep's fields, so that CSBDeep loads the file.
     *
     * @throws IllegalArgumentException when the configuration uses a per-axis kernel size that CSBDeep's single
     *                                  {@code unet_kern_size} cannot express
     */
    public static void writeCsbdeep(CareConfig config, Path file) throws IOException {
        Files.writeString(file, toCsbdeepJson(config), StandardCharsets.UTF_8);
    }

    /** The JSON text with CSBDeep's fields only; see {@link #writeCsbdeep}. */
    public static String toCsbdeepJson(CareConfig config) {
        if (config.hasKernelSizePerAxis()) {
            for (int k : config.kernelSizePerAxis()) {
                if (k != config.unetKernSize()) {
                    throw new IllegalArgumentException("cannot write a CSBDeep config.json: kernel size per axis "
                            + java.util.Arrays.toString(config.kernelSizePerAxis()) + " differs from unet_kern_size "
                            + config.unetKernSize() + ", which is all CSBDeep understands; write the jcare format");
                }
            }
        }
        return pretty(toTree(config, false));
    }

    /** The JSON tree: CSBDeep's fields in CSBDeep's order, then unknown fields and the jcare section if asked. */
    static ObjectNode toTree(CareConfig c, boolean withExtensions) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("n_dim", c.nDim());
        o.put("axes", c.axes());
        o.put("n_channel_in", c.nChannelIn());
        o.put("n_channel_out", c.nChannelOut());
        putNullable(o, "train_checkpoint", c.trainCheckpoint());
        putNullable(o, "train_checkpoint_last", c.trainCheckpointLast());
        putNullable(o, "train_checkpoint_epoch", c.trainCheckpointEpoch());
        o.put("probabilistic", c.probabilistic());
        o.put("unet_residual", c.unetResidual());
        o.put("unet_n_depth", c.unetNDepth());
        o.put("unet_kern_size", c.unetKernSize());
        o.put("unet_n_first", c.unetNFirst());
        o.put("unet_last_activation", c.unetLastActivation());
        ArrayNode shape = o.putArray("unet_input_shape");
        for (Integer d : c.unetInputShape()) {
            if (d == null) {
                shape.addNull();
            } else {
                shape.add(d);
            }
        }
        o.put("train_loss", c.trainLoss());
        o.put("train_epochs", c.trainEpochs());
        o.put("train_steps_per_epoch", c.trainStepsPerEpoch());
        o.put("train_learning_rate", c.trainLearningRate());
        o.put("train_batch_size", c.trainBatchSize());
        o.put("train_tensorboard", c.trainTensorboard());
        ReduceLr lr = c.trainReduceLr();
        if (lr == null) {
            o.putNull("train_reduce_lr");
        } else {
            ObjectNode r = o.putObject("train_reduce_lr");
            putNumber(r, "factor", lr.factor());
            r.put("patience", lr.patience());
            putNumber(r, "min_delta", lr.minDelta());
            if (withExtensions) {
                lr.otherKeys().forEach((k, v) -> r.set(k, rawTree(v)));
            }
        }
        TaskJson.writeTop(o, c.task());
        if (withExtensions) {
            c.unknownFields().forEach((k, v) -> o.set(k, rawTree(v)));
            ObjectNode j = o.putObject("jcare");
            j.put("format_version", CareConfig.FORMAT_VERSION);
            if (c.hasKernelSizePerAxis()) {
                ArrayNode k = j.putArray("unet_kern_size_per_axis");
                for (int v : c.kernelSizePerAxis()) {
                    k.add(v);
                }
            }
            if (c.seed() != null) {
                j.put("seed", c.seed());
            }
            TaskJson.writeJcare(j, c.task());
        }
        return o;
    }

    private static CareConfig fromTree(ObjectNode root, String source) {
        CareConfig.Builder b = CareConfig.builder(null);
        TaskJson.Collector task = new TaskJson.Collector(b::violation);
        Reader r = new Reader(b, task);
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String k = e.getKey();
            JsonNode v = e.getValue();
            switch (k) {
                case "n_dim" -> r.integer(k, v, b::declaredNDim);
                case "axes" -> r.string(k, v, false, b::axes);
                case "n_channel_in" -> r.integer(k, v, b::nChannelIn);
                case "n_channel_out" -> r.integer(k, v, b::nChannelOut);
                case "probabilistic" -> r.bool(k, v, b::probabilistic);
                case "unet_residual" -> r.bool(k, v, b::unetResidual);
                case "unet_n_depth" -> r.integer(k, v, b::unetNDepth);
                case "unet_kern_size" -> r.integer(k, v, b::unetKernSize);
                case "unet_n_first" -> r.integer(k, v, b::unetNFirst);
                case "unet_last_activation" -> r.string(k, v, false, b::unetLastActivation);
                case "unet_input_shape" -> r.inputShape(k, v);
                case "train_loss" -> r.string(k, v, false, b::trainLoss);
                case "train_epochs" -> r.integer(k, v, b::trainEpochs);
                case "train_steps_per_epoch" -> r.integer(k, v, b::trainStepsPerEpoch);
                case "train_learning_rate" -> r.number(k, v, b::trainLearningRate);
                case "train_batch_size" -> r.integer(k, v, b::trainBatchSize);
                case "train_tensorboard" -> r.bool(k, v, b::trainTensorboard);
                case "train_checkpoint" -> r.string(k, v, true, b::trainCheckpoint);
                case "train_checkpoint_last" -> r.string(k, v, true, b::trainCheckpointLast);
                case "train_checkpoint_epoch" -> r.string(k, v, true, b::trainCheckpointEpoch);
                case "train_reduce_lr" -> r.reduceLr(k, v);
                case "jcare" -> r.jcare(k, v);
                default -> {
                    if (!task.top(k, v)) {
                        b.unknownField(k, compact(v));
                    }
                }
            }
        }
        b.task(task.build());
        return b.build(source);
    }

    /** Typed field readers that record a violation instead of throwing, so all problems are reported together. */
    private static final class Reader {
        private final CareConfig.Builder b;
        private final TaskJson.Collector task;

        Reader(CareConfig.Builder b, TaskJson.Collector task) {
            this.b = b;
            this.task = task;
        }

        void integer(String k, JsonNode v, java.util.function.IntConsumer set) {
            if (v.isIntegralNumber() && v.canConvertToInt()) {
                set.accept(v.intValue());
            } else if (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()) && Math.abs(v.asDouble()) < 1e9) {
                set.accept((int) v.asDouble());
            } else {
                bad(k, v, "an integer");
            }
        }

        void number(String k, JsonNode v, java.util.function.DoubleConsumer set) {
            if (v.isNumber()) {
                set.accept(v.asDouble());
            } else {
                bad(k, v, "a number");
            }
        }

        void bool(String k, JsonNode v, java.util.function.Consumer<Boolean> set) {
            if (v.isBoolean()) {
                set.accept(v.booleanValue());
            } else {
                bad(k, v, "true or false");
            }
        }

        void string(String k, JsonNode v, boolean nullable, java.util.function.Consumer<String> set) {
            if (v.isTextual()) {
                set.accept(v.textValue());
            } else if (nullable && v.isNull()) {
                set.accept(null);
            } else {
                bad(k, v, nullable ? "a string or null" : "a string");
            }
        }

        void inputShape(String k, JsonNode v) {
            if (!v.isArray()) {
                bad(k, v, "a list of spatial sizes (null or integers) followed by the channel count");
                return;
            }
            List<Integer> shape = new ArrayList<>();
            for (JsonNode d : v) {
                if (d.isNull()) {
                    shape.add(null);
                } else if (d.isIntegralNumber() && d.canConvertToInt()) {
                    shape.add(d.intValue());
                } else {
                    bad(k, v, "a list of spatial sizes (null or integers) followed by the channel count");
                    return;
                }
            }
            b.unetInputShape(shape);
        }

        void reduceLr(String k, JsonNode v) {
            if (v.isNull()) {
                b.trainReduceLr(null);
                return;
            }
            if (!v.isObject()) {
                bad(k, v, "null or an object {\"factor\": 0.5, \"patience\": 10, \"min_delta\": 0}");
                return;
            }
            double[] factor = {ReduceLr.DEFAULT.factor()};
            int[] patience = {ReduceLr.DEFAULT.patience()};
            double[] minDelta = {ReduceLr.DEFAULT.minDelta()};
            Map<String, String> other = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                String key = k + "." + e.getKey();
                switch (e.getKey()) {
                    case "factor" -> number(key, e.getValue(), d -> factor[0] = d);
                    case "patience" -> integer(key, e.getValue(), i -> patience[0] = i);
                    // Keras <= 2.1.5 called min_delta "epsilon"; CSBDeep writes whichever its Keras uses.
                    case "min_delta", "epsilon" -> number(key, e.getValue(), d -> minDelta[0] = d);
                    default -> other.put(e.getKey(), compact(e.getValue()));
                }
            }
            b.trainReduceLr(new ReduceLr(factor[0], patience[0], minDelta[0], other));
        }

        void jcare(String k, JsonNode v) {
            if (!v.isObject()) {
                bad(k, v, "an object {\"format_version\": " + CareConfig.FORMAT_VERSION + ", ...}");
                return;
            }
            JsonNode version = v.get("format_version");
            if (version == null || !version.isIntegralNumber()) {
                bad(k + ".format_version", version == null ? null : version, "an integer (this jcare writes "
                        + CareConfig.FORMAT_VERSION + ")");
            } else if (version.intValue() > CareConfig.FORMAT_VERSION || version.intValue() < 1) {
                bad(k + ".format_version", version, "at most " + CareConfig.FORMAT_VERSION + ": this file was written"
                        + " by a newer jcare; upgrade jcare to read it");
            }
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                String key = k + "." + e.getKey();
                JsonNode val = e.getValue();
                switch (e.getKey()) {
                    case "format_version" -> { }
                    case "unet_kern_size_per_axis" -> {
                        if (val.isNull()) {
                            b.unetKernSizePerAxis((int[]) null);
                        } else if (val.isArray() && allInts(val)) {
                            int[] ks = new int[val.size()];
                            for (int i = 0; i < ks.length; i++) {
                                ks[i] = val.get(i).intValue();
                            }
                            b.unetKernSizePerAxis(ks);
                        } else {
                            bad(key, val, "a list of odd integers, one per spatial axis");
                        }
                    }
                    case "seed" -> {
                        if (val.isNull()) {
                            b.seed(null);
                        } else if (val.isIntegralNumber() && val.canConvertToLong()) {
                            b.seed(val.longValue());
                        } else {
                            bad(key, val, "an integer or null");
                        }
                    }
                    default -> {
                        if (!task.jcare(e.getKey(), val)) {
                            bad(key, val, "not a jcare field; known fields: " + JCARE_KEYS);
                        }
                    }
                }
            }
        }

        private static boolean allInts(JsonNode arr) {
            for (JsonNode d : arr) {
                if (!d.isIntegralNumber() || !d.canConvertToInt()) {
                    return false;
                }
            }
            return true;
        }

        private void bad(String k, JsonNode v, String allowed) {
            String shown = v == null ? "missing" : v.getNodeType() == JsonNodeType.STRING ? "'" + v.textValue() + "'"
                    : compact(v) + (v.isContainerNode() ? "" : " (" + v.getNodeType().name().toLowerCase() + ")");
            b.violation(new Violation(k, shown, allowed));
        }
    }

    private static void putNullable(ObjectNode o, String k, String v) {
        if (v == null) {
            o.putNull(k);
        } else {
            o.put(k, v);
        }
    }

    /** Integral values are written as JSON integers (as Python writes CSBDeep's {@code 0}), others as doubles. */
    private static void putNumber(ObjectNode o, String k, double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            o.put(k, (long) v);
        } else {
            o.put(k, v);
        }
    }

    private static JsonNode rawTree(String rawJson) {
        try {
            return MAPPER.readTree(rawJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("kept field is not JSON: " + rawJson, e);
        }
    }

    private static String compact(JsonNode n) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pretty(ObjectNode n) {
        try {
            return MAPPER.writeValueAsString(n) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
