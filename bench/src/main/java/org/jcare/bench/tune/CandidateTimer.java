package org.jcare.bench.tune;

import java.util.Arrays;
import java.util.function.Supplier;
import org.jcare.engine.Engine;
import org.jcare.engine.cl.KernelProfiler;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.conv.ConvGeometry;
import org.jcare.kernels.conv.ConvKernels;
import org.jcare.kernels.conv.ConvPasses;
import org.jcare.kernels.conv.ConvVariant;

/**
 * Times a candidate's passes on a signature's real shape with OpenCL profiling events: per pass, the device time
 * of every kernel it launches (weight re-layouts and padding included), {@code warmups} untimed runs, then the
 * median of {@code runs}. Inputs are constant-filled device tensors (the speed of float32 arithmetic does not
 * depend on the values), allocated once per signature. Forward runs with bias and ReLU as in the network; the
 * backward passes start from a prepared gradient (its preparation does not depend on the tunables).
 */
final class CandidateTimer implements AutoCloseable {
    /** Index of the forward time in {@link #time}'s result. */
    static final int FORWARD = 0;
    /** Index of the backward-data time. */
    static final int BACKWARD_DATA = 1;
    /** Index of the backward-weights time. */
    static final int BACKWARD_WEIGHTS = 2;

    private final Engine engine;
    private final TunerPasses.Factory factory;
    private final ConvVariant variant;
    private final LayerSignature sig;
    private final int warmups;
    private final int runs;
    private final Shape xShape;
    private final Shape wShape;
    private final Tensor x;
    private final Tensor w;
    private final Tensor b;
    private final Tensor dy;

    CandidateTimer(Engine engine, TunerPasses.Factory factory, ConvVariant variant, LayerSignature sig, int warmups,
                   int runs) {
        this.engine = engine;
        this.factory = factory;
        this.variant = variant;
        this.sig = sig;
        this.warmups = warmups;
        this.runs = runs;
        ConvGeometry g = sig.geometry();
        boolean threeD = g.kd() > 1 || g.d() > 1;
        xShape = threeD ? Shape.of(g.n(), g.cin(), g.d(), g.h(), g.w()) : Shape.of(g.n(), g.cin(), g.h(), g.w());
        wShape = threeD ? Shape.of(g.cout(), g.cin(), g.kd(), g.kh(), g.kw()) : Shape.of(g.cout(), g.cin(), g.kh(), g.kw());
        Tensor[] t = new Tensor[4];
        try {
            t[0] = engine.full(xShape, 0.5f);
            t[1] = engine.full(wShape, (float) (1.0 / (g.cin() * g.taps())));
            t[2] = engine.full(Shape.of(g.cout()), 0.01f);
            t[3] = engine.full(xShape.with(1, g.cout()), 0.25f);
        } catch (RuntimeException e) {
            for (Tensor u : t) {
                if (u != null) {
                    u.close();
                }
            }
            throw e;
        }
        x = t[0];
        w = t[1];
        b = t[2];
        dy = t[3];
    }

    /**
     * Median device milliseconds {forward, backward data, backward weights} of {@code kernels} on the signature;
     * NaN for the passes not asked for (backward data is never timed for a layer that does not need it).
     */
    double[] time(ConvKernels kernels, boolean forwardPasses, boolean weightsPass) {
        double[] ms = {Double.NaN, Double.NaN, Double.NaN};
        TunerPasses p = factory.open(engine, kernels, variant, sig.geometry());
        KernelProfiler profiler = new KernelProfiler();
        engine.cl().finish();
        engine.cl().profiler(profiler);
        try {
            if (forwardPasses) {
                ms[FORWARD] = median(profiler, () -> p.forward(x, w, b, true));
            }
            if ((forwardPasses && sig.needsDataGradient()) || weightsPass) {
                try (ConvPasses.Gradient grad = p.gradient(dy, null)) {
                    if (forwardPasses && sig.needsDataGradient()) {
                        ms[BACKWARD_DATA] = median(profiler, () -> p.backwardData(grad, w, xShape));
                    }
                    if (weightsPass) {
                        ms[BACKWARD_WEIGHTS] = median(profiler, () -> p.backwardWeights(x, grad, wShape, true));
                    }
                }
            }
        } finally {
            engine.cl().finish();
            profiler.collect();
            engine.cl().profiler(null);
        }
        return ms;
    }

    private double median(KernelProfiler profiler, Supplier<Object> pass) {
        for (int i = 0; i < warmups; i++) {
            closeAll(pass.get());
        }
        profiler.reset();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            Object out = pass.get();
            profiler.collect();
            for (KernelProfiler.Entry e : profiler.entries()) {
                ms[i] += e.milliseconds();
            }
            profiler.reset();
            closeAll(out);
        }
        Arrays.sort(ms);
        return runs % 2 == 1 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
    }

    private static void closeAll(Object out) {
        if (out instanceof Tensor t) {
            t.close();
        } else if (out instanceof Tensor[] arr) {
            for (Tensor t : arr) {
                if (t != null) {
                    t.close();
                }
            }
        }
    }

    @Override
    public void close() {
        for (Tensor t : new Tensor[] {x, w, b, dy}) {
            t.close();
        }
    }
}
