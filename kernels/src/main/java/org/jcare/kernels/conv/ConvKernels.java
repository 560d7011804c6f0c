package org.jcare.kernels.conv;

import java.util.HashMap;
import java.util.Map;
import org.jcare.engine.Engine;
import org.jcare.engine.cl.ClBuffer;
import org.jcare.engine.cl.ClProgram;
import org.jcare.engine.cl.KernelSource;
import org.jcare.engine.tensor.Tensor;
import org.jcare.kernels.common.SpatialFactors;

/**
 * Launches the kernels of {@code conv.cl}, {@code conv_cpu.cl}, {@code conv_gpu.cl} and {@code conv_tf32.cl}; one
 * typed method per kernel (outputs, inputs, sizes, scalars). Sizes come from a {@link ConvGeometry}; padded
 * activations and split-K partials are flat tensors whose layouts the {@code .cl} headers describe. Programs are built
 * on first use (a CPU run never compiles the GPU file), cached per context, and remembered by this launcher; {@link Conv}
 * keeps one launcher per engine ({@code engine.service}), so a launch costs little more than setting arguments. The
 * TF32 programs are built per shaped tile, with {@code -DJCARE_NVIDIA_PTX} (inline PTX) only on devices with tensor
 * cores ({@link ConvTf32Tunables#ptx}); elsewhere the same source builds its portable emulation. The pipelined
 * tensor-core kernels (TF32 and BF16, {@code conv_mma.cl}) have their own launcher, {@link #mma()}. The GPU-shaped and
 * tensor-core kernels are built with the plain-input loader ({@code -DJCARE_PLAIN_INPUT}, no concatenation branch)
 * for every input that is no read-through concatenation, unless {@link #genericInputs()} turns that off.
 */
public final class ConvKernels {
    private static final long LOCAL_1D = 64;
    /** Upper bound on the CPU weight-gradient chunks (64 x 128 x 64 x 27 floats of partials = 57 MB at most in CARE). */
    public static final int CPU_MAX_CHUNKS = 64;
    private final Engine engine;
    private final ConvTunables tunables;
    private final boolean specializePlain;
    private final Map<String, ClProgram> gpuPrograms = new HashMap<>();
    private final Map<String, ClProgram> tf32Programs = new HashMap<>();
    private ClProgram commonProgram;
    private ClProgram cpuProgram;
    private KernelSource gpuSource;
    private KernelSource tf32Source;
    private ConvMmaKernels mma;

    private ConvKernels(Engine engine, ConvTunables tunables, boolean specializePlain) {
        this.engine = engine;
        this.tunables = tunables;
        this.specializePlain = specializePlain;
    }

    /** The launcher on {@code engine} with the device's default tunables. */
    public static ConvKernels on(Engine engine) {
        return new ConvKernels(engine, ConvTunables.forDevice(engine.device()), true);
    }

    /** The launcher on {@code engine} with explicit tunables (benchmarks, the tuner). */
    public static ConvKernels on(Engine engine, ConvTunables tunables) {
        return new ConvKernels(engine, tunables, true);
    }

    /**
     * A launcher with the same tunables whose kernels read every input through the generic loader, plain inputs too
     * (the build of conv_input.cl with the concatenation branch, as before the plain-input specialization): the other
     * side of the A/B measurement of that specialization (ConvBenchmark --generic-input).
     */
    public ConvKernels genericInputs() {
        return new ConvKernels(engine, tunables, false);
    }

    /** True when plain inputs get the plain-input loader (the default; see {@link #genericInputs()}). */
    public boolean specializesPlainInputs() {
        return specializePlain;
    }

    /** The tunables the fast kernels are built with. */
    public ConvTunables tunables() {
        return tunables;
    }

    /** The launcher of the pipelined tensor-core kernels ({@code conv_mma.cl}) with these tunables. */
    public ConvMmaKernels mma() {
        if (mma == null) {
            mma = new ConvMmaKernels(engine, this);
        }
        return mma;
    }

