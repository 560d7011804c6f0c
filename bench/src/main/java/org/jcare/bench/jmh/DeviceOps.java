package org.jcare.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Tensor;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every op microbenchmark shares: the JMH run settings (average time per invocation, one fork, short warm-up
 * and measurement, since each invocation ends with a queue finish and so measures device time plus one launch),
 * the workload size, the device, and the engine on it (JMH wants {@code @Param} fields in a {@code @State}
 * class, so the base is one too).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public abstract class DeviceOps {
    /** tiny, cpu or gpu ({@link OpWorkloads}). */
    @Param({"tiny"})
    public String size;
    /** Device spec; blank = JCARE_DEVICE, else the first GPU. */
    @Param({""})
    public String device;

    /** The engine on {@link #device}, open between the trial's setup and tear-down. */
    protected Engine engine;

    /** Opens {@link #engine} on the chosen device; the first thing a setup does. */
    protected void openEngine() {
        engine = Engine.open(device.isBlank() ? null : device);
    }

    /** Frees the trial's tensors, then closes {@link #engine}; the last thing a tear-down does. */
    protected void closeEngine(Tensor... tensors) {
        for (Tensor t : tensors) {
            t.close();
        }
        engine.close();
    }
}
