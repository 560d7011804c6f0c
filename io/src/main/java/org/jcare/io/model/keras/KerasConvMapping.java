package org.jcare.io.model.keras;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jcare.io.FileFormatException;
import org.jcare.io.model.TensorData;
import org.jcare.io.model.UNetLayout;

/**
 * Maps the convolutions of a Keras weights file onto jcare's tensors: Keras kernels {@code [k..., in, out]} become
 * {@code [out, in, k...]}, biases stay {@code [out]}.
 *
 * <p>Which Keras layer is which: CSBDeep names the U-Net's layers ({@code down_level_0_no_0}, {@code middle_2},
 * {@code up_level_1_no_2}, ...), so those map by name; the 1x1 heads and ProjectionCARE's projection layers are
 * unnamed ({@code conv2d}, {@code conv2d_1}, {@code conv3d_4}), so those map by construction order, which is the
 * order of Keras's automatic name suffixes (no suffix = 0, then _1, _2, ...) and, where the names carry no suffix
 * order, the order of the file. Every expected layer must be found with exactly the expected shape, and no
 * convolution may be left over; errors name the HDF5 dataset and what the config needs instead.
 */
public final class KerasConvMapping {
    private static final Pattern AUTO_NAME = Pattern.compile("conv[23]d(?:_(\\d+))?");

    private KerasConvMapping() {
    }

    /**
     * A convolution of the file: its kernel and bias weights.
     *
     * @param kerasLayer the Keras layer name
     * @param kernel     the kernel weight
     * @param bias       the bias weight
     * @param order      its position among the file's convolutions
     */
    public record KerasConv(String kerasLayer, KerasWeightsFile.Weight kernel, KerasWeightsFile.Weight bias, int order) {
        /** Spatial rank of the kernel. */
        int rank() {
            return kernel.shape().length - 2;
        }
    }

    /**
     * Groups the file's weights into convolutions (kernel followed by bias, per Keras layer).
     *
     * @throws FileFormatException naming the dataset when a weight is not a convolution's kernel or bias
     */
    public static List<KerasConv> convolutions(KerasWeightsFile.Content content) throws FileFormatException {
        Map<String, KerasWeightsFile.Weight[]> byLayer = new LinkedHashMap<>();
        for (KerasWeightsFile.Weight w : content.weights()) {
            // nested models repeat layer names only if the user built them so; keep the outer entry in the key
            String key = w.layer() + "\u0000" + w.kerasLayer();
            KerasWeightsFile.Weight[] kb = byLayer.computeIfAbsent(key, k -> new KerasWeightsFile.Weight[2]);
            switch (w.variable()) {
                case "kernel" -> kb[0] = w;
                case "bias" -> kb[1] = w;
                default -> throw new FileFormatException(content.file(), "dataset " + w.datasetPath() + " ("
                        + w.variable() + ") is not a convolution kernel or bias: a CARE network has no other weights"
                        + " (batch normalization and similar layers are not part of CSBDeep's CARE)");
            }
        }
        List<KerasConv> out = new ArrayList<>();
        for (KerasWeightsFile.Weight[] kb : byLayer.values()) {
            KerasWeightsFile.Weight any = kb[0] != null ? kb[0] : kb[1];
            if (kb[0] == null || kb[1] == null) {
                throw new FileFormatException(content.file(), "layer " + any.kerasLayer() + " has "
                        + (kb[0] == null ? "a bias but no kernel" : "a kernel but no bias") + " (" + any.datasetPath()
                        + "); CARE convolutions have both");
            }
            if (kb[0].shape().length < 4 || kb[1].shape().length != 1) {
                throw new FileFormatException(content.file(), "dataset " + kb[0].datasetPath() + " has shape "
                        + Arrays.toString(kb[0].shape()) + ", not a 2D or 3D convolution kernel [k..., in, out]");
            }
            out.add(new KerasConv(any.kerasLayer(), kb[0], kb[1], out.size()));
        }
        return out;
    }

