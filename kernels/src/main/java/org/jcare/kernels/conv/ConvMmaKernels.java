package org.jcare.kernels.conv;

import java.util.HashMap;
import java.util.Map;
import org.jcare.engine.Engine;
import org.jcare.engine.cl.ClBuffer;
import org.jcare.engine.cl.ClProgram;
import org.jcare.engine.cl.KernelSource;
import org.jcare.engine.tensor.Tensor;

/**
 * Launches the pipelined tensor-core kernels of {@code conv_mma.cl} (TF32 or BF16 operands, fp32 sums) and their
 * weight packing ({@code conv3d_weights_pack_mma} of {@code mma.cl}); one typed method per kernel, as
 * {@link ConvKernels}, which owns this launcher ({@link ConvKernels#mma()}) and its split-K chunking. Programs are built
 * per shaped tile, precision, stage count and input kind (the plain-input loader where the input is no concatenation),
 * with {@code -DJCARE_NVIDIA_PTX} (inline PTX: mma.sync, ldmatrix, cp.async) only on devices with tensor cores, and
 * remembered here.
 */
public final class ConvMmaKernels {
    private final Engine engine;
    private final ConvKernels parent;
    private final String extraOptions;
    private final Map<String, ClProgram> programs = new HashMap<>();
    private KernelSource source;

    ConvMmaKernels(Engine engine, ConvKernels parent) {
        this(engine, parent, "");
    }

    private ConvMmaKernels(Engine engine, ConvKernels parent, String extraOptions) {
        this.engine = engine;
        this.parent = parent;
        this.extraOptions = extraOptions;
    }

    /**
     * This launcher with build options added to every program (tests: {@code -DJCARE_TEST_EARLY_READ} builds the
     * emulated pipeline that reads each stage one wait too early, to show that the emulation catches it).
     */
    ConvMmaKernels withExtraOptions(String options) {
        return new ConvMmaKernels(engine, parent, options.isEmpty() ? "" : " " + options);
    }

    private ClProgram program(String baseOptions) {
        String options = baseOptions + extraOptions;
        ClProgram p = programs.get(options);
        if (p == null) {
            if (source == null) {
                source = KernelSource.load(ConvKernels.class, "conv_input.cl", "mma.cl", "conv_mma.cl");
            }
            p = engine.cl().program(source, options);
            programs.put(options, p);
        }
        return p;
    }

    private static int flag(boolean b) {
        return b ? 1 : 0;
    }

    private static ClBuffer lowBuffer(ConvInput in) {
        return in.low() == null ? in.skip().buffer() : in.low().buffer();
    }

    /** The tile the pipelined forward kernel runs {@code g} with at this precision (see {@link ConvTf32Tunables#forBf16}). */
    public ConvTf32Tunables tile(ConvGeometry g, boolean bf16) {
        ConvTf32Tunables t = parent.tunables().tf32();
        return (bf16 ? t.forBf16() : t).forGeometry(g);
    }

    /** Null when the pipelined forward kernel can run {@code g} on this device at this precision, else why not. */
    public String unsupportedReason(ConvGeometry g, boolean bf16) {
        return tile(g, bf16).mmaUnsupportedReason(engine.device(), g, bf16);
    }

    /** Floats of the packed weights of {@link #weightsPack} for {@code g}. */
    public long packedWeights(ConvGeometry g, boolean bf16) {
        return tile(g, bf16).mmaPackedWeights(g, bf16);
    }

    private String forwardOptions(ConvTf32Tunables tile, ConvGeometry g, boolean bf16, boolean plain) {
        boolean ptx = tile.ptx(engine.device());
        int fit = tile.mmaStages(g, engine.device().localMemBytes(), ptx, bf16);
        if (fit < 1) {
            throw new IllegalArgumentException("conv3d_forward_mma cannot run " + g.describe() + ": "
                    + tile.mmaUnsupportedReason(engine.device(), g, bf16));
        }
        return tile.mmaOptions(fit, bf16, plain && parent.specializesPlainInputs(), ptx);
    }

    /**
     * {@code conv3d_weights_pack_mma}: the B fragments of w [Cout][Cin][T] of geometry {@code g}, TF32-rounded or as
     * BF16 pairs (zero past Cout and Cin); with {@code flip}, {@code weight} is the forward weight of
     * {@code g.transposed()} and the fragments are those of the backward-data convolution g.
     */
    public void weightsPack(Tensor packed, Tensor weight, ConvGeometry g, boolean bf16, boolean flip) {
        ConvTf32Tunables tile = tile(g, bf16);
        if (packed.numel() < tile.mmaPackedWeights(g, bf16)) {
            throw new IllegalArgumentException("conv3d_weights_pack_mma: packed buffer of " + packed.numel()
                    + " floats is smaller than the " + tile.mmaPackedWeights(g, bf16) + " of " + g.describe());
        }
        int coutPad = tile.coutPad(g);
        int khw = g.kh() * g.kw();
        long steps = (long) g.kd() * (bf16 ? (khw + 1) / 2 : khw);
        int slices = (g.cin() + ConvTf32Tunables.K_SLICE - 1) / ConvTf32Tunables.K_SLICE;
        // the plain-input program of the forward tile: the one the forward pass builds anyway
        program(forwardOptions(tile, g, bf16, true)).kernel("conv3d_weights_pack_mma").call().arg(packed.buffer())
                .arg(weight.buffer()).arg(g.cout()).arg(g.cin()).arg(g.kd()).arg(khw).arg(coutPad).arg(flag(flip))
                .launch(new long[] {steps, slices, coutPad / 8}, new long[] {Math.min(steps, 32), 1, 1});
    }

