package org.jcare.io.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.jcare.io.AtomicFiles;
import org.jcare.io.FileFormatException;

/**
 * A model on disk: a folder, or a {@code .zip} of one, holding {@code config.json}, {@code weights.safetensors} and
 * optionally {@code weights_best.safetensors}, {@code weights_last.safetensors}, {@code history.csv} and
 * {@code normalization.json}.
 *
 * <p>Every weights file carries {@code format_version} in its safetensors metadata: it versions the tensor names and
 * layouts (DESIGN decision 9). Loading a file of another version is an error that says what to do. Loading picks
 * {@code weights.safetensors}, else {@code weights_best}, else {@code weights_last}. Saving writes a temporary folder
 * or zip beside the target and renames it when complete.
 */
public final class ModelDirectory {
    /** The model format this version of jcare writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The metadata key of the format version in each weights file. */
    public static final String FORMAT_VERSION_KEY = "format_version";
    static final String CONFIG = "config.json";
    static final String HISTORY = "history.csv";
    static final String NORMALIZATION = "normalization.json";
    /** The file holding the state a training run needs to resume (optimizer moments, counters). */
    public static final String TRAINING_STATE = "training_state.safetensors";
    private static final java.util.Set<String> MODEL_FILES = java.util.Set.of(CONFIG, HISTORY, NORMALIZATION, TRAINING_STATE,
            ModelFiles.Kind.FINAL.fileName(), ModelFiles.Kind.BEST.fileName(), ModelFiles.Kind.LAST.fileName());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelDirectory() {
    }

    /**
     * A loaded model: its files and which weights were chosen.
     *
     * @param files  everything the folder holds (every weights file present is loaded)
     * @param chosen the weights loading picked
     */
    public record Loaded(ModelFiles files, ModelFiles.Kind chosen) {
        /** The chosen weights. */
        public SortedMap<String, TensorData> weights() {
            return files.weights().get(chosen);
        }

        /** The configuration. */
        public ObjectNode config() {
            return files.config();
        }
    }

    /**
     * Loads a model folder or zip.
     *
     * @param path a folder, or a {@code .zip} holding the files at its root or in one folder
     * @return the model, with the preferred weights chosen
     * @throws FileFormatException naming the file when something is missing, invalid, or of another format version
     */
    public static Loaded load(Path path) throws FileFormatException {
        Map<String, byte[]> files = Files.isDirectory(path) ? readFolder(path) : readZip(path);
        Path configPath = path.resolve(CONFIG);
        byte[] config = files.get(CONFIG);
        if (config == null) {
            throw new FileFormatException(path, "is not a model: it has no " + CONFIG + " (found " + files.keySet() + ")");
        }
        ObjectNode configNode = jsonObject(configPath, config);
        Map<ModelFiles.Kind, SortedMap<String, TensorData>> weights = new EnumMap<>(ModelFiles.Kind.class);
        ModelFiles.Kind chosen = null;
        for (ModelFiles.Kind k : ModelFiles.Kind.values()) {
            byte[] b = files.get(k.fileName());
            if (b == null) {
                continue;
            }
            Path file = path.resolve(k.fileName());
            Safetensors.Content c = Safetensors.parse(b, file);
            checkVersion(file, c.metadata());
            weights.put(k, c.tensors());
            if (chosen == null) {
                chosen = k;
            }
        }
        if (chosen == null) {
            throw new FileFormatException(path, "is not a complete model: it has none of weights.safetensors, "
                    + "weights_best.safetensors, weights_last.safetensors (found " + files.keySet() + ")");
        }
        Optional<ObjectNode> norm = files.containsKey(NORMALIZATION)
                ? Optional.of(jsonObject(path.resolve(NORMALIZATION), files.get(NORMALIZATION))) : Optional.empty();
        Optional<String> history = files.containsKey(HISTORY)
                ? Optional.of(new String(files.get(HISTORY), StandardCharsets.UTF_8)) : Optional.empty();
        Optional<Safetensors.Content> state = files.containsKey(TRAINING_STATE)
                ? Optional.of(Safetensors.parse(files.get(TRAINING_STATE), path.resolve(TRAINING_STATE)))
                : Optional.empty();
        return new Loaded(new ModelFiles(configNode, weights, norm, history, state), chosen);
    }

