package org.jcare.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jcare.engine.autograd.Tape;
import org.jcare.engine.cl.BinaryCache;
import org.jcare.engine.cl.ClContext;
import org.jcare.engine.cl.DeviceInfo;
import org.jcare.engine.cl.DeviceSelector;
import org.jcare.engine.cl.Devices;
import org.jcare.engine.tensor.BufferPool;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.engine.tensor.TensorKernels;

/**
 * The compute engine on one device: the OpenCL context, the buffer pool, the scope stack that owns
 * temporaries, the autograd tape and the precision setting. Everything that computes takes an engine
 * explicitly; there is no global state. Driven by one thread at a time.
 *
 * <pre>{@code
 * try (Engine engine = Engine.open("gpu");
 *      Scope scope = engine.scope()) {
 *     Tensor x = engine.tensor(Shape.of(1, 1, 64, 64), pixels);
 *     ...
 * }
 * }</pre>
 */
public final class Engine implements AutoCloseable {
    private final ClContext cl;
    private final BufferPool pool;
    private final TensorKernels tensorKernels;
    private final Tape tape;
    private final Deque<Scope> scopes = new ArrayDeque<>();
    private final Map<Class<?>, Object> services = new HashMap<>();
    private Precision precision = Precision.FP32;

    private Engine(ClContext cl) {
        this.cl = cl;
        this.pool = new BufferPool(cl);
        this.tensorKernels = new TensorKernels(cl);
        this.tape = new Tape(this);
    }

    /**
     * Opens an engine on the device that {@code deviceSpec} names (index, {@code gpu}, {@code cpu} or part of a
     * name); null or blank uses {@code JCARE_DEVICE}, else the first GPU, else the first CPU.
     */
    public static Engine open(String deviceSpec) {
        List<DeviceInfo> devices = Devices.list();
        return open(DeviceSelector.select(devices, DeviceSelector.effectiveSpec(deviceSpec)));
    }

    /** Opens an engine on {@code device} with the binary cache from the environment. */
    public static Engine open(DeviceInfo device) {
        return new Engine(ClContext.create(device));
    }

    /** Opens an engine on {@code device} with an explicit binary cache. */
    public static Engine open(DeviceInfo device, BinaryCache cache) {
        return new Engine(ClContext.create(device, cache));
    }

    /** The OpenCL context. */
    public ClContext cl() {
        return cl;
    }

    /** The device. */
    public DeviceInfo device() {
        return cl.device();
    }

    /** The buffer pool every tensor comes from. */
    public BufferPool pool() {
        return pool;
    }

    /** The autograd tape. */
    public Tape tape() {
        return tape;
    }

    /** The engine's own elementwise kernels. */
    public TensorKernels tensorKernels() {
        return tensorKernels;
    }

    /**
     * The engine's one instance of {@code type}, created by {@code factory} on first use: for kernel launchers
     * that remember their built programs, so that an op call does not reload and rehash its kernel sources.
     */
    public <T> T service(Class<T> type, Function<Engine, T> factory) {
        Object s = services.get(type);
        if (s == null) {
            s = factory.apply(this);
            services.put(type, s);
        }
        return type.cast(s);
    }

    /** The convolution precision setting. */
    public Precision precision() {
        return precision;
    }

    /** Changes the convolution precision setting. */
    public void precision(Precision precision) {
        this.precision = precision;
    }

    /** Opens a scope that owns every tensor created until it is closed (scopes nest). */
    public Scope scope() {
        Scope[] self = new Scope[1];
        self[0] = new Scope(() -> scopes.remove(self[0]));
        scopes.push(self[0]);
        return self[0];
    }

    /** Turns gradient recording off until the returned object is closed. */
    public Tape.NoGrad noGrad() {
        return tape.noGrad();
    }

    /** An uninitialized tensor from the pool, owned by the innermost scope if one is open. */
    public Tensor empty(Shape shape) {
        Tensor t = new Tensor(this, shape, pool.acquire(Math.max(4, shape.bytes())), Tensor.Ownership.POOLED, null);
        Scope s = scopes.peek();
        if (s != null) {
            s.own(t);
        }
        return t;
    }

    /** A tensor filled with {@code value}. */
    public Tensor full(Shape shape, float value) {
        Tensor t = empty(shape);
        tensorKernels.fill(t.buffer(), value, shape.numel());
        return t;
    }

    /** A tensor of zeros. */
    public Tensor zeros(Shape shape) {
        return full(shape, 0f);
    }

    /** A tensor holding a copy of {@code data}. */
    public Tensor tensor(Shape shape, float[] data) {
        return empty(shape).copyFrom(data);
    }

    /** {@code dst += src}, elementwise, shapes equal in element count. */
    public void accumulate(Tensor dst, Tensor src) {
        if (dst.numel() != src.numel()) {
            throw new IllegalArgumentException("accumulate " + src.shape() + " into " + dst.shape());
        }
        tensorKernels.accumulate(dst.buffer(), src.buffer(), dst.numel());
    }

    @Override
    public void close() {
        while (!scopes.isEmpty()) {
            scopes.peek().close();
        }
        services.clear();
        pool.close();
        cl.close();
    }
}