    /**
     * Maps {@code convs} onto {@code expected}: CSBDeep-named layers by name, the others in automatic-name order.
     *
     * @param file     the weights file, for messages
     * @param convs    the file's convolutions (all of them must be used)
     * @param expected the layers the config describes, in construction order
     * @param config   a description of what the config describes, for messages
     * @return jcare tensors {@code <name>.weight} and {@code <name>.bias}
     * @throws FileFormatException naming the dataset or the layer that does not fit
     */
    public static SortedMap<String, TensorData> map(Path file, List<KerasConv> convs, List<UNetLayout.Conv> expected,
                                                    String config) throws FileFormatException {
        Map<String, KerasConv> named = new LinkedHashMap<>();
        List<KerasConv> unnamed = new ArrayList<>();
        java.util.Set<String> expectedNames = new java.util.HashSet<>();
        expected.forEach(c -> expectedNames.add(c.name()));
        for (KerasConv c : convs) {
            if (expectedNames.contains(c.kerasLayer()) && !named.containsKey(c.kerasLayer())) {
                named.put(c.kerasLayer(), c);
            } else {
                unnamed.add(c);
            }
        }
        unnamed.sort(Comparator.comparingInt((KerasConv c) -> autoIndex(c.kerasLayer())).thenComparingInt(KerasConv::order));
        // assign first, so that a file of another architecture is reported as such rather than by its first shape
        Map<UNetLayout.Conv, KerasConv> assigned = new LinkedHashMap<>();
        int next = 0;
        List<String> missing = new ArrayList<>();
        for (UNetLayout.Conv e : expected) {
            KerasConv c = named.get(e.name());
            if (c == null && next < unnamed.size() && !isCsbdeepName(e.name())) {
                c = unnamed.get(next++);
            }
            if (c == null) {
                missing.add(e.name());
            } else {
                assigned.put(e, c);
            }
        }
        if (!missing.isEmpty() || next < unnamed.size()) {
            List<String> extra = unnamed.subList(next, unnamed.size()).stream()
                    .map(c -> c.kerasLayer() + " (" + c.kernel().datasetPath() + ")").toList();
            throw new FileFormatException(file, "does not hold the layers that config.json describes (" + config + ")"
                    + (missing.isEmpty() ? "" : ": missing " + String.join(", ", missing))
                    + (extra.isEmpty() ? "" : ": left over " + String.join(", ", extra))
                    + "; the config and the weights belong to different models");
        }
        SortedMap<String, TensorData> out = new TreeMap<>();
        for (Map.Entry<UNetLayout.Conv, KerasConv> a : assigned.entrySet()) {
            UNetLayout.Conv e = a.getKey();
            out.put(e.name() + ".weight", kernel(file, a.getValue(), e, config));
            out.put(e.name() + ".bias", bias(file, a.getValue(), e, config));
        }
        return out;
    }

    /** Keras's automatic suffix: conv2d = 0, conv2d_3 = 3; other names sort after, in file order. */
    static int autoIndex(String kerasLayer) {
        Matcher m = AUTO_NAME.matcher(kerasLayer);
        if (!m.matches()) {
            return Integer.MAX_VALUE;
        }
        return m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
    }

    private static boolean isCsbdeepName(String name) {
        return name.startsWith("down_level_") || name.startsWith("up_level_") || name.startsWith("middle_");
    }

    private static TensorData kernel(Path file, KerasConv c, UNetLayout.Conv e, String config)
            throws FileFormatException {
        long[] want = e.kerasShape();
        long[] got = c.kernel().shape();
        if (!Arrays.equals(want, got)) {
            throw new FileFormatException(file, "dataset " + c.kernel().datasetPath() + " has shape "
                    + Arrays.toString(got) + ", but config.json (" + config + ") needs " + Arrays.toString(want)
                    + " [k..., in, out] for layer " + e.name() + "; the config and the weights belong to different"
                    + " models");
        }
        return new TensorData(e.weightShape(), toOutInK(c.kernel().values(), e));
    }

    private static TensorData bias(Path file, KerasConv c, UNetLayout.Conv e, String config)
            throws FileFormatException {
        long[] got = c.bias().shape();
        if (got.length != 1 || got[0] != e.out()) {
            throw new FileFormatException(file, "dataset " + c.bias().datasetPath() + " has shape "
                    + Arrays.toString(got) + ", but config.json (" + config + ") needs [" + e.out() + "] for layer "
                    + e.name());
        }
        return new TensorData(new long[] {e.out()}, c.bias().values().clone());
    }

    /**
     * Keras {@code [k..., in, out]} to jcare {@code [out, in, k...]}: element (k, i, o) moves from
     * {@code (k * in + i) * out + o} to {@code (o * in + i) * K + k}, with k the flat index over the kernel's
     * spatial positions (both layouts keep the spatial axes in the same order, C order).
     */
    public static float[] toOutInK(float[] keras, UNetLayout.Conv e) {
        int in = e.in();
        int outCh = e.out();
        int k = 1;
        for (int s : e.kernel()) {
            k *= s;
        }
        float[] out = new float[keras.length];
        for (int p = 0; p < k; p++) {
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < outCh; o++) {
                    out[(o * in + i) * k + p] = keras[(p * in + i) * outCh + o];
                }
            }
        }
        return out;
    }

    /** The inverse of {@link #toOutInK}: jcare {@code [out, in, k...]} to Keras {@code [k..., in, out]}. */
    public static float[] toKerasLayout(float[] jcare, UNetLayout.Conv e) {
        int in = e.in();
        int outCh = e.out();
        int k = 1;
        for (int s : e.kernel()) {
            k *= s;
        }
        float[] out = new float[jcare.length];
        for (int p = 0; p < k; p++) {
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < outCh; o++) {
                    out[(p * in + i) * outCh + o] = jcare[(o * in + i) * k + p];
                }
            }
        }
        return out;
    }
}