    private static void checkVersion(Path file, Map<String, String> metadata) throws FileFormatException {
        String v = metadata.get(FORMAT_VERSION_KEY);
        if (v == null) {
            throw new FileFormatException(file, "has no " + FORMAT_VERSION_KEY + " in its safetensors metadata, so its "
                    + "tensor names and layouts are unknown; save the model with jcare (or import it from CSBDeep) to "
                    + "get a model of format " + FORMAT_VERSION);
        }
        int version;
        try {
            version = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new FileFormatException(file, FORMAT_VERSION_KEY + " '" + v + "' is not a number");
        }
        if (version > FORMAT_VERSION) {
            throw new FileFormatException(file, "is of model format " + version + " but this jcare reads format "
                    + FORMAT_VERSION + "; use a newer jcare");
        }
        if (version < FORMAT_VERSION) {
            throw new FileFormatException(file, "is of model format " + version + " but this jcare reads format "
                    + FORMAT_VERSION + "; load and re-save it with the jcare release that wrote it, or retrain");
        }
    }

    /**
     * Saves a model as a folder, or as a zip when {@code target} ends in {@code .zip}.
     *
     * @param target    the folder or zip to create
     * @param model     what to write
     * @param overwrite whether an existing target may be replaced
     * @throws FileFormatException naming the target when it exists (without overwrite) or cannot be written
     */
    public static void save(Path target, ModelFiles model, boolean overwrite) throws FileFormatException {
        save(target, model, overwrite, Map.of());
    }

    /**
     * Saves a model as {@link #save(Path, ModelFiles, boolean)} does, with {@code extraFiles} (name to content, for
     * example the training-curve PNG) written into the same temporary folder or zip, so they appear together with the
     * model or not at all.
     *
     * @throws FileFormatException also when an extra file would replace one of the model's own files
     */
    public static void save(Path target, ModelFiles model, boolean overwrite, Map<String, byte[]> extraFiles)
            throws FileFormatException {
        Map<String, byte[]> files = serialize(model);
        for (Map.Entry<String, byte[]> e : extraFiles.entrySet()) {
            if (MODEL_FILES.contains(e.getKey()) || e.getKey().contains("/") || e.getKey().startsWith(".")) {
                throw new FileFormatException(target, "cannot hold an extra file named " + e.getKey());
            }
            files.put(e.getKey(), e.getValue());
        }
        boolean zip = String.valueOf(target.getFileName()).toLowerCase(java.util.Locale.ROOT).endsWith(".zip");
        try {
            AtomicFiles.write(target, overwrite, tmp -> {
                if (zip) {
                    try (OutputStream os = Files.newOutputStream(tmp);
                         ZipOutputStream z = new ZipOutputStream(new BufferedOutputStream(os))) {
                        for (Map.Entry<String, byte[]> e : files.entrySet()) {
                            z.putNextEntry(new ZipEntry(e.getKey()));
                            z.write(e.getValue());
                            z.closeEntry();
                        }
                    }
                } else {
                    Files.createDirectory(tmp);
                    for (Map.Entry<String, byte[]> e : files.entrySet()) {
                        Files.write(tmp.resolve(e.getKey()), e.getValue());
                    }
                }
            });
        } catch (FileFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new FileFormatException(target, "cannot be written", e);
        }
    }

    private static Map<String, byte[]> serialize(ModelFiles model) throws FileFormatException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            files.put(CONFIG, JSON.writeValueAsBytes(model.config()));
            for (Map.Entry<ModelFiles.Kind, SortedMap<String, TensorData>> e : model.weights().entrySet()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Safetensors.write(out, new Safetensors.Content(e.getValue(),
                        Map.of(FORMAT_VERSION_KEY, Integer.toString(FORMAT_VERSION), "format", "jcare")));
                files.put(e.getKey().fileName(), out.toByteArray());
            }
            if (model.normalization().isPresent()) {
                files.put(NORMALIZATION, JSON.writeValueAsBytes(model.normalization().get()));
            }
            if (model.trainingState().isPresent()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Safetensors.write(out, model.trainingState().get());
                files.put(TRAINING_STATE, out.toByteArray());
            }
            if (model.historyCsv().isPresent()) {
                files.put(HISTORY, model.historyCsv().get().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new FileFormatException(Path.of(CONFIG), "cannot be serialized", e);
        }
        return files;
    }

