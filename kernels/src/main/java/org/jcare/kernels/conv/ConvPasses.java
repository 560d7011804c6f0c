package org.jcare.kernels.conv;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;

/**
 * The passes of one convolution on one concrete variant, without the tape: forward, the gradient preparation
 * (ReLU mask, and zero padding on the CPU variant), backward data and backward weights (+ bias). {@link Conv}
 * strings them together for autograd; benchmarks and the tuner time them one by one. Temporaries (padded
 * copies, re-laid weights, split-K partials) are returned to the pool as soon as their last kernel is enqueued
 * (the queue is in order, so a later kernel cannot overwrite them early).
 */
public final class ConvPasses {
    /** The incoming gradient in the form the variant's backward kernels read; closing frees what it allocated. */
    public static final class Gradient implements AutoCloseable {
        private final Tensor tensor;
        private boolean owned;

        private Gradient(Tensor tensor, boolean owned) {
            this.tensor = tensor;
            this.owned = owned;
        }

        /** Masked dY (naive, GPU, GPU_TF32, GPU_BF16), or masked dY zero-padded to the CPU kernels' geometry. */
        public Tensor tensor() {
            return tensor;
        }

        @Override
        public void close() {
            if (owned) {
                tensor.close();
            }
        }
    }

    private final Engine engine;
    private final ConvKernels kernels;
    private final ConvVariant variant;
    private final ConvGeometry g;

    private ConvPasses(Engine engine, ConvKernels kernels, ConvVariant variant, ConvGeometry g) {
        this.engine = engine;
        this.kernels = kernels;
        this.variant = variant;
        this.g = g;
    }

    /**
     * The passes of geometry {@code g} on {@code engine} for {@code requested} (resolved at the engine's precision,
     * see {@link ConvVariant}), with the engine's launcher for {@code g} (tuned tunables when the device has them,
     * {@link ConvLaunchers}; built programs are remembered per engine).
     */
    public static ConvPasses on(Engine engine, ConvVariant requested, ConvGeometry g) {
        return on(engine, engine.service(ConvLaunchers.class, ConvLaunchers::new).forGeometry(g), requested, g);
    }

    /** As {@link #on(Engine, ConvVariant, ConvGeometry)} with an explicit launcher (and so explicit tunables). */
    public static ConvPasses on(Engine engine, ConvKernels kernels, ConvVariant requested, ConvGeometry g) {
        ConvVariant v = ConvVariant.resolve(requested, engine.precision(), engine.device(), kernels.tunables(), g);
        return new ConvPasses(engine, kernels, v, g);
    }

    /** The concrete variant these passes run. */
    public ConvVariant variant() {
        return variant;
    }

    /** The geometry. */
    public ConvGeometry geometry() {
        return g;
    }

    /** True when the passes run the pipelined tensor-core kernels of {@code conv_mma.cl} (BF16, or TF32 with stages). */
    private boolean pipelined() {
        return variant == ConvVariant.GPU_BF16
                || variant == ConvVariant.GPU_TF32 && kernels.tunables().tf32().pipelined();
    }

    private boolean bf16() {
        return variant == ConvVariant.GPU_BF16;
    }

