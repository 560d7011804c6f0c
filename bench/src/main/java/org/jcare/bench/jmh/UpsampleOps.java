package org.jcare.bench.jmh;

import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.upsample.UpsampleKernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Nearest upsampling 2x per axis from the second level to a 32-channel first-level activation; launch and finish. */
@State(Scope.Benchmark)
public class UpsampleOps extends DeviceOps {
    /** 2 or 3 spatial dimensions. */
    @Param({"3", "2"})
    public int rank;

    private UpsampleKernels kernels;
    private Tensor x;
    private Tensor y;
    private Tensor dx;
    private int planes;
    private int d;
    private int h;
    private int w;

    /** Opens the device and allocates the tensors. */
    @Setup(Level.Trial)
    public void setup() {
        openEngine();
        kernels = UpsampleKernels.on(engine);
        Shape small = OpWorkloads.activation(size, rank, OpWorkloads.CHANNELS, true);
        planes = small.batch() * small.channels();
        d = small.depth();
        h = small.height();
        w = small.width();
        x = engine.full(small, 0.5f);
        dx = engine.empty(small);
        y = engine.full(OpWorkloads.activation(size, rank, OpWorkloads.CHANNELS, false), 0.25f);
        engine.cl().finish();
    }

    /** Frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        closeEngine(x, y, dx);
    }

    /** y = x repeated over 2x2(x2) blocks. */
    @Benchmark
    public void forward() {
        if (rank == 3) {
            kernels.nearestForward222(y, x, d, h, w, planes);
        } else {
            kernels.nearestForward22(y, x, h, w, planes);
        }
        engine.cl().finish();
    }

    /** dx = block sums of dy. */
    @Benchmark
    public void backward() {
        if (rank == 3) {
            kernels.nearestBackward222(dx, y, d, h, w, planes);
        } else {
            kernels.nearestBackward22(dx, y, h, w, planes);
        }
        engine.cl().finish();
    }
}
