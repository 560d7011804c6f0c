package org.jcare.io.model.keras;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jcare.io.FileFormatException;

/**
 * Reads the weights of a Keras HDF5 weights file ({@code model.save_weights('x.h5')}, as CSBDeep writes
 * {@code weights_best.h5} and {@code weights_last.h5}) in the order Keras loads them.
 *
 * <p>The layouts read (CARE-MODES.md section 6.2): Keras 2 / tf.keras ({@code save_weights_to_hdf5_group}: root
 * attribute {@code layer_names} in model-layer order, one group per layer with attribute {@code weight_names} such as
 * {@code down_level_0_no_0/kernel:0}, datasets at the weight name's path inside the layer group) and Keras 3's legacy
 * h5 format (the same, weight names without {@code :0}, plus a {@code top_level_model_weights} group). Attributes that
 * Keras split because they were over 64 KiB ({@code layer_names0}, {@code layer_names1}, ...) are joined; a full
 * model file ({@code model.save}) is read from its {@code model_weights} group. A nested model is one entry of
 * {@code layer_names} whose {@code weight_names} list every weight of the inner model, in the inner model's order.
 * A layer without weights has an empty {@code weight_names} list (which h5py stores as an empty float array, and
 * jHDF may return as null).
 *
 * <p>Keras loads by position ({@code load_weights(by_name=False)}): layers with weights, in {@code layer_names}
 * order, are matched to the model's layers with weights. {@link #read} returns the weights in exactly that order.
 */
public final class KerasWeightsFile {
    private KerasWeightsFile() {
    }

    /**
     * One weight of the file.
     *
     * @param layer       the entry of {@code layer_names} it belongs to (a layer, or a nested model)
     * @param weightName  its name in {@code weight_names}, e.g. {@code down_level_0_no_0/kernel:0}
     * @param datasetPath the full HDF5 path of its dataset, for error messages
     * @param shape       Keras's shape (convolution kernels {@code [k..., in, out]})
     * @param values      float32 values in C order
     */
    public record Weight(String layer, String weightName, String datasetPath, long[] shape, float[] values) {
        /** The Keras layer that owns the weight: the path component before the variable name. */
        public String kerasLayer() {
            String[] parts = weightName.split("/");
            return parts.length >= 2 ? parts[parts.length - 2] : layer;
        }

        /** The variable name without the TensorFlow {@code :0} suffix: {@code kernel}, {@code bias}, ... */
        public String variable() {
            String[] parts = weightName.split("/");
            String last = parts[parts.length - 1];
            int colon = last.indexOf(':');
            return colon < 0 ? last : last.substring(0, colon);
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public String toString() {
            return datasetPath + " " + Arrays.toString(shape);
        }
    }

    /**
     * The content of a weights file.
     *
     * @param file         the file
     * @param kerasVersion the {@code keras_version} attribute, or "" when absent
     * @param layerNames   every entry of {@code layer_names}, with or without weights
     * @param weights      the weights in loading order
     */
    public record Content(Path file, String kerasVersion, List<String> layerNames, List<Weight> weights) {
    }

    /**
     * Reads every weight of a Keras HDF5 weights file.
     *
     * @throws FileFormatException naming the file and the attribute or dataset that is missing or not float32
     */
    public static Content read(Path file) throws FileFormatException {
        if (!Files.isRegularFile(file)) {
            throw new FileFormatException(file, "does not exist or is not a file");
        }
        try (HdfFile hdf = new HdfFile(file)) {
            return read(hdf, file);
        } catch (FileFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FileFormatException(file, "is not a readable HDF5 file of Keras weights", e);
        }
    }

    /** Reads a weights file held in memory (for example inside a zip); {@code name} is used in messages. */
    public static Content read(byte[] bytes, Path name) throws FileFormatException {
        try (HdfFile hdf = HdfFile.fromBytes(bytes)) {
            return read(hdf, name);
        } catch (FileFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FileFormatException(name, "is not a readable HDF5 file of Keras weights", e);
        }
    }