    /** " -DJCARE_PLAIN_INPUT" for an input that is no concatenation (unless the specialization is off), else "". */
    private String inputOption(ConvInput x) {
        return specializePlain && !x.isUpConcat() ? " -DJCARE_PLAIN_INPUT" : "";
    }

    private ClProgram common() {
        if (commonProgram == null) {
            commonProgram = engine.cl().program(KernelSource.load(ConvKernels.class, "conv_input.cl", "conv.cl"), "");
        }
        return commonProgram;
    }

    private ClProgram cpu() {
        if (cpuProgram == null) {
            cpuProgram = engine.cl().program(KernelSource.load(ConvKernels.class, "conv_cpu.cl"),
                    tunables.cpu().options());
        }
        return cpuProgram;
    }

    /** The GPU-shaped program for the kernel size of {@code g} (window widths, rows per weight work-item) and input. */
    private ClProgram gpu(ConvGeometry g, ConvInput x) {
        String options = tunables.gpu().options(g.kw()) + " -DWKH=" + tunables.gpu().weightRowsPerItem(g)
                + inputOption(x);
        ClProgram p = gpuPrograms.get(options);
        if (p == null) {
            if (gpuSource == null) {
                gpuSource = KernelSource.load(ConvKernels.class, "conv_input.cl", "conv_gpu.cl");
            }
            p = engine.cl().program(gpuSource, options);
            gpuPrograms.put(options, p);
        }
        return p;
    }

    /** The TF32 program for a shaped tile and input; the inline-PTX build only where the device has tensor cores. */
    private ClProgram tf32(ConvTf32Tunables tile, ConvInput x) {
        return tf32(tile.options(tile.ptx(engine.device())) + inputOption(x));
    }

    private ClProgram tf32(String options) {
        ClProgram p = tf32Programs.get(options);
        if (p == null) {
            if (tf32Source == null) {
                tf32Source = KernelSource.load(ConvKernels.class, "conv_input.cl", "mma.cl", "conv_tf32.cl");
            }
            p = engine.cl().program(tf32Source, options);
            tf32Programs.put(options, p);
        }
        return p;
    }

    private static int flag(boolean b) {
        return b ? 1 : 0;
    }

    /** The low tensor of a read-through concatenation, or any valid buffer (never read) for a plain input. */
    private static ClBuffer lowBuffer(ConvInput in) {
        return in.low() == null ? in.skip().buffer() : in.low().buffer();
    }

    /**
     * {@code conv3d_forward_naive}: y = relu?(conv(x, w) + b + r); {@code bias} null means no bias, {@code residual}
     * (r, the shape of y) null means none.
     */
    public void forwardNaive(Tensor y, ConvInput x, Tensor weight, Tensor bias, Tensor residual, boolean relu,
                             ConvGeometry g) {
        common().kernel("conv3d_forward_naive").call().arg(y.buffer()).arg(x.skip().buffer()).arg(lowBuffer(x))
                .arg(weight.buffer())
                .arg(bias == null ? weight.buffer() : bias.buffer()).arg(residual == null ? y.buffer() : residual.buffer())
                .arg(g.n()).arg(g.cin()).arg(g.cout()).arg(g.d()).arg(g.h()).arg(g.w())
                .arg(g.kd()).arg(g.kh()).arg(g.kw()).arg(x.c1()).arg(x.factors().fd()).arg(x.factors().fh())
                .arg(x.factors().fw()).arg(flag(bias != null)).arg(flag(residual != null)).arg(flag(relu))
                .launch(new long[] {g.w(), g.h(), (long) g.n() * g.cout() * g.d()}, new long[] {8, 1, 1});
    }

