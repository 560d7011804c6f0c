package org.jcare.io.model.bmz;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jcare.io.FileFormatException;
import org.jcare.io.npz.NpyArray;
import org.jcare.io.npz.NpyFile;

/**
 * Checks a Model Zoo model description against the rules of the spec (format 0.5.x, {@code bioimageio.spec}'s
 * {@code model/v0_5.py}; CARE-MODES.md section 7.1) that a package must meet to validate: the required fields and
 * their syntax, every named file present with its SHA-256, test tensors that fit their axes, known pre- and
 * postprocessing with valid arguments, and known weight formats. It is the part of the spec's validator that needs
 * no Python; it does not run the model (the tests do that in onnxruntime).
 */
public final class BmzSpecCheck {
    private static final Pattern NAME = Pattern.compile("[\\w +\\-()]{5,128}", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern TENSOR_ID = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Set<String> AXIS_TYPES = Set.of("batch", "channel", "index", "time", "space");
    private static final Set<String> PROCESSING = Set.of("binarize", "clip", "ensure_dtype", "scale_linear",
            "sigmoid", "softmax", "fixed_zero_mean_unit_variance", "zero_mean_unit_variance", "scale_range",
            "scale_mean_variance");
    private static final Set<String> WEIGHTS = Set.of("keras_hdf5", "onnx", "pytorch_state_dict",
            "tensorflow_js", "tensorflow_saved_model_bundle", "torchscript");
    private static final Set<String> SPACE_UNITS = Set.of("attometer", "angstrom", "centimeter", "decimeter",
            "exameter", "femtometer", "foot", "gigameter", "hectometer", "inch", "kilometer", "megameter", "meter",
            "micrometer", "mile", "millimeter", "nanometer", "parsec", "petameter", "picometer", "terameter",
            "yard", "yoctometer", "yottameter", "zeptometer", "zettameter");

    private BmzSpecCheck() {
    }

    /**
     * Every violation found (empty when the description passes).
     *
     * @param rdf   the description
     * @param files the package's files by name
     */
    public static List<String> problems(JsonNode rdf, Map<String, byte[]> files) {
        List<String> p = new ArrayList<>();
        if (!"model".equals(rdf.path("type").asText())) {
            p.add("type must be 'model', found " + rdf.get("type"));
        }
        String fv = rdf.path("format_version").asText("");
        if (!fv.matches("0\\.5\\.\\d+")) {
            p.add("format_version must be 0.5.x, found '" + fv + "'");
        }
        String name = rdf.path("name").asText("");
        if (!NAME.matcher(name).matches()) {
            p.add("name must be 5-128 letters, digits, spaces or _+-() characters, found '" + name + "'");
        }
        if (rdf.path("description").asText("").length() > 1024) {
            p.add("description must be at most 1024 characters");
        }
        checkAuthors(rdf.get("authors"), p);
        checkCite(rdf.get("cite"), p);
        if (!rdf.path("license").isTextual() || rdf.path("license").asText().isBlank()) {
            p.add("license must be an SPDX identifier such as CC-BY-4.0");
        }
        String doc = rdf.path("documentation").asText("");
        if (!doc.endsWith(".md")) {
            p.add("documentation must name a .md file, found '" + doc + "'");
        } else {
            file(files, doc, null, "documentation", p);
        }
        for (JsonNode c : rdf.path("covers")) {
            file(files, c.asText(), null, "covers", p);
        }
        for (JsonNode a : rdf.path("attachments")) {
            file(files, a.path("source").asText(), a.path("sha256").asText(null), "attachments", p);
        }
        Set<String> ids = new HashSet<>();
        checkTensors(rdf.get("inputs"), "inputs", ids, files, p);
        checkTensors(rdf.get("outputs"), "outputs", ids, files, p);
        checkWeights(rdf.get("weights"), files, p);
        return p;
    }

    /**
     * Checks a package and throws when it violates the spec.
     *
     * @throws FileFormatException naming the package and listing every violation
     */
    public static void require(BmzPackage.Content content, Path file) throws FileFormatException {
        List<String> p = problems(content.rdf(), content.files());
        if (!p.isEmpty()) {
            throw new FileFormatException(file, "is not a valid Model Zoo model description: " + String.join("; ", p));
        }
    }

    private static void checkAuthors(JsonNode authors, List<String> p) {
        if (authors == null || !authors.isArray() || authors.isEmpty()) {
            p.add("authors must list at least one author {name: ...}");
            return;
        }
        for (JsonNode a : authors) {
            if (a.path("name").asText("").isBlank()) {
                p.add("every author needs a name");
            }
        }
    }

    private static void checkCite(JsonNode cite, List<String> p) {
        if (cite == null || !cite.isArray() || cite.isEmpty()) {
            p.add("cite must list at least one {text, doi or url}");
            return;
        }
        for (JsonNode c : cite) {
            if (c.path("text").asText("").isBlank() || (!c.has("doi") && !c.has("url"))) {
                p.add("every cite entry needs text and a doi or url");
            }
        }
    }

    private static void checkTensors(JsonNode tensors, String field, Set<String> ids, Map<String, byte[]> files,
                                     List<String> p) {
        if (tensors == null || !tensors.isArray() || tensors.isEmpty()) {
            p.add(field + " must list at least one tensor");
            return;
        }
        for (JsonNode t : tensors) {
            String id = t.path("id").asText("");
            String where = field + " '" + id + "'";
            if (!TENSOR_ID.matcher(id).matches()) {
                p.add(where + ": id must be a lower-case identifier");
            }
            if (!ids.add(id)) {
                p.add(where + ": id used twice");
            }
            JsonNode axes = t.get("axes");
            if (axes == null || !axes.isArray() || axes.isEmpty()) {
                p.add(where + ": axes must be a non-empty list");
                continue;
            }
            Set<String> axisIds = new HashSet<>();
            for (JsonNode a : axes) {
                String type = a.path("type").asText("");
                if (!AXIS_TYPES.contains(type)) {
                    p.add(where + ": unknown axis type '" + type + "'");
                }
                String aid = a.path("id").asText(type.equals("batch") ? "batch" : type.equals("channel") ? "channel" : "");
                if (!axisIds.add(aid)) {
                    p.add(where + ": axis id '" + aid + "' used twice");
                }
                if (type.equals("space")) {
                    checkSpaceAxis(a, where, p);
                }
                if (type.equals("channel") && !a.path("channel_names").isArray()) {
                    p.add(where + ": a channel axis needs channel_names");
                }
            }
            JsonNode test = t.get("test_tensor");
            byte[] npy = test == null ? null
                    : file(files, test.path("source").asText(), test.path("sha256").asText(null), where + " test_tensor", p);
            if (test == null) {
                p.add(where + ": test_tensor (.npy) is missing");
            } else if (npy != null) {
                try {
                    NpyArray a = NpyFile.read(npy, Path.of(test.path("source").asText()));
                    if (a.shape().length != axes.size()) {
                        p.add(where + ": test_tensor has " + a.shape().length + " axes, the tensor " + axes.size());
                    }
                } catch (FileFormatException e) {
                    p.add(where + ": test_tensor is not a .npy array: " + e.problem());
                }
            }
            for (String proc : List.of("preprocessing", "postprocessing")) {
                for (JsonNode step : t.path(proc)) {
                    checkProcessing(step, where + " " + proc, p);
                }
            }
        }
    }

    private static void checkSpaceAxis(JsonNode a, String where, List<String> p) {
        String aid = a.path("id").asText("");
        JsonNode size = a.get("size");
        if (size == null) {
            p.add(where + ": space axis '" + aid + "' needs a size");
        } else if (size.isObject() && size.has("min")) {
            if (size.path("min").asInt(0) < 1 || size.path("step").asInt(-1) < 0) {
                p.add(where + ": axis '" + aid + "' size {min, step} must have min >= 1 and step >= 0");
            }
        } else if (size.isObject() && !(size.has("tensor_id") && size.has("axis_id"))) {
            p.add(where + ": axis '" + aid + "' size must be an integer, {min, step} or {tensor_id, axis_id}");
        }
        if (a.has("unit") && !SPACE_UNITS.contains(a.path("unit").asText())) {
            p.add(where + ": axis '" + aid + "' unit '" + a.path("unit").asText() + "' is not a spec unit");
        }
        if (a.has("scale") && !(a.path("scale").asDouble(0) > 0)) {
            p.add(where + ": axis '" + aid + "' scale must be > 0");
        }
        if (a.has("halo") && a.path("halo").asInt(-1) < 0) {
            p.add(where + ": axis '" + aid + "' halo must be >= 0");
        }
    }

    private static void checkProcessing(JsonNode step, String where, List<String> p) {
        String id = step.path("id").asText("");
        if (!PROCESSING.contains(id)) {
            p.add(where + ": unknown operation '" + id + "'");
            return;
        }
        if (id.equals("scale_range")) {
            JsonNode k = step.path("kwargs");
            double lo = k.path("min_percentile").asDouble(0);
            double hi = k.path("max_percentile").asDouble(100);
            double eps = k.path("eps").asDouble(1e-6);
            if (!(lo >= 0 && lo < hi && hi <= 100)) {
                p.add(where + ": scale_range needs 0 <= min_percentile < max_percentile <= 100");
            }
            if (!(eps > 0 && eps <= 0.1)) {
                p.add(where + ": scale_range eps must be in (0, 0.1]");
            }
        }
        if (id.equals("ensure_dtype") && step.path("kwargs").path("dtype").asText("").isEmpty()) {
            p.add(where + ": ensure_dtype needs kwargs.dtype");
        }
    }

    private static void checkWeights(JsonNode weights, Map<String, byte[]> files, List<String> p) {
        if (weights == null || !weights.isObject() || weights.isEmpty()) {
            p.add("weights must name at least one weights format");
            return;
        }
        int withoutParent = 0;
        for (var it = weights.fields(); it.hasNext(); ) {
            var e = it.next();
            String format = e.getKey();
            JsonNode w = e.getValue();
            if (!WEIGHTS.contains(format)) {
                p.add("weights: unknown format '" + format + "'");
                continue;
            }
            file(files, w.path("source").asText(), w.path("sha256").asText(null), "weights " + format, p);
            if (!w.has("parent")) {
                withoutParent++;
            } else if (!weights.has(w.path("parent").asText())) {
                p.add("weights " + format + ": parent '" + w.path("parent").asText() + "' is not in weights");
            }
            if (format.equals("onnx") && w.path("opset_version").asInt(0) < 7) {
                p.add("weights onnx: opset_version must be >= 7");
            }
            if (format.equals("pytorch_state_dict")) {
                JsonNode arch = w.path("architecture");
                if (!arch.path("callable").asText("").matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    p.add("weights pytorch_state_dict: architecture.callable must be a Python identifier");
                }
                if (arch.has("source")) {
                    file(files, arch.path("source").asText(), arch.path("sha256").asText(null),
                            "weights pytorch_state_dict architecture", p);
                } else if (!arch.has("import_from")) {
                    p.add("weights pytorch_state_dict: architecture needs source or import_from");
                }
                if (!w.path("pytorch_version").isTextual()) {
                    p.add("weights pytorch_state_dict: pytorch_version is required");
                }
            }
        }
        if (withoutParent != 1) {
            p.add("weights: exactly one format must be the original (without parent), found " + withoutParent);
        }
    }

    private static byte[] file(Map<String, byte[]> files, String name, String sha256, String where, List<String> p) {
        byte[] b = files.get(name);
        if (name.isEmpty() || b == null) {
            p.add(where + ": file '" + name + "' is not in the package");
            return null;
        }
        if (sha256 != null && !sha256.equalsIgnoreCase(BmzPackage.sha256(b))) {
            p.add(where + ": sha256 of '" + name + "' does not match");
        }
        return b;
    }
}
