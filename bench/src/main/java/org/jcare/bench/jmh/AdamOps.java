package org.jcare.bench.jmh;

import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.optim.AdamKernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One Adam step over the flat parameters of the CARE 3D U-Net: one launch and a queue finish. */
@State(Scope.Benchmark)
public class AdamOps extends DeviceOps {
    private AdamKernels kernels;
    private long n;
    private Tensor p;
    private Tensor m;
    private Tensor v;
    private Tensor g;

    /** Opens the device and allocates the flat buffers. */
    @Setup(Level.Trial)
    public void setup() {
        openEngine();
        kernels = AdamKernels.on(engine);
        n = OpWorkloads.adamParameters(size);
        p = engine.full(Shape.of(n), 0.1f);
        m = engine.zeros(Shape.of(n));
        v = engine.zeros(Shape.of(n));
        g = engine.full(Shape.of(n), 1e-3f);
        engine.cl().finish();
    }

    /** Frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        closeEngine(p, m, v, g);
    }

    /** p, m, v updated in place (small learning rate: the values stay finite however long JMH runs). */
    @Benchmark
    public void step() {
        kernels.step(p.buffer(), m.buffer(), v.buffer(), g.buffer(), n, 1e-6f, 0.9f, 0.999f, 0.1f, 0.001f, 1e-7f);
        engine.cl().finish();
    }
}