    private static Content read(HdfFile hdf, Path file) throws FileFormatException {
        Group root = hdf;
        if (root.getAttribute("layer_names") == null && root.getAttribute("layer_names0") == null
                && root.getChild("model_weights") instanceof Group g) {
            root = g; // a whole model saved with model.save(): the weights are in model_weights
        }
        List<String> layerNames = strings(root, "layer_names", file);
        if (layerNames.isEmpty()) {
            throw new FileFormatException(file, "has no layer_names attribute: it is not a Keras weights file "
                    + "(CSBDeep writes weights_best.h5 and weights_last.h5 with model.save_weights)");
        }
        List<Weight> weights = new ArrayList<>();
        for (String layer : layerNames) {
            Node n = root.getChild(layer);
            if (!(n instanceof Group g)) {
                throw new FileFormatException(file, "lists layer '" + layer + "' in layer_names but has no group "
                        + "/" + layer + "; the file is incomplete");
            }
            for (String w : strings(g, "weight_names", file)) {
                weights.add(weight(g, layer, w, file));
            }
        }
        Attribute version = root.getAttribute("keras_version");
        String kv = version == null ? "" : String.valueOf(scalar(version.getData()));
        return new Content(file, kv, List.copyOf(layerNames), List.copyOf(weights));
    }

    private static Weight weight(Group g, String layer, String name, Path file) throws FileFormatException {
        Node n;
        try {
            n = g.getByPath(name);
        } catch (RuntimeException e) {
            n = null;
        }
        String path = g.getPath() + name;
        if (!(n instanceof Dataset d)) {
            throw new FileFormatException(file, "lists weight '" + name + "' of layer '" + layer + "' but has no "
                    + "dataset " + path);
        }
        Class<?> type = d.getJavaType();
        if (type != float.class && type != double.class) {
            throw new FileFormatException(file, "dataset " + path + " holds " + type.getSimpleName() + ", not float32 "
                    + "weights");
        }
        long[] shape = d.getDimensionsAsLong();
        Object flat = d.isScalar() ? d.getData() : d.getDataFlat();
        float[] values;
        if (flat instanceof float[] f) {
            values = f;
        } else if (flat instanceof double[] dv) {
            values = new float[dv.length];
            for (int i = 0; i < dv.length; i++) {
                values[i] = (float) dv[i];
            }
        } else if (flat instanceof Number num) {
            values = new float[] {num.floatValue()};
        } else {
            throw new FileFormatException(file, "dataset " + path + " cannot be read as float32 weights");
        }
        return new Weight(layer, name, path, shape, values);
    }

    /**
     * A list-of-strings attribute as Keras writes it: {@code name}, or its pieces {@code name0}, {@code name1}, ...;
     * an empty list when absent or empty.
     */
    static List<String> strings(Node node, String name, Path file) throws FileFormatException {
        Attribute a = node.getAttribute(name);
        List<String> out = new ArrayList<>();
        if (a != null) {
            addStrings(a, out, node, file);
            return out;
        }
        for (int i = 0; ; i++) {
            Attribute part = node.getAttribute(name + i);
            if (part == null) {
                return out;
            }
            addStrings(part, out, node, file);
        }
    }

    private static void addStrings(Attribute a, List<String> out, Node node, Path file) throws FileFormatException {
        if (a.isEmpty()) {
            return;
        }
        Object data = a.getData();
        if (data == null) {
            return; // an empty list (h5py writes an empty float array), which jHDF may return as null
        }
        if (data instanceof String s) {
            out.add(s);
            return;
        }
        if (!data.getClass().isArray()) {
            throw new FileFormatException(file, "attribute " + a.getName() + " of " + node.getPath()
                    + " is not a list of names");
        }
        int n = Array.getLength(data);
        for (int i = 0; i < n; i++) {
            Object v = Array.get(data, i);
            if (v instanceof String s) {
                out.add(s);
            } else if (v instanceof byte[] b) {
                out.add(new String(b, java.nio.charset.StandardCharsets.UTF_8));
            } else if (n > 0 && v instanceof Number) {
                // numeric attribute: only an empty list is valid, and that has no elements
                throw new FileFormatException(file, "attribute " + a.getName() + " of " + node.getPath()
                        + " holds numbers, not names");
            }
        }
    }

    private static Object scalar(Object data) {
        return data != null && data.getClass().isArray() && Array.getLength(data) > 0 ? Array.get(data, 0) : data;
    }
}