    /** {@code conv3d_backward_weights_naive}: dw[co][ci][t] summed serially over every voxel. */
    public void backwardWeightsNaive(Tensor dw, ConvInput x, Tensor grad, ConvGeometry g) {
        common().kernel("conv3d_backward_weights_naive").call().arg(dw.buffer()).arg(x.skip().buffer())
                .arg(lowBuffer(x)).arg(grad.buffer())
                .arg(g.n()).arg(g.cin()).arg(g.cout()).arg(g.d()).arg(g.h()).arg(g.w())
                .arg(g.kd()).arg(g.kh()).arg(g.kw()).arg(x.c1()).arg(x.factors().fd()).arg(x.factors().fh())
                .arg(x.factors().fw())
                .launch(new long[] {g.taps(), g.cin(), g.cout()}, new long[] {1, 1, 1});
    }

    /** {@code conv3d_backward_bias_naive}: db[co] = sum of grad over batch and voxels. */
    public void backwardBiasNaive(Tensor db, Tensor grad, ConvGeometry g) {
        common().kernel("conv3d_backward_bias_naive").call().arg(db.buffer()).arg(grad.buffer())
                .arg(g.n()).arg(g.cout()).arg(g.plane())
                .launch1d(g.cout(), 1);
    }

    /** {@code conv3d_weights_flip}: wf [Cin][Cout][T] = w [Cout][Cin][T - 1 - t], the backward-data weights. */
    public void weightsFlip(Tensor flipped, Tensor weight, ConvGeometry g) {
        common().kernel("conv3d_weights_flip").call().arg(flipped.buffer()).arg(weight.buffer())
                .arg(g.cout()).arg(g.cin()).arg(g.taps())
                .launch(new long[] {g.taps(), g.cout(), g.cin()}, new long[] {Math.min(g.taps(), 32), 1, 1});
    }

    /**
     * {@code conv3d_weights_pack}: wp [coutPad / block][Cin][T][block] = w [Cout][Cin][T] of geometry {@code g},
     * zero for co >= Cout ({@code coutPad} a multiple of {@code block}; block = coutPad gives [Cin][T][coutPad]).
     * With {@code flip}, {@code weight} is the forward weight of {@code g.transposed()} and the packed weights are
     * those of the backward-data convolution g: w'[co][ci][t] = weight[ci][co][T - 1 - t].
     */
    public void weightsPack(Tensor packed, Tensor weight, ConvGeometry g, int coutPad, int block, boolean flip) {
        if (coutPad % block != 0) {
            throw new IllegalArgumentException("conv3d_weights_pack: padded Cout " + coutPad + " is no multiple of "
                    + block);
        }
        common().kernel("conv3d_weights_pack").call().arg(packed.buffer()).arg(weight.buffer())
                .arg(g.cout()).arg(g.cin()).arg(g.taps()).arg(coutPad).arg(block).arg(flag(flip))
                .launch(new long[] {g.taps(), g.cin(), coutPad / block},
                        new long[] {Math.min(g.taps(), 32), Math.min(g.cin(), 4), 1});
    }

    /** About 64 padded rows per work-group: PoCL pays a fixed cost per work-group, and a row is little work. */
    private static long[] padLocal(ConvGeometry g, int channels) {
        long lx = Math.min(16, g.hp());
        long ly = Math.min(4, g.dp());
        long lz = Math.max(1, Math.min(64 / (lx * ly), (long) g.n() * channels + 1));
        return new long[] {lx, ly, lz};
    }

    private static int slack(Tensor padded, ConvGeometry g, int channels) {
        long slack = padded.numel() - g.paddedElements(channels);
        if (slack < 0) {
            throw new IllegalArgumentException("padded buffer of " + padded.numel() + " floats is smaller than the "
                    + g.paddedElements(channels) + " of the padded geometry " + g.describe());
        }
        return Math.toIntExact(slack);
    }

    /** {@code conv3d_pad}: the padded copy of x [N][channels][D][H][W] in the geometry of {@code g}, slack zeroed. */
    public void pad(Tensor padded, Tensor x, ConvGeometry g, int channels) {
        pad(padded, ConvInput.plain(x), g, channels);
    }