    private static ObjectNode jsonObject(Path file, byte[] bytes) throws FileFormatException {
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new FileFormatException(file, "is not valid JSON", e);
        }
        if (n == null || !n.isObject()) {
            throw new FileFormatException(file, "is not a JSON object");
        }
        return (ObjectNode) n;
    }

    private static Map<String, byte[]> readFolder(Path dir) throws FileFormatException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : MODEL_FILES) {
            Path f = dir.resolve(name);
            if (Files.isRegularFile(f)) {
                try {
                    files.put(name, Files.readAllBytes(f));
                } catch (IOException e) {
                    throw new FileFormatException(f, "cannot be read", e);
                }
            }
        }
        return files;
    }

    /** The most a zip entry of a text file (config, history, normalization) may inflate to. */
    static final long MAX_TEXT_BYTES = 16L << 20;

    /**
     * The inflated bytes of one zip entry, never more than its kind can hold: 16 MiB for the text files (a config
     * is a few kB; a zip whose config.json inflates to gigabytes is corrupt or hostile), the free Java heap and 2 GiB
     * for weights. The size the entry declares is not trusted: inflation stops at the limit.
     */
    private static byte[] readBounded(Path zipFile, ZipFile z, ZipEntry e, String base) throws IOException {
        boolean text = !base.endsWith(".safetensors");
        long limit = text ? MAX_TEXT_BYTES : Integer.MAX_VALUE - 8L;
        if (e.getSize() > limit) {
            throw new FileFormatException(zipFile, "holds " + base + " of " + e.getSize() + " bytes, more than a model's "
                    + base + " can be (" + limit + "); the zip is corrupt or not a jcare model");
        }
        if (!text && e.getSize() > 0) {
            org.jcare.io.image.NotEnoughMemoryException.require(zipFile + " (" + base + ")", e.getSize());
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(
                (int) Math.min(Math.max(e.getSize(), 0), 1 << 20));
        byte[] buf = new byte[65536];
        long total = 0;
        try (InputStream in = z.getInputStream(e)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > limit) {
                    throw new FileFormatException(zipFile, base + " inflates to more than " + limit + " bytes, more"
                            + " than a model's " + base + " can be; the zip is corrupt or not a jcare model");
                }
                if (!text && total >> 24 != (total - n) >> 24) {
                    // every 16 MiB: the buffer doubles as it grows, so check before the heap runs out
                    org.jcare.io.image.NotEnoughMemoryException.require(zipFile + " (" + base + ")", 2 * total);
                }
                out.write(buf, 0, n);
            }
        }
        return out.toByteArray();
    }

    /** The model files of a zip, found at its root or in its single top folder. */
    private static Map<String, byte[]> readZip(Path zipFile) throws FileFormatException {
        if (!Files.isRegularFile(zipFile)) {
            throw new FileFormatException(zipFile, Files.exists(zipFile) ? "is neither a folder nor a file"
                    : "does not exist");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zipFile.toFile())) {
            Enumeration<? extends ZipEntry> entries = z.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                String name = e.getName();
                String base = name.substring(name.lastIndexOf('/') + 1);
                // Only the model's own files, at the root or in one folder: a zip may carry other things.
                if (name.chars().filter(c -> c == '/').count() > 1 || name.startsWith("__MACOSX")
                        || !MODEL_FILES.contains(base)) {
                    continue;
                }
                if (files.containsKey(base)) {
                    throw new FileFormatException(zipFile, "holds " + base + " twice; zip one model folder");
                }
                files.put(base, readBounded(zipFile, z, e, base));
            }
        } catch (FileFormatException e) {
            throw e;
        } catch (ZipException e) {
            throw new FileFormatException(zipFile, "is not a model folder or zip (not a readable zip file)", e);
        } catch (IOException e) {
            throw new FileFormatException(zipFile, "cannot be read", e);
        }
        return files;
    }
}
