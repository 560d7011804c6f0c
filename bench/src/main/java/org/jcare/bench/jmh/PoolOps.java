package org.jcare.bench.jmh;

import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.pool.PoolKernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Max pooling 2x per axis of a 32-channel first-level activation, with its argmax; launch and queue finish. */
@State(Scope.Benchmark)
public class PoolOps extends DeviceOps {
    /** 2 or 3 spatial dimensions. */
    @Param({"3", "2"})
    public int rank;

    private PoolKernels kernels;
    private Tensor x;
    private Tensor y;
    private Tensor argmax;
    private Tensor dx;
    private int planes;
    private int d;
    private int h;
    private int w;

    /** Opens the device and allocates the tensors (the argmax from one forward). */
    @Setup(Level.Trial)
    public void setup() {
        openEngine();
        kernels = PoolKernels.on(engine);
        Shape s = OpWorkloads.activation(size, rank, OpWorkloads.CHANNELS, false);
        planes = s.batch() * s.channels();
        d = s.depth();
        h = s.height();
        w = s.width();
        x = engine.full(s, 0.5f);
        y = engine.empty(OpWorkloads.activation(size, rank, OpWorkloads.CHANNELS, true));
        argmax = engine.empty(Shape.of((y.numel() + 3) / 4));
        dx = engine.empty(s);
        forward();
    }

    /** Frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        closeEngine(x, y, argmax, dx);
    }

    /** y = max over each 2x2(x2) window, argmax saved. */
    @Benchmark
    public void forward() {
        if (rank == 3) {
            kernels.maxForward222(y, argmax, x, d, h, w, planes);
        } else {
            kernels.maxForward22(y, argmax, x, h, w, planes);
        }
        engine.cl().finish();
    }

    /** dx = dy routed to the saved winners, 0 elsewhere. */
    @Benchmark
    public void backward() {
        if (rank == 3) {
            kernels.maxBackward222(dx, argmax, y, d, h, w, planes);
        } else {
            kernels.maxBackward22(dx, argmax, y, h, w, planes);
        }
        engine.cl().finish();
    }
}
