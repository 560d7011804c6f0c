package org.jcare.bench.jmh;

import org.jcare.engine.autograd.Tape;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.loss.Loss;
import org.jcare.kernels.loss.LossKernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The MAE loss of CARE's training on a 1-channel first-level batch: the forward (partial sums plus the final
 * sum, what {@link Loss#mae} launches) and the backward (dpred from the device-resident loss gradient).
 */
@State(Scope.Benchmark)
public class LossOps extends DeviceOps {
    /** 2 or 3 spatial dimensions. */
    @Param({"3", "2"})
    public int rank;

    private Tape.NoGrad noGrad;
    private LossKernels kernels;
    private Tensor pred;
    private Tensor target;
    private Tensor dpred;
    private Tensor g;
    private long s;
    private int batch;
    private float scale;

    /** Opens the device and allocates the tensors; the tape records nothing. */
    @Setup(Level.Trial)
    public void setup() {
        openEngine();
        noGrad = engine.noGrad();
        kernels = LossKernels.on(engine);
        Shape shape = OpWorkloads.activation(size, rank, 1, false);
        batch = shape.batch();
        s = shape.numel() / batch;
        scale = (float) (1.0 / shape.numel());
        pred = engine.full(shape, 0.5f);
        target = engine.full(shape, 0.25f);
        dpred = engine.empty(shape);
        g = engine.full(Shape.of(1), 1f);
        engine.cl().finish();
    }

    /** Frees everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        noGrad.close();
        closeEngine(pred, target, dpred, g);
    }

    /** mean |pred - target|, on the device. */
    @Benchmark
    public void maeForward() {
        Tensor loss = Loss.mae(pred, target);
        engine.cl().finish();
        loss.close();
    }

    /** dpred = g * sign(pred - target) / count. */
    @Benchmark
    public void maeBackward() {
        kernels.maeBackward(dpred, pred, target, g, s, 1, 1, batch, scale);
        engine.cl().finish();
    }
}