    /**
     * {@code conv3d_pad}: the padded copy of the input {@code x} with {@code channels} channels in the geometry of
     * {@code g}, slack zeroed; a read-through concatenation [upsample(low), skip] is concatenated, upsampled and padded
     * in this one pass.
     */
    public void pad(Tensor padded, ConvInput x, ConvGeometry g, int channels) {
        common().kernel("conv3d_pad").call().arg(padded.buffer()).arg(x.skip().buffer()).arg(lowBuffer(x))
                .arg(g.n() * channels).arg(channels).arg(x.c1()).arg(g.d()).arg(g.h()).arg(g.w())
                .arg(g.dp()).arg(g.hp()).arg(g.wp()).arg(g.kd() / 2).arg(g.kh() / 2).arg(g.kw() / 2)
                .arg(x.factors().fd()).arg(x.factors().fh()).arg(x.factors().fw()).arg(slack(padded, g, channels))
                .launch(new long[] {g.hp(), g.dp(), (long) g.n() * channels + 1}, padLocal(g, channels));
    }

    /** {@code conv3d_pad_relu_masked}: the padded copy of dy * (y > 0), y and dy [N][channels][D][H][W], slack zeroed. */
    public void padReluMasked(Tensor padded, Tensor dy, Tensor y, ConvGeometry g, int channels) {
        common().kernel("conv3d_pad_relu_masked").call().arg(padded.buffer()).arg(dy.buffer()).arg(y.buffer())
                .arg(g.n() * channels).arg(g.d()).arg(g.h()).arg(g.w()).arg(g.dp()).arg(g.hp()).arg(g.wp())
                .arg(g.kd() / 2).arg(g.kh() / 2).arg(g.kw() / 2).arg(slack(padded, g, channels))
                .launch(new long[] {g.hp(), g.dp(), (long) g.n() * channels + 1}, padLocal(g, channels));
    }

    /**
     * {@code conv3d_upconcat_low} and {@code conv3d_upconcat_skip}: from dX [N][C1 + C2][D][H][W] of a read-through
     * concatenation [upsample(low), skip] (factors {@code f}), dLow [N][C1][D/fd][H/fh][W/fw] (block sums, fixed
     * order) and dSkip [N][C2][D][H][W]; either may be null (not needed, not computed).
     */
    public void upConcatSplit(Tensor dLow, Tensor dSkip, Tensor dx, int c1, int c2, SpatialFactors f, ConvGeometry g) {
        if (dLow != null) {
            long wl = g.w() / f.fw();
            long hl = g.h() / f.fh();
            long zl = (long) g.n() * c1 * (g.d() / f.fd());
            common().kernel("conv3d_upconcat_low").call().arg(dLow.buffer()).arg(dx.buffer())
                    .arg(g.n()).arg(c1).arg(c2).arg(g.d()).arg(g.h()).arg(g.w()).arg(f.fd()).arg(f.fh()).arg(f.fw())
                    .launch(new long[] {wl, hl, zl}, new long[] {Math.min(32, wl), Math.min(4, hl), 1});
        }
        if (dSkip != null) {
            long perSample = (long) c2 * g.plane();
            common().kernel("conv3d_upconcat_skip").call().arg(dSkip.buffer()).arg(dx.buffer()).arg(c1).arg(c2)
                    .arg(perSample).launch(new long[] {perSample, g.n()}, new long[] {256, 1});
        }
    }

    /** {@code conv3d_relu_mask}: g = dy * (y > 0). */
    public void reluMask(Tensor masked, Tensor dy, Tensor y) {
        common().kernel("conv3d_relu_mask").call().arg(masked.buffer()).arg(dy.buffer()).arg(y.buffer())
                .arg(y.numel()).launch1d(y.numel(), 256);
    }

