package org.jcare.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.optim.AdamKernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** One Adam step over the flat parameters of the CARE 3D U-Net: one launch and a queue finish. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class AdamOps {
    /** tiny, cpu or gpu. */
    @Param({"tiny"})
    public String size;
    /** Device spec; blank = JCARE_DEVICE, else the first GPU. */
    @Param({""})
    public String device;

    private Engine engine;
    private AdamKernels kernels;
    private long n;
    private Tensor p;
    private Tensor m;
    private Tensor v;
    private Tensor g;

    /** Opens the device and allocates the flat buffers. */
    @Setup(Level.Trial)
    public void setup() {
        engine = Engine.open(device.isBlank() ? null : device);
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
        for (Tensor t : new Tensor[] {p, m, v, g}) {
            t.close();
        }
        engine.close();
    }

    /** p, m, v updated in place (small learning rate: the values stay finite however long JMH runs). */
    @Benchmark
    public void step() {
        kernels.step(p.buffer(), m.buffer(), v.buffer(), g.buffer(), n, 1e-6f, 0.9f, 0.999f, 0.1f, 0.001f, 1e-7f);
        engine.cl().finish();
    }
}
