package org.jcare.engine.autograd;

import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;

/**
 * A trainable tensor: a named view into the flat parameter buffer, with its gradient a view at the same
 * offset of the flat gradient buffer.
 */
public final class Parameter {
    private final String name;
    private final Shape shape;
    private final long offset;
    private Tensor value;
    private Tensor grad;

    Parameter(String name, Shape shape, long offset) {
        this.name = name;
        this.shape = shape;
        this.offset = offset;
    }

    /** Name, for example {@code down_level_0_no_0.weight}. */
    public String name() {
        return name;
    }

    /** Shape, for convolution weights {@code [out, in, (d,) h, w]}. */
    public Shape shape() {
        return shape;
    }

    /** Offset in floats into the flat buffers. */
    public long offset() {
        return offset;
    }

    /** The value (a view into the flat parameter buffer). */
    public Tensor value() {
        if (value == null) {
            throw new IllegalStateException("parameter " + name + " used before its ParameterSet was allocated");
        }
        return value;
    }

    /** The gradient (a view into the flat gradient buffer). */
    public Tensor grad() {
        if (grad == null) {
            throw new IllegalStateException("parameter " + name + " used before its ParameterSet was allocated");
        }
        return grad;
    }

    void bind(Tensor value, Tensor grad) {
        this.value = value;
        this.grad = grad;
    }
}