    /**
     * {@code conv3d_backward_weights_reduce}: dw = sum of {@code chunks} partials [chunks][Cout*Cin*T], and
     * db from [chunks][Cout] when {@code db} is not null, adding the chunks in ascending order.
     */
    public void backwardWeightsReduce(Tensor dw, Tensor db, Tensor partialW, Tensor partialB, int chunks,
                                      ConvGeometry g) {
        int countW = g.weightCount();
        int countB = db == null ? 0 : g.cout();
        common().kernel("conv3d_backward_weights_reduce").call().arg(dw.buffer())
                .arg(db == null ? dw.buffer() : db.buffer()).arg(partialW.buffer())
                .arg(partialB == null ? partialW.buffer() : partialB.buffer())
                .arg(chunks).arg(countW).arg(countB)
                .launch1d((long) countW + countB, LOCAL_1D);
    }

    /**
     * {@code conv3d_forward_cpu}: y = relu?(conv(x, w) + b + r) from the padded input {@code xp} and the weights
     * {@code wp} packed in blocks of the tunable RCO output channels; {@code residual} (r, the shape of y) may be null.
     */
    public void forwardCpu(Tensor y, Tensor xp, Tensor wp, Tensor bias, Tensor residual, boolean relu,
                           ConvGeometry g) {
        ConvTunables.Cpu t = tunables.cpu();
        long strips = (cpuSegments(g) + t.rwv() - 1) / t.rwv();
        long items = (strips + t.ns() - 1) / t.ns();
        cpu().kernel("conv3d_forward_cpu").call().arg(y.buffer()).arg(xp.buffer()).arg(wp.buffer())
                .arg(bias == null ? wp.buffer() : bias.buffer()).arg(residual == null ? y.buffer() : residual.buffer())
                .arg(g.n()).arg(g.cin()).arg(g.cout()).arg(g.d()).arg(g.h()).arg(g.w())
                .arg(g.kd()).arg(g.kh()).arg(g.kw()).arg(flag(cpuRowMode(g))).arg(flag(bias != null))
                .arg(flag(residual != null)).arg(flag(relu))
                .launch(new long[] {items, (long) g.n() * g.d(), (g.cout() + t.rco() - 1) / t.rco()},
                        new long[] {Math.min(t.localSize(), items), 1, 1});
    }

    /**
     * Vectors of positions per split-K chunk of {@link #backwardWeightsCpu}: the tunable, grown for large inputs so
     * that there are at most {@link #CPU_MAX_CHUNKS} chunks (partials stay small; a CPU has enough parallelism in
     * channels and taps without more chunks).
     */
    public int cpuStripsPerChunk(ConvGeometry g) {
        long strips = cpuWeightStrips(g);
        return (int) Math.max(tunables.cpu().stripsPerChunk(), (strips + CPU_MAX_CHUNKS - 1) / CPU_MAX_CHUNKS);
    }

    /** Split-K chunks of {@link #backwardWeightsCpu} for {@code g}. */
    public int cpuWeightChunks(ConvGeometry g) {
        long spc = cpuStripsPerChunk(g);
        return Math.toIntExact((cpuWeightStrips(g) + spc - 1) / spc);
    }

    private long cpuWeightStrips(ConvGeometry g) {
        return (long) g.n() * g.d() * cpuSegments(g);
    }

    /** Row mode of the CPU kernels: W a multiple of the vector width, so vectors never cross a row break. */
    private boolean cpuRowMode(ConvGeometry g) {
        return g.w() % tunables.cpu().vw() == 0;
    }

    /** Vectors of positions per padded slice of the CPU kernels ({@code segments()} in conv_cpu.cl). */
    private long cpuSegments(ConvGeometry g) {
        int vw = tunables.cpu().vw();
        return cpuRowMode(g) ? (long) g.h() * (g.w() / vw) : ((long) g.h() * g.wp() + vw - 1) / vw;
    }

