package org.jcare.training.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jcare.engine.autograd.Parameter;
import org.jcare.engine.autograd.ParameterSet;
import org.jcare.io.model.TensorData;

/**
 * Moves weights between a network's flat parameters and named tensors ({@code <layer>.weight|.bias}, convolution
 * weights {@code [out, in, (d,) h, w]}), the layout of {@code weights.safetensors} (DESIGN decision 9).
 */
public final class Weights {
    private Weights() {
    }

    /** Every parameter as a named tensor (read from the device). */
    public static SortedMap<String, TensorData> read(ParameterSet params) {
        float[] flat = params.readValues();
        SortedMap<String, TensorData> out = new TreeMap<>();
        for (Parameter p : params.list()) {
            int off = (int) p.offset();
            out.put(p.name(), new TensorData(p.shape().dims(),
                    Arrays.copyOfRange(flat, off, off + (int) p.shape().numel())));
        }
        return out;
    }

    /**
     * Loads named tensors into the parameters; every parameter must be present with its exact shape and no tensor
     * may be left over. All mismatches are reported at once.
     */
    public static void write(ParameterSet params, Map<String, TensorData> tensors, String source) {
        List<String> problems = new ArrayList<>();
        float[] flat = new float[Math.toIntExact(params.flatLength())];
        for (Parameter p : params.list()) {
            TensorData t = tensors.get(p.name());
            if (t == null) {
                problems.add("missing tensor " + p.name() + " " + p.shape());
            } else if (!Arrays.equals(t.shape(), p.shape().dims())) {
                problems.add("tensor " + p.name() + " has shape " + Arrays.toString(t.shape()) + ", the network needs "
                        + p.shape());
            } else {
                System.arraycopy(t.values(), 0, flat, (int) p.offset(), t.values().length);
            }
        }
        for (String name : tensors.keySet()) {
            if (params.list().stream().noneMatch(p -> p.name().equals(name))) {
                problems.add("unexpected tensor " + name);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(source + " does not fit the network described by its config: "
                    + String.join("; ", problems));
        }
        params.writeValues(flat);
    }
}
