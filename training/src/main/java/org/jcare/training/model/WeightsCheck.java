package org.jcare.training.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jcare.io.model.TensorData;

/**
 * Checks a weights file against the network its config describes on the host, before the network is built: the
 * tensor names and shapes {@link UNet} would create (so an edited config such as depth 9 with 100000 first filters
 * fails on the shapes instead of allocating gigabytes first), and that every value is finite (a NaN weight turns
 * every restoration into NaN).
 */
public final class WeightsCheck {
    private static final int LISTED = 4;

    private WeightsCheck() {
    }

    /** The tensor names and shapes of the U-Net of {@code spec}, in {@link UNet}'s layout. */
    public static SortedMap<String, long[]> shapes(UNetSpec spec) {
        SortedMap<String, long[]> out = new TreeMap<>();
        int[] ks = spec.kernelSize();
        int channels = spec.channelsIn();
        for (int n = 0; n < spec.depth(); n++) {
            layer(out, "down_level_" + n + "_no_0", channels, spec.filters(n), ks);
            layer(out, "down_level_" + n + "_no_1", spec.filters(n), spec.filters(n), ks);
            channels = spec.filters(n);
        }
        layer(out, "middle_0", channels, spec.filters(spec.depth()), ks);
        layer(out, "middle_2", spec.filters(spec.depth()), spec.filters(Math.max(0, spec.depth() - 1)), ks);
        channels = spec.filters(Math.max(0, spec.depth() - 1));
        for (int n = spec.depth() - 1; n >= 0; n--) {
            layer(out, "up_level_" + n + "_no_0", channels + spec.filters(n), spec.filters(n), ks);
            layer(out, "up_level_" + n + "_no_2", spec.filters(n), spec.filters(Math.max(0, n - 1)), ks);
            channels = spec.filters(Math.max(0, n - 1));
        }
        int[] one = new int[spec.nDim()];
        Arrays.fill(one, 1);
        layer(out, "head", channels, spec.channelsOut(), one);
        if (spec.probabilistic()) {
            layer(out, "head_scale", channels, spec.channelsOut(), one);
        }
        return out;
    }

    private static void layer(Map<String, long[]> out, String name, long in, long outChannels, int[] kernel) {
        long[] dims = new long[2 + kernel.length];
        dims[0] = outChannels;
        dims[1] = in;
        for (int i = 0; i < kernel.length; i++) {
            dims[2 + i] = kernel[i];
        }
        out.put(name + ".weight", dims);
        out.put(name + ".bias", new long[] {outChannels});
    }

    /**
     * What keeps {@code tensors} from being the weights of {@code expected} (names and shapes), or null when they fit.
     * Every mismatch is named (the first few of each kind).
     */
    public static String mismatch(SortedMap<String, long[]> expected, Map<String, TensorData> tensors) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            TensorData t = tensors.get(e.getKey());
            if (t == null) {
                problems.add("missing tensor " + e.getKey() + " " + Arrays.toString(e.getValue()));
            } else if (!Arrays.equals(t.shape(), e.getValue())) {
                problems.add("tensor " + e.getKey() + " has shape " + Arrays.toString(t.shape()) + ", the config needs "
                        + Arrays.toString(e.getValue()));
            }
        }
        for (String name : tensors.keySet()) {
            if (!expected.containsKey(name)) {
                problems.add("unexpected tensor " + name);
            }
        }
        if (problems.isEmpty()) {
            return null;
        }
        String more = problems.size() > LISTED ? "; and " + (problems.size() - LISTED) + " more" : "";
        return String.join("; ", problems.subList(0, Math.min(LISTED, problems.size()))) + more;
    }

    /** The first non-finite value of {@code tensors} in words (tensor, index, count), or null when all are finite. */
    public static String nonFinite(Map<String, TensorData> tensors) {
        long count = 0;
        String first = null;
        for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
            float[] v = e.getValue().values();
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) {
                    if (first == null) {
                        first = e.getKey() + "[" + i + "] = " + v[i];
                    }
                    count++;
                }
            }
        }
        return count == 0 ? null : count + " non-finite weight" + (count == 1 ? "" : "s") + " (first: " + first + ")";
    }
}