    /**
     * {@code conv3d_backward_weights_cpu}: per-chunk partial weight (and, with {@code bias}, bias) gradients from
     * the padded input {@code xp} and the padded, masked gradient {@code gp}.
     */
    public void backwardWeightsCpu(Tensor partialW, Tensor partialB, Tensor xp, Tensor gp, ConvGeometry g,
                                   boolean bias) {
        ConvTunables.Cpu t = tunables.cpu();
        long tapBlocks = (g.taps() + t.wrt() - 1) / t.wrt();
        long items0 = g.cin() * tapBlocks;
        cpu().kernel("conv3d_backward_weights_cpu").call().arg(partialW.buffer())
                .arg(partialB == null ? partialW.buffer() : partialB.buffer()).arg(xp.buffer()).arg(gp.buffer())
                .arg(g.n()).arg(g.cin()).arg(g.cout()).arg(g.d()).arg(g.h()).arg(g.w())
                .arg(g.kd()).arg(g.kh()).arg(g.kw()).arg(flag(cpuRowMode(g))).arg(cpuStripsPerChunk(g)).arg(flag(bias))
                .launch(new long[] {items0, (g.cout() + t.wrco() - 1) / t.wrco(), cpuWeightChunks(g)},
                        new long[] {Math.min(t.wlocal(), items0), 1, 1});
    }

    /**
     * {@code conv3d_forward_gpu}: y = relu?(conv(x, w) + b + r) from x and the packed weights {@code wp};
     * {@code residual} (r, the shape of y) may be null.
     */
    public void forwardGpu(Tensor y, ConvInput x, Tensor wp, Tensor bias, Tensor residual, boolean relu,
                           ConvGeometry g, int coutPad) {
        ConvTunables.Gpu t = tunables.gpu();
        long[] local = t.forwardLocal();
        long coBlocks = (g.cout() + t.bco() - 1) / t.bco();
        long xsFloats = (long) t.ck() * (t.th() + g.kh() - 1) * (t.tw() + g.kw() - 1);
        long wsFloats = (long) t.ck() * g.kh() * g.kw() * t.bco();
        gpu(g, x).kernel("conv3d_forward_gpu").call().arg(y.buffer()).arg(x.skip().buffer()).arg(lowBuffer(x))
                .arg(wp.buffer())
                .arg(bias == null ? wp.buffer() : bias.buffer()).arg(residual == null ? y.buffer() : residual.buffer())
                .local(4 * xsFloats).local(4 * wsFloats)
                .arg(g.n()).arg(g.cin()).arg(g.cout()).arg(coutPad).arg(g.d()).arg(g.h()).arg(g.w())
                .arg(g.kd()).arg(g.kh()).arg(g.kw()).arg(x.c1()).arg(x.factors().fd()).arg(x.factors().fh())
                .arg(x.factors().fw()).arg(flag(bias != null)).arg(flag(residual != null)).arg(flag(relu))
                .launch(new long[] {(g.w() + t.tw() - 1) / t.tw() * local[0], (g.h() + t.th() - 1) / t.th() * local[1],
                        (long) g.n() * g.d() * coBlocks * local[2]}, local);
    }

    /** Rows (n, d, h) per split-K chunk of {@link #backwardWeightsGpu} for {@code g}. */
    public int gpuRowsPerChunk(ConvGeometry g) {
        long rows = (long) g.n() * g.d() * g.h();
        return (int) Math.max(1, (rows + tunables.gpu().targetChunks() - 1) / tunables.gpu().targetChunks());
    }

    /** Split-K chunks of {@link #backwardWeightsGpu} for {@code g}. */
    public int gpuWeightChunks(ConvGeometry g) {
        long rows = (long) g.n() * g.d() * g.h();
        return Math.toIntExact((rows + gpuRowsPerChunk(g) - 1) / gpuRowsPerChunk(g));
    }

