package org.jcare.kernels.conv;

import java.util.ArrayList;
import java.util.List;
import org.jcare.engine.cl.DeviceInfo;

/**
 * The tunables of the tensor-core convolutions ({@code conv_tf32.cl} and {@code conv_mma.cl}, whose headers document
 * the kernels): for the forward kernel (also backward data) the output tile of a work-group (tw x th voxels x bn output
 * channels) and the warp tile (wm voxels x wn channels); the weight-gradient tile ({@link ConvTf32Weights}); the
 * kernel generation ({@code stages}: 0 the single-stage kernels of {@code conv_tf32.cl}, 1 to 4 the cp.async pipeline
 * of {@code conv_mma.cl} with that many input stages); and what applies to all (local-memory budget, register cap,
 * emulation). BF16 runs on the same tiles in {@code conv_mma.cl} ({@link #forBf16}). The launcher adapts the tiles to
 * each shape with {@link #forGeometry}: narrow planes get a narrower, taller tile, short ones a shorter tile, and few
 * output channels a smaller bn, so that small layers do not compute mostly padding.
 *
 * @param tw      output tile width (a multiple of 16: an m16 tile of mma never crosses a tile row)
 * @param th      output tile height
 * @param bn      output channels per work-group, at most (a multiple of 8)
 * @param wm      voxels per warp (a multiple of 16 dividing tw * th)
 * @param wn      output channels per warp (a multiple of 8 dividing bn)
 * @param localBytes local memory per work-group to plan the stages for, in bytes; 0 = the device's limit (a smaller
 *                budget stages fewer kernel rows of weights at a time and lets more work-groups share a multiprocessor)
 * @param maxRegisters register cap per work-item for the NVIDIA build ({@code -cl-nv-maxrregcount}); 0 = the
 *                compiler's choice (ptxas on sm_90 gives the default tile about 170 registers: 3 work-groups of 128 per
 *                multiprocessor; 128 allows 4 with a few bytes of spills)
 * @param emulate run the portable emulation of mma.sync even where the tensor cores are available (debugging:
 *                separates a problem of the inline PTX from one of the tiling)
 * @param weights the tile of the weight-gradient kernel
 * @param stages  0: the single-stage kernels of {@code conv_tf32.cl} (TF32 only); 1 to 4: the pipelined kernels of
 *                {@code conv_mma.cl} with up to that many input stages in local memory (fewer where they do not fit;
 *                1 = no overlap of loads and mma)
 */
