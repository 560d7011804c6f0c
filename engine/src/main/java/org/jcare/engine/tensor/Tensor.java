package org.jcare.engine.tensor;

import org.jcare.engine.Engine;
import org.jcare.engine.autograd.Parameter;
import org.jcare.engine.cl.ClBuffer;

/**
 * A float32 tensor resident on the device, in the layout of its {@link Shape}. Created through an
 * {@link Engine}; closing returns pooled memory to the pool (idempotent, never throws). Views (reshapes,
 * parameters in the flat buffer) do not own memory.
 */
public final class Tensor implements AutoCloseable {
    /** Who frees the memory behind a tensor. */
    public enum Ownership {
        /** From the engine's buffer pool; returned to it on close. */
        POOLED,
        /** A view into memory owned elsewhere; close does nothing to the memory. */
        VIEW
    }

    private final Engine engine;
    private final Shape shape;
    private final ClBuffer buffer;
    private final Ownership ownership;
    private final Parameter parameter;
    private boolean requiresGrad;
    private boolean closed;

    /** Used by {@link Engine}; application code calls {@code engine.empty(shape)} and friends. */
    public Tensor(Engine engine, Shape shape, ClBuffer buffer, Ownership ownership, Parameter parameter) {
        if (buffer.bytes() < shape.bytes()) {
            throw new IllegalArgumentException("buffer of " + buffer.bytes() + " B too small for shape " + shape);
        }
        this.engine = engine;
        this.shape = shape;
        this.buffer = buffer;
        this.ownership = ownership;
        this.parameter = parameter;
        this.requiresGrad = parameter != null;
    }

    /** The engine this tensor lives on. */
    public Engine engine() {
        return engine;
    }

    /** The shape. */
    public Shape shape() {
        return shape;
    }

    /** Number of elements. */
    public long numel() {
        return shape.numel();
    }

    /** The device buffer (possibly larger than the tensor). */
    public ClBuffer buffer() {
        if (closed) {
            throw new IllegalStateException("tensor " + shape + " used after close");
        }
        return buffer;
    }

    /** The trainable parameter this tensor is the value of, or null. */
    public Parameter parameter() {
        return parameter;
    }

    /** True when gradients flow to this tensor (parameters, and results of ops on them). */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks this tensor as needing a gradient (for inputs whose gradient a test wants). */
    public Tensor requiresGrad(boolean value) {
        this.requiresGrad = value;
        return this;
    }

    /** True until closed. */
    public boolean isOpen() {
        return !closed;
    }

    /** Copies the tensor to a new host array (blocking). Fails for tensors over 2^31 - 1 elements. */
    public float[] toArray() {
        long n = numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("tensor " + shape + " has " + n + " elements, too many for one array: read it in parts");
        }
        float[] out = new float[(int) n];
        if (n > 0) {
            engine.cl().read(buffer(), 0, out);
        }
        return out;
    }

    /** Copies the tensor into {@code out}, which holds exactly {@link #numel()} values (blocking); returns it. */
    public float[] copyTo(float[] out) {
        if (out.length != numel()) {
            throw new IllegalArgumentException("copy of tensor " + shape + " (" + numel() + " values) into an array of "
                    + out.length);
        }
        if (out.length > 0) {
            engine.cl().read(buffer(), 0, out);
        }
        return out;
    }

    /** Copies {@code data} (exactly {@link #numel()} values) into the tensor (blocking). */
    public Tensor copyFrom(float[] data) {
        if (data.length != numel()) {
            throw new IllegalArgumentException("copy of " + data.length + " values into tensor " + shape + " of " + numel());
        }
        if (data.length > 0) {
            engine.cl().write(buffer(), 0, data);
        }
        return this;
    }

    /** A view with another shape of the same element count; shares memory and does not own it. */
    public Tensor reshape(Shape newShape) {
        if (newShape.numel() != numel()) {
            throw new IllegalArgumentException("reshape " + shape + " -> " + newShape + ": element counts differ");
        }
        Tensor view = new Tensor(engine, newShape, buffer(), Ownership.VIEW, null);
        view.requiresGrad = false;
        return view;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ownership == Ownership.POOLED) {
            engine.pool().release(buffer);
        }
    }

    @Override
    public String toString() {
        return "Tensor" + shape + (parameter != null ? "(" + parameter.name() + ")" : "");
    }
}