    /**
     * {@code conv3d_backward_weights_gpu}: per-chunk partial weight (and, with {@code bias}, bias) gradients from
     * x and the masked gradient.
     */
    public void backwardWeightsGpu(Tensor partialW, Tensor partialB, ConvInput x, Tensor grad, ConvGeometry g,
                                   boolean bias) {
        ConvTunables.Gpu t = tunables.gpu();
        long[] local = t.weightsLocal(g);
        long xsFloats = local[1] * g.kd() * g.kh() * (t.wtw() + g.kw() - 1);
        long gsFloats = (long) t.wtw() * t.wbco();
        long coBlocks = (g.cout() + t.wbco() - 1) / t.wbco();
        long ciBlocks = (g.cin() + local[1] - 1) / local[1];
        gpu(g, x).kernel("conv3d_backward_weights_gpu").call().arg(partialW.buffer())
                .arg(partialB == null ? partialW.buffer() : partialB.buffer()).arg(x.skip().buffer())
                .arg(lowBuffer(x)).arg(grad.buffer())
                .local(4 * xsFloats).local(4 * gsFloats)
                .arg(g.n()).arg(g.cin()).arg(g.cout()).arg(g.d()).arg(g.h()).arg(g.w())
                .arg(g.kd()).arg(g.kh()).arg(g.kw()).arg(x.c1()).arg(x.factors().fd()).arg(x.factors().fh())
                .arg(x.factors().fw()).arg(gpuRowsPerChunk(g)).arg(flag(bias))
                .launch(new long[] {coBlocks * local[0], ciBlocks * local[1], gpuWeightChunks(g) * local[2]}, local);
    }

    /** The TF32 tile for {@code g}: the tunables adapted to the shape (see {@link ConvTf32Tunables#forGeometry}). */
    public ConvTf32Tunables tf32Tile(ConvGeometry g) {
        return tunables.tf32().forGeometry(g);
    }

    /**
     * {@code conv3d_weights_pack_mma} (TF32 build, in {@code mma.cl}): wf [ceil(Cin/8)][T][coutPad/8][32][2] = the
     * TF32-rounded mma B fragments of w [Cout][Cin][T] of geometry {@code g} (zero past Cout and Cin), {@code coutPad} =
     * {@code tf32Tile(g).coutPad(g)}. With {@code flip}, {@code weight} is the forward weight of {@code g.transposed()},
     * as in {@link #weightsPack}.
     */
    public void weightsPackTf32(Tensor packed, Tensor weight, ConvGeometry g, boolean flip) {
        ConvTf32Tunables tile = tf32Tile(g);
        int coutPad = tile.coutPad(g);
        if (packed.numel() < tile.packedWeights(g)) {
            throw new IllegalArgumentException("conv3d_weights_pack_tf32: packed buffer of " + packed.numel()
                    + " floats is smaller than the " + tile.packedWeights(g) + " of " + g.describe());
        }
        int slices = (g.cin() + ConvTf32Tunables.K_SLICE - 1) / ConvTf32Tunables.K_SLICE;
        // the program of the plain-input forward: built for nearly every layer anyway
        tf32(tile.options(tile.ptx(engine.device())) + (specializePlain ? " -DJCARE_PLAIN_INPUT" : ""))
                .kernel("conv3d_weights_pack_mma").call().arg(packed.buffer())
                .arg(weight.buffer()).arg(g.cout()).arg(g.cin()).arg(g.kd()).arg(g.kh() * g.kw()).arg(coutPad)
                .arg(flag(flip))
                .launch(new long[] {g.taps(), slices, coutPad / 8}, new long[] {Math.min(g.taps(), 32), 1, 1});
    }

