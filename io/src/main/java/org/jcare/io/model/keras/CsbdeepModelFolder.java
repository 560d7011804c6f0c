package org.jcare.io.model.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jcare.io.FileFormatException;
import org.jcare.io.model.ModelFiles;
import org.jcare.io.model.ProjectionLayout;
import org.jcare.io.model.UNetLayout;

/**
 * A CSBDeep model folder ({@code config.json} + Keras weights {@code weights_best.h5} / {@code weights_last.h5},
 * CARE-MODES.md section 6.1) read as jcare tensors.
 *
 * <p>Which weights: CSBDeep's own rule ({@code _find_and_load_weights}): the newest {@code *.h5} / {@code *.hdf5}
 * whose name contains "best", else the newest. The network comes from the CSBDeep fields of {@code config.json}
 * (a CSBDeep config has no jcare section): the CARE U-Net of {@code n_dim}, {@code n_channel_in},
 * {@code n_channel_out}, {@code unet_*} and {@code probabilistic} (standard, probabilistic, and the isotropic and
 * upsampling models, which are plain U-Nets), or, when the config has ProjectionConfig's {@code proj_*} fields, the
 * projection network followed by a 2D U-Net.
 */
public final class CsbdeepModelFolder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CsbdeepModelFolder() {
    }

    /**
     * What a CSBDeep folder holds, in jcare's terms.
     *
     * @param config     config.json as CSBDeep wrote it
     * @param weightFile the weights file chosen
     * @param tensors    jcare tensors ({@code <layer>.weight|.bias}, {@code [out, in, k...]})
     * @param projection the projection network, when the model is a ProjectionCARE
     */
    public record Imported(ObjectNode config, Path weightFile, SortedMap<String, org.jcare.io.model.TensorData> tensors,
                           java.util.Optional<ProjectionLayout> projection) {
        /** As model files with the chosen weights as the final ones. */
        public ModelFiles toModelFiles() {
            return ModelFiles.of(config, tensors);
        }
    }

    /** True when {@code dir} is a folder with config.json and Keras weights but no jcare weights. */
    public static boolean isCsbdeepFolder(Path dir) {
        if (!Files.isDirectory(dir) || !Files.isRegularFile(dir.resolve("config.json"))) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.toList();
            boolean jcare = files.stream().anyMatch(f -> f.getFileName().toString().endsWith(".safetensors"));
            return !jcare && files.stream().anyMatch(CsbdeepModelFolder::isKerasWeights);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isKerasWeights(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(f) && (n.endsWith(".h5") || n.endsWith(".hdf5"));
    }

    /**
     * The weights file CSBDeep would load: the newest whose name contains "best", else the newest.
     *
     * @throws FileFormatException when the folder has no Keras weights
     */
    public static Path chooseWeights(Path dir) throws FileFormatException {
        List<Path> all;
        try (Stream<Path> s = Files.list(dir)) {
            all = new ArrayList<>(s.filter(CsbdeepModelFolder::isKerasWeights).toList());
        } catch (IOException e) {
            throw new FileFormatException(dir, "cannot be listed", e);
        }
        if (all.isEmpty()) {
            throw new FileFormatException(dir, "has no Keras weights (*.h5): a CSBDeep model folder holds "
                    + "weights_best.h5 or weights_last.h5 beside config.json");
        }
        Comparator<Path> newestFirst = Comparator.comparing(CsbdeepModelFolder::modified).reversed()
                .thenComparing(Path::toString);
        all.sort(newestFirst);
        return all.stream().filter(p -> p.getFileName().toString().contains("best")).findFirst().orElse(all.get(0));
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /**
     * Reads a CSBDeep model folder with the weights CSBDeep would load.
     *
     * @throws FileFormatException naming the file, layer or dataset that does not fit
     */
    public static Imported read(Path dir) throws FileFormatException {
        return read(dir, chooseWeights(dir));
    }

    /**
     * Reads a CSBDeep model folder with a given weights file.
     *
     * @throws FileFormatException naming the file, layer or dataset that does not fit
     */
    public static Imported read(Path dir, Path weightsFile) throws FileFormatException {
        Path configFile = dir.resolve("config.json");
        ObjectNode config = readConfig(configFile);
        KerasWeightsFile.Content content = KerasWeightsFile.read(weightsFile);
        List<KerasConvMapping.KerasConv> convs = KerasConvMapping.convolutions(content);
        SortedMap<String, org.jcare.io.model.TensorData> tensors = new TreeMap<>();
        java.util.Optional<ProjectionLayout> projection = projectionLayout(config, configFile);
        UNetLayout unet = unetLayout(config, configFile, projection.isPresent());
        if (projection.isPresent()) {
            // the projection's convolutions are 3D, the denoiser's 2D: split by rank, map each by its own rules
            List<KerasConvMapping.KerasConv> proj = convs.stream().filter(c -> c.rank() == 3).toList();
            List<KerasConvMapping.KerasConv> den = convs.stream().filter(c -> c.rank() == 2).toList();
            tensors.putAll(KerasConvMapping.map(weightsFile, proj, projection.get().convs(),
                    "ProjectionCARE projection network, " + describe(projection.get())));
            tensors.putAll(KerasConvMapping.map(weightsFile, den, unet.convs(), "ProjectionCARE denoiser, " + unet));
        } else {
            tensors.putAll(KerasConvMapping.map(weightsFile, convs, unet.convs(), unet.toString()));
        }
        return new Imported(config, weightsFile, tensors, projection);
    }

    static ObjectNode readConfig(Path configFile) throws FileFormatException {
        JsonNode n;
        try {
            n = JSON.readTree(configFile.toFile());
        } catch (IOException e) {
            throw new FileFormatException(configFile, "is not valid JSON", e);
        }
        if (n == null || !n.isObject()) {
            throw new FileFormatException(configFile, "is not a JSON object (a CSBDeep config.json)");
        }
        return (ObjectNode) n;
    }

    /**
     * The CARE U-Net that CSBDeep builds from {@code config} (for a ProjectionCARE, its 2D denoiser).
     *
     * @throws FileFormatException naming the field that is missing or invalid
     */
    public static UNetLayout unetLayout(JsonNode config, Path file, boolean projectionDenoiser)
            throws FileFormatException {
        int nDim = projectionDenoiser ? 2 : intField(config, "n_dim", file);
        int in = intField(config, "n_channel_in", file);
        int out = intField(config, "n_channel_out", file);
        int depth = intField(config, "unet_n_depth", file);
        int k = intField(config, "unet_kern_size", file);
        int first = intField(config, "unet_n_first", file);
        boolean residual = config.path("unet_residual").asBoolean(in == out);
        boolean prob = config.path("probabilistic").asBoolean(false);
        String last = config.path("unet_last_activation").asText("linear");
        if (!last.equals("linear") && !last.equals("relu")) {
            throw new FileFormatException(file, "unet_last_activation '" + last + "' is not supported (linear or relu)");
        }
        int[] ks = new int[nDim];
        int[] pool = new int[nDim];
        java.util.Arrays.fill(ks, k);
        java.util.Arrays.fill(pool, 2);
        try {
            return new UNetLayout(nDim, in, out, depth, ks, first, residual, prob, last.equals("relu"), pool);
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, "does not describe a CARE U-Net: " + e.getMessage());
        }
    }

    /** The projection network when {@code config} is a ProjectionConfig (has {@code proj_n_depth}). */
    public static java.util.Optional<ProjectionLayout> projectionLayout(JsonNode config, Path file)
            throws FileFormatException {
        if (!config.has("proj_n_depth")) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new ProjectionLayout(intField(config, "n_channel_in", file),
                    intField(config, "proj_n_depth", file), intField(config, "proj_n_filt", file),
                    intField(config, "proj_n_conv_per_depth", file), ints(config, "proj_kern", file),
                    ints(config, "proj_pool", file)));
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file, "does not describe a ProjectionCARE network: " + e.getMessage());
        }
    }

    private static String describe(ProjectionLayout p) {
        return "depth " + p.depth() + ", " + p.filters() + " filters, kernel " + java.util.Arrays.toString(p.kernel());
    }

    private static int intField(JsonNode config, String name, Path file) throws FileFormatException {
        JsonNode v = config.get(name);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new FileFormatException(file, "field " + name + " is " + (v == null ? "missing" : "not an integer: "
                    + v) + "; a CSBDeep config.json has it");
        }
        return v.intValue();
    }

    private static int[] ints(JsonNode config, String name, Path file) throws FileFormatException {
        JsonNode v = config.get(name);
        if (v == null || !v.isArray()) {
            throw new FileFormatException(file, "field " + name + " is " + (v == null ? "missing" : "not a list: " + v));
        }
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).asInt();
        }
        return out;
    }
}
