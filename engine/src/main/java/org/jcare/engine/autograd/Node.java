package org.jcare.engine.autograd;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.jcare.engine.tensor.Tensor;

/** One recorded op: its name, inputs, outputs, a description of its settings and its backward function. */
public final class Node {
    private final String name;
    private final String detail;
    private final Tensor[] inputs;
    private final Tensor[] outputs;
    private final Function function;

    Node(String name, String detail, Tensor[] inputs, Tensor[] outputs, Function function) {
        this.name = name;
        this.detail = detail == null ? "" : detail;
        this.inputs = inputs;
        this.outputs = outputs;
        this.function = function;
    }

    /** Op name, for example "conv3d". */
    public String name() {
        return name;
    }

    /** Input tensor {@code i}. */
    public Tensor input(int i) {
        return inputs[i];
    }

    /** All inputs. */
    public Tensor[] inputs() {
        return inputs.clone();
    }

    /** All outputs. */
    public Tensor[] outputs() {
        return outputs.clone();
    }

    /** True when input {@code i} needs a gradient. */
    public boolean needsGrad(int i) {
        return inputs[i] != null && inputs[i].requiresGrad();
    }

    Function function() {
        return function;
    }

    /** One line: name, settings, input and output shapes. */
    public String describe() {
        String in = Arrays.stream(inputs).map(t -> t == null ? "-" : t.shape() + (t.parameter() != null ? " " + t.parameter().name() : ""))
                .collect(Collectors.joining(", "));
        String out = Arrays.stream(outputs).map(t -> t.shape().toString()).collect(Collectors.joining(", "));
        return name + (detail.isEmpty() ? "" : "{" + detail + "}") + "(" + in + ") -> " + out;
    }
}