    /**
     * {@code conv3d_forward_tf32}: y = relu?(conv(x, w) + b + r) on the tensor cores (TF32 operands, fp32 sums) from x
     * and the fragments {@code wf} of {@link #weightsPackTf32}; {@code bias} null means no bias, {@code residual} (r, the
     * shape of y, added in fp32) null means none.
     */
    public void forwardTf32(Tensor y, ConvInput x, Tensor wf, Tensor bias, Tensor residual, boolean relu,
                            ConvGeometry g) {
        ConvTf32Tunables tile = tf32Tile(g);
        boolean ptx = tile.ptx(engine.device());
        int rows = tile.tapRowsPerStage(g, engine.device().localMemBytes(), ptx);
        if (rows < 1) {
            throw new IllegalArgumentException("conv3d_forward_tf32 cannot run " + g.describe() + ": "
                    + tile.unsupportedReason(engine.device(), g));
        }
        long threads = tile.threads();
        long coBlocks = (g.cout() + tile.bn() - 1) / tile.bn();
        tf32(tile, x).kernel("conv3d_forward_tf32").call().arg(y.buffer()).arg(x.skip().buffer()).arg(lowBuffer(x))
                .arg(wf.buffer())
                .arg(bias == null ? wf.buffer() : bias.buffer()).arg(residual == null ? y.buffer() : residual.buffer())
                .local(4 * tile.haloFloats(g)).local(4L * rows * tile.weightRowFloats(g))
                .arg(g.n()).arg(g.cin()).arg(g.cout()).arg(tile.coutPad(g)).arg(g.d()).arg(g.h()).arg(g.w())
                .arg(g.kd()).arg(g.kh()).arg(g.kw()).arg(x.c1()).arg(x.factors().fd()).arg(x.factors().fh())
                .arg(x.factors().fw()).arg(rows).arg(flag(bias != null)).arg(flag(residual != null))
                .arg(flag(relu))
                .launch(new long[] {(g.w() + tile.tw() - 1) / tile.tw() * threads, (g.h() + tile.th() - 1) / tile.th(),
                        (long) g.n() * g.d() * coBlocks}, new long[] {threads, 1, 1});
    }

    /**
     * True when {@link #backwardWeightsTf32} can run {@code g} on this device (else the fp32 split-K kernel of
     * {@link #backwardWeightsGpu} is the fallback: large 3D kernels need more local memory than NVIDIA has).
     */
    public boolean weightsTf32Supported(ConvGeometry g) {
        return tunables.tf32().weightsUnsupportedReason(engine.device(), g) == null;
    }

    /**
     * {@code conv3d_backward_weights_tf32}: per-chunk partial weight (and, with {@code bias}, fp32 bias) gradients on
     * the tensor cores from x and the masked gradient, in the layout of {@link #backwardWeightsGpu} (same chunks:
     * {@link #gpuWeightChunks}), summed by {@link #backwardWeightsReduce}.
     */
    public void backwardWeightsTf32(Tensor partialW, Tensor partialB, ConvInput x, Tensor grad, ConvGeometry g,
                                    boolean bias) {
        String why = tunables.tf32().weightsUnsupportedReason(engine.device(), g);
        if (why != null) {
            throw new IllegalArgumentException("conv3d_backward_weights_tf32 cannot run " + g.describe() + ": " + why);
        }
        ConvTf32Tunables t = tunables.tf32();
        ConvTf32Weights tile = t.weights().forGeometry(g);
        long threads = 32L * tile.warps(g);
        long coBlocks = (g.cout() + tile.bm() - 1) / tile.bm();
        long ciBlocks = (g.cin() + tile.nci() - 1) / tile.nci();
        tf32(t.weightsOptions(g, t.ptx(engine.device())) + inputOption(x)).kernel("conv3d_backward_weights_tf32").call()
                .arg(partialW.buffer()).arg(partialB == null ? partialW.buffer() : partialB.buffer())
                .arg(x.skip().buffer()).arg(lowBuffer(x))
                .arg(grad.buffer()).local(4 * tile.gradientFloats()).local(4 * tile.inputFloats(g))
                .arg(g.n()).arg(g.cin()).arg(g.cout()).arg(g.d()).arg(g.h()).arg(g.w())
                .arg(g.kd()).arg(g.kh()).arg(g.kw()).arg(x.c1()).arg(x.factors().fd()).arg(x.factors().fh())
                .arg(x.factors().fw()).arg(gpuRowsPerChunk(g)).arg(tile.seg()).arg(flag(bias))
                .launch(new long[] {coBlocks * threads, ciBlocks, gpuWeightChunks(g)}, new long[] {threads, 1, 1});
    }
}
