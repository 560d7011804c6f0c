package org.jcare.engine.autograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jcare.engine.Engine;
import org.jcare.engine.cl.ClBuffer;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;

/**
 * All trainable parameters of a model in one flat device buffer, and their gradients in a second one of the
 * same layout (DESIGN decision 5): zeroing the gradients and the optimizer update are one launch each. Every
 * parameter starts at an offset aligned to the device's sub-buffer alignment; the gaps stay zero.
 * Declare parameters with {@link #add}, then {@link #allocate()} once.
 */
public final class ParameterSet implements AutoCloseable {
    private final Engine engine;
    private final Map<String, Parameter> byName = new LinkedHashMap<>();
    private final List<ClBuffer> views = new ArrayList<>();
    private long flatLength;
    private ClBuffer values;
    private ClBuffer grads;

    /** An empty set on {@code engine}. */
    public ParameterSet(Engine engine) {
        this.engine = engine;
    }

    /** Declares a parameter; names must be unique and the set not yet allocated. */
    public Parameter add(String name, Shape shape) {
        if (values != null) {
            throw new IllegalStateException("parameter " + name + " added after allocate()");
        }
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException("parameter name " + name + " used twice");
        }
        long align = Math.max(16, engine.device().baseAddrAlignBytes() / 4L);
        long offset = (flatLength + align - 1) / align * align;
        Parameter p = new Parameter(name, shape, offset);
        byName.put(name, p);
        flatLength = offset + shape.numel();
        return p;
    }

    /** Allocates the value and gradient buffers (zero-filled) and binds every parameter's views. */
    public ParameterSet allocate() {
        if (values != null) {
            throw new IllegalStateException("ParameterSet allocated twice");
        }
        long align = Math.max(16, engine.device().baseAddrAlignBytes() / 4L);
        flatLength = Math.max(align, (flatLength + align - 1) / align * align);
        values = engine.cl().allocate(flatLength * 4);
        grads = engine.cl().allocate(flatLength * 4);
        engine.tensorKernels().fill(values, 0f, flatLength);
        engine.tensorKernels().fill(grads, 0f, flatLength);
        for (Parameter p : byName.values()) {
            long bytes = p.shape().bytes();
            ClBuffer v = values.subBuffer(p.offset() * 4, bytes);
            ClBuffer g = grads.subBuffer(p.offset() * 4, bytes);
            views.add(v);
            views.add(g);
            p.bind(new Tensor(engine, p.shape(), v, Tensor.Ownership.VIEW, p),
                    new Tensor(engine, p.shape(), g, Tensor.Ownership.VIEW, null));
        }
        return this;
    }

    /** Parameters in declaration order. */
    public List<Parameter> list() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    /** The parameter named {@code name}. */
    public Parameter get(String name) {
        Parameter p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named " + name + "; have " + byName.keySet());
        }
        return p;
    }

    /** Number of trainable scalars (without alignment gaps). */
    public long count() {
        long n = 0;
        for (Parameter p : byName.values()) {
            n += p.shape().numel();
        }
        return n;
    }

    /** Length of the flat buffers in floats, gaps included. */
    public long flatLength() {
        return flatLength;
    }

    /** The flat value buffer. */
    public ClBuffer values() {
        requireAllocated();
        return values;
    }

    /** The flat gradient buffer. */
    public ClBuffer grads() {
        requireAllocated();
        return grads;
    }

    /** Sets every gradient to zero in one launch. */
    public void zeroGrad() {
        requireAllocated();
        engine.tensorKernels().fill(grads, 0f, flatLength);
    }

    /** The whole flat value buffer (gaps included), for checkpoints. */
    public float[] readValues() {
        requireAllocated();
        float[] out = new float[Math.toIntExact(flatLength)];
        engine.cl().read(values, 0, out);
        return out;
    }

    /** Restores a flat value buffer read by {@link #readValues()}. */
    public void writeValues(float[] flat) {
        requireAllocated();
        if (flat.length != flatLength) {
            throw new IllegalArgumentException("flat parameter array of " + flat.length + " floats, expected " + flatLength);
        }
        engine.cl().write(values, 0, flat);
    }

    /** The whole flat gradient buffer. */
    public float[] readGrads() {
        requireAllocated();
        float[] out = new float[Math.toIntExact(flatLength)];
        engine.cl().read(grads, 0, out);
        return out;
    }

    private void requireAllocated() {
        if (values == null) {
            throw new IllegalStateException("ParameterSet used before allocate()");
        }
    }

    @Override
    public void close() {
        views.forEach(ClBuffer::close);
        views.clear();
        if (values != null) {
            values.close();
            grads.close();
        }
    }
}