    private static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }

    /** Floats the CPU kernels may read past the end of a padded activation (they never use those values). */
    private long slack() {
        ConvTunables.Cpu t = kernels.tunables().cpu();
        return t.strip() + t.vw() + g.kw() + 16L;
    }

    private Tensor padded(ConvInput x, int channels) {
        Tensor xp = engine.empty(Shape.of(g.paddedElements(channels) + slack()));
        kernels.pad(xp, x, g, channels);
        return xp;
    }

    /** y = relu?(conv(x, w) + b), a new tensor [N, Cout, (D,) H, W]; {@code bias} may be null. */
    public Tensor forward(Tensor x, Tensor weight, Tensor bias, boolean relu) {
        return forward(x, weight, bias, null, relu);
    }

    /**
     * y = relu?(conv(x, w) + b + r), a new tensor [N, Cout, (D,) H, W]: the residual r (the shape of y) is added in the
     * epilogue, before the activation; {@code bias} and {@code residual} may be null.
     */
    public Tensor forward(Tensor x, Tensor weight, Tensor bias, Tensor residual, boolean relu) {
        return forward(ConvInput.plain(x), weight, bias, residual, relu);
    }

    /**
     * As {@link #forward(Tensor, Tensor, Tensor, Tensor, boolean)} on an input that may be a read-through concatenation
     * [upsample(low), skip]: the naive, GPU and TF32 kernels read it in their loaders, the CPU variant in the pad pass it
     * makes anyway (concatenation, upsampling and zero padding in one pass); it is never materialized.
     */
    public Tensor forward(ConvInput x, Tensor weight, Tensor bias, Tensor residual, boolean relu) {
        Tensor y = engine.empty(x.shape().with(1, g.cout()));
        switch (variant) {
            case CPU -> {
                int coutPad = roundUp(g.cout(), kernels.tunables().cpu().rco());
                try (Tensor xp = padded(x, g.cin());
                     Tensor wp = engine.empty(Shape.of((long) g.cin() * g.taps() * coutPad))) {
                    kernels.weightsPack(wp, weight, g, coutPad, kernels.tunables().cpu().rco(), false);
                    kernels.forwardCpu(y, xp, wp, bias, residual, relu, g);
                }
            }
            case GPU -> {
                int coutPad = roundUp(g.cout(), kernels.tunables().gpu().rco());
                try (Tensor wp = engine.empty(Shape.of((long) g.cin() * g.taps() * coutPad))) {
                    kernels.weightsPack(wp, weight, g, coutPad, coutPad, false);
                    kernels.forwardGpu(y, x, wp, bias, residual, relu, g, coutPad);
                }
            }
            case GPU_TF32, GPU_BF16 -> {
                if (pipelined()) {
                    ConvMmaKernels mma = kernels.mma();
                    try (Tensor wf = engine.empty(Shape.of(mma.packedWeights(g, bf16())))) {
                        mma.weightsPack(wf, weight, g, bf16(), false);
                        mma.forward(y, x, wf, bias, residual, relu, g, bf16());
                    }
                } else {
                    try (Tensor wf = engine.empty(Shape.of(kernels.tf32Tile(g).packedWeights(g)))) {
                        kernels.weightsPackTf32(wf, weight, g, false);
                        kernels.forwardTf32(y, x, wf, bias, residual, relu, g);
                    }
                }
            }
            default -> kernels.forwardNaive(y, x, weight, bias, residual, relu, g);
        }
        return y;
    }

    /** Prepares dY for the backward passes: masked by {@code y > 0} when {@code reluOutput} is not null. */
    public Gradient gradient(Tensor dy, Tensor reluOutput) {
        if (variant == ConvVariant.CPU) {
            Tensor gp = engine.empty(Shape.of(g.paddedElements(g.cout()) + slack()));
            if (reluOutput != null) {
                kernels.padReluMasked(gp, dy, reluOutput, g, g.cout());
            } else {
                kernels.pad(gp, dy, g, g.cout());
            }
            return new Gradient(gp, true);
        }
        if (reluOutput == null) {
            return new Gradient(dy, false);
        }
        Tensor masked = engine.empty(dy.shape());
        kernels.reluMask(masked, dy, reluOutput);
        return new Gradient(masked, true);
    }

    /**
     * Splits dX of a read-through concatenation {@code in} (from {@link #backwardData}) into {dLow, dSkip} (a launch each):
     * dSkip is channels C1.. of dX, dLow the sum of channels ..C1 over each upsampling block (fixed order, deterministic).
     * An entry is null where its flag is false.
     */
    public Tensor[] splitUpConcat(Tensor dx, ConvInput in, boolean low, boolean skip) {
        Tensor dLow = low ? engine.empty(in.low().shape()) : null;
        Tensor dSkip = skip ? engine.empty(in.skip().shape()) : null;
        kernels.upConcatSplit(dLow, dSkip, dx, in.c1(), in.skip().shape().channels(), in.factors(), g);
        return new Tensor[] {dLow, dSkip};
    }

    /**
     * The gradient of a residual added in the forward epilogue, dr = dY masked by {@code y > 0} when
     * {@code reluOutput} is not null, else dY itself (returned as it is: the tape allows a pass-through). Naive, GPU,
     * GPU_TF32 and GPU_BF16 hand over the masked dY that {@code grad} holds (no copy; {@code grad} still reads it until
     * closed, then leaves it to the caller); the CPU variant's gradient is padded, so it masks dY once more into a
     * new tensor of the normal layout.
     */
    public Tensor residualGradient(Gradient grad, Tensor dy, Tensor reluOutput) {
        if (reluOutput == null) {
            return dy;
        }
        if (variant != ConvVariant.CPU && grad.owned) {
            grad.owned = false;
            return grad.tensor;
        }
        Tensor masked = engine.empty(dy.shape());
        kernels.reluMask(masked, dy, reluOutput);
        return masked;
    }

    /** dx [N, Cin, (D,) H, W]: the prepared gradient convolved with the flipped, transposed weights. */
    public Tensor backwardData(Gradient grad, Tensor weight, Shape xShape) {
        ConvGeometry t = g.transposed();
        Tensor dx = engine.empty(xShape);
        switch (variant) {
            case CPU -> {
                int block = kernels.tunables().cpu().rco();
                int coutPad = roundUp(t.cout(), block);
                try (Tensor wp = engine.empty(Shape.of((long) t.cin() * t.taps() * coutPad))) {
                    kernels.weightsPack(wp, weight, t, coutPad, block, true);
                    kernels.forwardCpu(dx, grad.tensor(), wp, null, null, false, t);
                }
            }
            case GPU -> {
                int coutPad = roundUp(t.cout(), kernels.tunables().gpu().rco());
                try (Tensor wp = engine.empty(Shape.of((long) t.cin() * t.taps() * coutPad))) {
                    kernels.weightsPack(wp, weight, t, coutPad, coutPad, true);
                    kernels.forwardGpu(dx, ConvInput.plain(grad.tensor()), wp, null, null, false, t, coutPad);
                }
            }
            case GPU_TF32, GPU_BF16 -> {
                if (pipelined()) {
                    ConvMmaKernels mma = kernels.mma();
                    try (Tensor wf = engine.empty(Shape.of(mma.packedWeights(t, bf16())))) {
                        mma.weightsPack(wf, weight, t, bf16(), true);
                        mma.forward(dx, ConvInput.plain(grad.tensor()), wf, null, null, false, t, bf16());
                    }
                } else {
                    try (Tensor wf = engine.empty(Shape.of(kernels.tf32Tile(t).packedWeights(t)))) {
                        kernels.weightsPackTf32(wf, weight, t, true);
                        kernels.forwardTf32(dx, ConvInput.plain(grad.tensor()), wf, null, null, false, t);
                    }
                }
            }
            default -> {
                try (Tensor flipped = engine.empty(weight.shape())) {
                    kernels.weightsFlip(flipped, weight, g);
                    kernels.forwardNaive(dx, ConvInput.plain(grad.tensor()), flipped, null, null, false, t);
                }
            }
        }
        return dx;
    }

    /**
     * dw (shape {@code weightShape}) and, when {@code bias}, db [Cout]: {dw, db-or-null}. The fast variants sum
     * split-K partials in a fixed order, so the same inputs give bit-identical results on the same device.
     */
    public Tensor[] backwardWeights(Tensor x, Gradient grad, Shape weightShape, boolean bias) {
        return backwardWeights(ConvInput.plain(x), grad, weightShape, bias);
    }

    /**
     * As {@link #backwardWeights(Tensor, Gradient, Shape, boolean)} on an input that may be a read-through
     * concatenation (read as in {@link #forward(ConvInput, Tensor, Tensor, Tensor, boolean)}).
     */
    public Tensor[] backwardWeights(ConvInput x, Gradient grad, Shape weightShape, boolean bias) {
        Tensor dw = engine.empty(weightShape);
        Tensor db = bias ? engine.empty(Shape.of(g.cout())) : null;
        switch (variant) {
            case CPU -> {
                int chunks = kernels.cpuWeightChunks(g);
                try (Tensor xp = padded(x, g.cin());
                     Tensor pw = engine.empty(Shape.of((long) chunks * g.weightCount()));
                     Tensor pb = bias ? engine.empty(Shape.of((long) chunks * g.cout())) : null) {
                    kernels.backwardWeightsCpu(pw, pb, xp, grad.tensor(), g, bias);
                    kernels.backwardWeightsReduce(dw, db, pw, pb, chunks, g);
                }
            }
            case GPU, GPU_TF32, GPU_BF16 -> {
                // the same split-K chunks and fixed-order reduce for all; the tensor-core variants fall back to the fp32
                // kernel where their tile does not fit (large 3D kernels)
                int chunks = kernels.gpuWeightChunks(g);
                try (Tensor pw = engine.empty(Shape.of((long) chunks * g.weightCount()));
                     Tensor pb = bias ? engine.empty(Shape.of((long) chunks * g.cout())) : null) {
                    if (pipelined() && kernels.mma().weightsSupported(g, bf16())) {
                        kernels.mma().backwardWeights(pw, pb, x, grad.tensor(), g, bias, bf16());
                    } else if (variant == ConvVariant.GPU_TF32 && !pipelined() && kernels.weightsTf32Supported(g)) {
                        kernels.backwardWeightsTf32(pw, pb, x, grad.tensor(), g, bias);
                    } else {
                        kernels.backwardWeightsGpu(pw, pb, x, grad.tensor(), g, bias);
                    }
                    kernels.backwardWeightsReduce(dw, db, pw, pb, chunks, g);
                }
            }
            default -> {
                kernels.backwardWeightsNaive(dw, x, grad.tensor(), g);
                if (bias) {
                    kernels.backwardBiasNaive(db, grad.tensor(), g);
                }
            }
        }
        return new Tensor[] {dw, db};
    }
}