    /**
     * {@code conv3d_forward_mma}: y = relu?(conv(x, w) + b + r) on the tensor cores (TF32 or BF16 operands, fp32 sums)
     * from x and the fragments {@code wf} of {@link #weightsPack}; {@code bias} null means no bias, {@code residual}
     * (r, the shape of y, added in fp32) null means none.
     */
    public void forward(Tensor y, ConvInput x, Tensor wf, Tensor bias, Tensor residual, boolean relu, ConvGeometry g,
                        boolean bf16) {
        ConvTf32Tunables tile = tile(g, bf16);
        boolean ptx = tile.ptx(engine.device());
        int fit = tile.mmaStages(g, engine.device().localMemBytes(), ptx, bf16);
        long threads = tile.threads();
        long coBlocks = (g.cout() + tile.bn() - 1) / tile.bn();
        program(forwardOptions(tile, g, bf16, !x.isUpConcat())).kernel("conv3d_forward_mma").call()
                .arg(y.buffer()).arg(x.skip().buffer()).arg(lowBuffer(x)).arg(wf.buffer())
                .arg(bias == null ? wf.buffer() : bias.buffer()).arg(residual == null ? y.buffer() : residual.buffer())
                .local(4L * fit * tile.mmaStageFloats(g))
                .arg(g.n()).arg(g.cin()).arg(g.cout()).arg(tile.coutPad(g)).arg(g.d()).arg(g.h()).arg(g.w())
                .arg(g.kd()).arg(g.kh()).arg(g.kw()).arg(x.c1()).arg(x.factors().fd()).arg(x.factors().fh())
                .arg(x.factors().fw()).arg(flag(bias != null)).arg(flag(residual != null)).arg(flag(relu))
                .launch(new long[] {(g.w() + tile.tw() - 1) / tile.tw() * threads, (g.h() + tile.th() - 1) / tile.th(),
                        (long) g.n() * g.d() * coBlocks}, new long[] {threads, 1, 1});
    }

    /**
     * True when {@link #backwardWeights} can run {@code g} on this device (else the fp32 split-K kernel is the
     * fallback: large 3D kernels need more local memory than NVIDIA has).
     */
    public boolean weightsSupported(ConvGeometry g, boolean bf16) {
        return parent.tunables().tf32().mmaWeightsUnsupportedReason(engine.device(), g, bf16) == null;
    }

    /**
     * {@code conv3d_backward_weights_mma}: per-chunk partial weight (and, with {@code bias}, fp32 bias) gradients on
     * the tensor cores from x and the masked gradient, in the layout of {@link ConvKernels#backwardWeightsGpu} (same
     * chunks: {@link ConvKernels#gpuWeightChunks}), summed by {@link ConvKernels#backwardWeightsReduce}.
     */
    public void backwardWeights(Tensor partialW, Tensor partialB, ConvInput x, Tensor grad, ConvGeometry g,
                                boolean bias, boolean bf16) {
        ConvTf32Tunables t = parent.tunables().tf32();
        String why = t.mmaWeightsUnsupportedReason(engine.device(), g, bf16);
        if (why != null) {
            throw new IllegalArgumentException("conv3d_backward_weights_mma cannot run " + g.describe() + ": " + why);
        }
        ConvTf32Weights tile = t.weights().forGeometry(g, bf16);
        boolean ptx = t.ptx(engine.device());
        int fit = t.mmaWeightsStages(engine.device(), g, bf16);
        boolean plain = !x.isUpConcat() && parent.specializesPlainInputs();
        long threads = 32L * tile.warps(g);
        long coBlocks = (g.cout() + tile.bm() - 1) / tile.bm();
        long ciBlocks = (g.cin() + tile.nci() - 1) / tile.nci();
        program(t.mmaWeightsOptions(g, fit, bf16, ptx) + (plain ? " -DJCARE_PLAIN_INPUT" : ""))
                .kernel("conv3d_backward_weights_mma").call()
                .arg(partialW.buffer()).arg(partialB == null ? partialW.buffer() : partialB.buffer())
                .arg(x.skip().buffer()).arg(lowBuffer(x)).arg(grad.buffer())
                .local(4L * fit * (tile.gradientFloats() + tile.inputFloats(g)))
                .arg(g.n()).arg(g.cin()).arg(g.cout()).arg(g.d()).arg(g.h()).arg(g.w())
                .arg(g.kd()).arg(g.kh()).arg(g.kw()).arg(x.c1()).arg(x.factors().fd()).arg(x.factors().fh())
                .arg(x.factors().fw()).arg(parent.gpuRowsPerChunk(g)).arg(tile.seg()).arg(flag(bias))
                .launch(new long[] {coBlocks * threads, ciBlocks, parent.gpuWeightChunks(g)}, new long[] {threads, 1, 1});
    }
}