public record ConvTf32Tunables(int tw, int th, int bn, int wm, int wn, int localBytes, int maxRegisters,
                               boolean emulate, ConvTf32Weights weights, int stages) {
    /** Input channels per stage: one mma k-step of 8. */
    public static final int K_SLICE = 8;
    /**
     * 128 voxels (32 x 4) x 64 channels per work-group, 64 x 32 per warp: 4 warps, 64 fp32 accumulators per lane, 20
     * local loads (16 scalar A, 4 float2 B) per 16 mma, about 25 KB of local memory for 3x3x3 (OPENCL-KERNELS.md 6a
     * start point; to be tuned on the card).
     */
    public static final ConvTf32Tunables DEFAULT = new ConvTf32Tunables(32, 4, 64, 64, 32, 0, 0, false);
    /** Input stages of the pipelined kernels where the tile names none (BF16 on a single-stage tile). */
    public static final int PIPELINE_STAGES = 2;
    /** The largest pipeline: four stages of the default 3x3x3 tile take 26 KB of NVIDIA's 48 KiB. */
    public static final int MAX_STAGES = 4;
    /** Accumulators per lane of the pipelined forward kernel, at most (a 64 x 64 warp tile). */
    public static final int MAX_ACCUMULATORS = 128;

    /** The tunables with the default weight-gradient tile ({@link ConvTf32Weights#DEFAULT}), single-stage kernels. */
    public ConvTf32Tunables(int tw, int th, int bn, int wm, int wn, int localBytes, int maxRegisters, boolean emulate) {
        this(tw, th, bn, wm, wn, localBytes, maxRegisters, emulate, ConvTf32Weights.DEFAULT, 0);
    }

    /** The tunables with the single-stage kernels of {@code conv_tf32.cl}. */
    public ConvTf32Tunables(int tw, int th, int bn, int wm, int wn, int localBytes, int maxRegisters, boolean emulate,
                            ConvTf32Weights weights) {
        this(tw, th, bn, wm, wn, localBytes, maxRegisters, emulate, weights, 0);
    }

    /** Checks every value at once. */
    public ConvTf32Tunables {
        List<String> bad = new ArrayList<>();
        if (tw < 16 || tw % 16 != 0) {
            bad.add("tw " + tw + " is not a positive multiple of 16");
        }
        if (th < 1) {
            bad.add("th " + th + " is not positive");
        }
        if (wm < 16 || wm % 16 != 0) {
            bad.add("wm " + wm + " is not a positive multiple of 16");
        } else if (tw > 0 && th > 0 && (tw * th) % wm != 0) {
            bad.add("wm " + wm + " does not divide the tile tw * th = " + tw * th);
        }
        if (wn < 8 || wn % 8 != 0) {
            bad.add("wn " + wn + " is not a positive multiple of 8");
        } else if (bn < wn || bn % wn != 0) {
            bad.add("bn " + bn + " is not a positive multiple of wn " + wn);
        }
        if (weights == null) {
            bad.add("weights tile missing");
        }
        if (maxRegisters < 0) {
            bad.add("maxRegisters " + maxRegisters + " is negative");
        }
        if (localBytes < 0) {
            bad.add("localBytes " + localBytes + " is negative");
        }
        if (stages < 0 || stages > MAX_STAGES) {
            bad.add("stages " + stages + " is not 0 (single-stage kernels) to " + MAX_STAGES);
        } else if (stages > 0 && bad.isEmpty() && (wm / 16) * (wn / 8) * 4 > MAX_ACCUMULATORS) {
            bad.add("warp tile " + wm + " x " + wn + " needs " + (wm / 16) * (wn / 8) * 4 + " accumulators per lane, more"
                    + " than " + MAX_ACCUMULATORS);
        }
        // the fields are assigned after this block: compute from the parameters. At most 256 work-items: at up to 255
        // registers each a work-group still fits a multiprocessor's 64K registers (the launch cannot fail for them)
        if (bad.isEmpty() && 32L * (tw * th / wm) * (bn / wn) > 256) {
            bad.add("work-group of " + 32L * (tw * th / wm) * (bn / wn) + " work-items exceeds 256");
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("TF32 conv tunables: " + String.join("; ", bad));
        }
    }

    /** Work-items per work-group: 32 per warp, (tw * th / wm) x (bn / wn) warps. */
    public int threads() {
        return 32 * (tw * th / wm) * (bn / wn);
    }

    /**
     * The tile for {@code g}: tw halved (and th doubled) while the plane is at most half as wide, th halved while it is
     * at most half as high, bn cut to the output channels rounded up to wn (or to 8 when there are fewer than wn),
     * wm cut to the tile. Each result satisfies the same rules as the tunables.
     */
    public ConvTf32Tunables forGeometry(ConvGeometry g) {
        int w = tw;
        int h = th;
        while (w > 16 && w % 32 == 0 && g.w() <= w / 2) {
            w /= 2;
            h *= 2;
        }
        while (h > 1 && h % 2 == 0 && g.h() <= h / 2) {
            h /= 2;
        }
        int m = Math.min(wm, w * h);
        if ((w * h) % m != 0) {
            m = 16;
        }
        int n = wn;
        int b;
        if (g.cout() <= wn) {
            n = roundUp(g.cout(), 8);
            b = n;
        } else {
            b = Math.min(bn, roundUp(g.cout(), wn));
        }
        return new ConvTf32Tunables(w, h, b, m, n, localBytes, maxRegisters, emulate, weights, stages);
    }

    /** The same tiles run through the portable emulation of mma.sync, also where there are tensor cores. */
    public ConvTf32Tunables emulated() {
        return new ConvTf32Tunables(tw, th, bn, wm, wn, localBytes, maxRegisters, true, weights, stages);
    }

    /** The same tiles on the kernel generation {@code s} (0: single-stage; 1 to 4: pipelined with s stages). */
    public ConvTf32Tunables withStages(int s) {
        return new ConvTf32Tunables(tw, th, bn, wm, wn, localBytes, maxRegisters, emulate, weights, s);
    }

    /** True when these tiles run the pipelined kernels of {@code conv_mma.cl}. */
    public boolean pipelined() {
        return stages > 0;
    }

    /**
     * The tiles BF16 runs on: these, on the pipelined kernels ({@link #PIPELINE_STAGES} stages where these are
     * single-stage: only {@code conv_mma.cl} has BF16).
     */
    public ConvTf32Tunables forBf16() {
        return pipelined() ? this : withStages(PIPELINE_STAGES);
    }

    /** True when the kernels run the inline PTX on {@code device} (else the emulation). */
    public boolean ptx(DeviceInfo device) {
        return !emulate && ConvVariant.tensorCores(device);
    }

    /** The build options of {@code conv_tf32.cl} for this (shaped) tile; {@code ptx} selects the inline-PTX build. */
    public String options(boolean ptx) {
        return "-DTW=" + tw + " -DTH=" + th + " -DBN=" + bn + " -DWM=" + wm + " -DWN=" + wn + nvidia(ptx);
    }

    /**
     * The build options of the pipelined forward kernel ({@code conv_mma.cl}) for this (shaped) tile with {@code fit}
     * stages ({@link #mmaStages}); {@code bf16} selects BF16 operands, {@code plain} the loader for plain inputs.
     */
    public String mmaOptions(int fit, boolean bf16, boolean plain, boolean ptx) {
        return "-DMMA_KERNEL_FORWARD -DTW=" + tw + " -DTH=" + th + " -DBN=" + bn + " -DWM=" + wm + " -DWN=" + wn
                + " -DSTAGES=" + fit + (bf16 ? " -DMMA_BF16" : "") + (plain ? " -DJCARE_PLAIN_INPUT" : "") + nvidia(ptx);
    }

    /**
     * The build options of the pipelined weight-gradient kernel for {@code g} (its tile shaped by
     * {@link ConvTf32Weights#forGeometry}) with {@code fit} stages ({@link ConvTf32Weights#stagesFitting}).
     */
    public String mmaWeightsOptions(ConvGeometry g, int fit, boolean bf16, boolean ptx) {
        return "-DMMA_KERNEL_WEIGHTS " + weights.forGeometry(g, bf16).options(g) + " -DSTAGES=" + fit
                + (bf16 ? " -DMMA_BF16" : "") + nvidia(ptx);
    }

    /** Floats of one input stage of the pipelined forward kernel: 8 channels of the (th + kh - 1) x (tw + kw - 1) halo. */
    public long mmaStageFloats(ConvGeometry g) {
        return (long) K_SLICE * (th + g.kh() - 1) * (tw + g.kw() - 1);
    }

    /** Local memory of the pipelined forward kernel besides its stages: the emulation's per-warp scratch. */
    private long mmaFixedBytes(boolean ptx, boolean bf16) {
        int mt = wm / 16;
        int nt = wn / 8;
        return ptx ? 0 : 4L * (threads() / 32) * ((bf16 ? mt * 256 + nt * 128 : mt * 128 + nt * 64) + mt * 32);
    }

    /**
     * Input stages of the pipelined forward kernel for {@code g} (this tile shaped for it): {@link #stages} (or
     * {@link #PIPELINE_STAGES} on a single-stage tile), fewer where they do not fit {@code deviceLocalBytes} (or the
     * smaller {@link #localBytes} budget); 0 when not even one fits.
     */
    public int mmaStages(ConvGeometry g, long deviceLocalBytes, boolean ptx, boolean bf16) {
        long budget = localBytes > 0 ? Math.min(localBytes, deviceLocalBytes) : deviceLocalBytes;
        long free = budget - mmaFixedBytes(ptx, bf16);
        long fit = free / (4 * mmaStageFloats(g));
        return (int) Math.max(0, Math.min(pipelined() ? stages : PIPELINE_STAGES, fit));
    }

    /** Local memory of one work-group of the pipelined forward kernel with {@code fit} stages, in bytes. */
    public long mmaLocalBytes(ConvGeometry g, int fit, boolean ptx, boolean bf16) {
        return 4L * fit * mmaStageFloats(g) + mmaFixedBytes(ptx, bf16);
    }

    /** Floats of the packed weights of the pipelined kernels: TF32 as {@link #packedWeights}, BF16 per tap pair. */
    public long mmaPackedWeights(ConvGeometry g, boolean bf16) {
        int khw = g.kh() * g.kw();
        int steps = bf16 ? (khw + 1) / 2 : khw;
        return (long) (g.cin() + K_SLICE - 1) / K_SLICE * g.kd() * steps * coutPad(g) * K_SLICE;
    }

    /**
     * Null when the pipelined forward kernel can run {@code g} (this tile shaped by {@link #forGeometry}) on
     * {@code device}, else why not: the work-group size and local memory for at least one stage.
     */
    public String mmaUnsupportedReason(DeviceInfo device, ConvGeometry g, boolean bf16) {
        ConvTf32Tunables s = forGeometry(g);
        long maxWg = Math.min(1024, device.maxWorkGroupSize());
        if (s.threads() > maxWg) {
            return "tensor-core work-group of " + s.threads() + " work-items exceeds " + maxWg;
        }
        boolean ptx = ptx(device);
        if (s.mmaStages(g, device.localMemBytes(), ptx, bf16) < 1) {
            return "tensor-core tile needs " + s.mmaLocalBytes(g, 1, ptx, bf16) + " B of local memory for one stage,"
                    + " device has " + device.localMemBytes() + (localBytes > 0 ? " (budget " + localBytes + ")" : "");
        }
        return null;
    }

    /** Null when the pipelined weight-gradient kernel can run {@code g} on {@code device}, else why not. */
    public String mmaWeightsUnsupportedReason(DeviceInfo device, ConvGeometry g, boolean bf16) {
        return weights.unsupportedReason(device, g, ptx(device), localBytes, bf16);
    }

    /** Stages of the pipelined weight-gradient kernel for {@code g} on {@code device} (at least 1 where supported). */
    public int mmaWeightsStages(DeviceInfo device, ConvGeometry g, boolean bf16) {
        long limit = localBytes > 0 ? Math.min(localBytes, device.localMemBytes()) : device.localMemBytes();
        return weights.forGeometry(g, bf16).stagesFitting(g, pipelined() ? stages : PIPELINE_STAGES, limit,
                ptx(device), bf16);
    }

    private String nvidia(boolean ptx) {
        return ptx ? " -DJCARE_NVIDIA_PTX" + (maxRegisters > 0 ? " -cl-nv-maxrregcount=" + maxRegisters : "") : "";
    }

    /**
     * The build options of {@code conv_tf32.cl} for the weight-gradient kernel of {@code g} (its tile shaped by
     * {@link ConvTf32Weights#forGeometry}); {@code ptx} selects the inline-PTX build.
     */
    public String weightsOptions(ConvGeometry g, boolean ptx) {
        return weights.forGeometry(g).options(g) + nvidia(ptx);
    }

    /** Null when the TF32 weight-gradient kernel can run {@code g} on {@code device}, else why not. */
    public String weightsUnsupportedReason(DeviceInfo device, ConvGeometry g) {
        return weights.unsupportedReason(device, g, ptx(device), localBytes);
    }

    /** Output channels of the packed weights: Cout rounded up to bn (every work-group reads whole fragments). */
    public int coutPad(ConvGeometry g) {
        return roundUp(g.cout(), bn);
    }

    /** Floats of the packed weights wf [ceil(Cin/8)][T][coutPad/8][32][2]. */
    public long packedWeights(ConvGeometry g) {
        return (long) (g.cin() + K_SLICE - 1) / K_SLICE * g.taps() * coutPad(g) * K_SLICE;
    }

    /** Floats of the staged input halo: 8 channels of (th + kh - 1) x (tw + kw - 1), channel stride padded. */
    public long haloFloats(ConvGeometry g) {
        int xhw = (th + g.kh() - 1) * (tw + g.kw() - 1);
        return (long) K_SLICE * ((xhw + 7) / 16 * 16 + 8);
    }

    /** Floats of the staged weight fragments of one kernel row (kw taps x bn channels x 8 input channels). */
    public long weightRowFloats(ConvGeometry g) {
        return (long) g.kw() * bn * K_SLICE;
    }

    private long fixedBytes(boolean ptx) {
        // the emulation's scratch is a kernel-scope __local array: it counts against the same limit
        // per warp: the A fragments (16x8) of its wm/16 m-tiles and the B fragments (8x8) of its wn/8 n-tiles
        return ptx ? 0 : 4L * (threads() / 32) * ((wm / 16) * 128 + (wn / 8) * 64);
    }

    /**
     * Kernel rows whose weights are staged together (the kernel argument KHG): as many as fit next to the halo in
     * {@code deviceLocalBytes} (or the smaller {@link #localBytes} budget), at most kh; 0 when not even one row fits.
     */
    public int tapRowsPerStage(ConvGeometry g, long deviceLocalBytes, boolean ptx) {
        long budget = localBytes > 0 ? Math.min(localBytes, deviceLocalBytes) : deviceLocalBytes;
        long free = budget - 4 * haloFloats(g) - fixedBytes(ptx);
        return (int) Math.max(0, Math.min(g.kh(), free / (4 * weightRowFloats(g))));
    }

    /** Local memory of one work-group in bytes with {@code rows} kernel rows of weights per stage. */
    public long stageBytes(ConvGeometry g, int rows, boolean ptx) {
        return 4 * (haloFloats(g) + rows * weightRowFloats(g)) + fixedBytes(ptx);
    }

    /**
     * Null when the TF32 kernel can run {@code g} (this tunables' tile shaped by {@link #forGeometry}) on
     * {@code device}, else why not: the work-group size and local memory for at least one kernel row per stage.
     */
    public String unsupportedReason(DeviceInfo device, ConvGeometry g) {
        ConvTf32Tunables s = forGeometry(g);
        long maxWg = Math.min(1024, device.maxWorkGroupSize());
        if (s.threads() > maxWg) {
            return "TF32 work-group of " + s.threads() + " work-items exceeds " + maxWg;
        }
        boolean ptx = ptx(device);
        if (s.tapRowsPerStage(g, device.localMemBytes(), ptx) < 1) {
            return "TF32 tile needs " + s.stageBytes(g, 1, ptx) + " B of local memory, device has "
                    + device.localMemBytes() + (localBytes > 0 ? " (budget " + localBytes + ")" : "");
        }
        return null;
    }

    private static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }
}
