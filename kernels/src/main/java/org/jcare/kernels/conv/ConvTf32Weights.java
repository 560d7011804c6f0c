package org.jcare.kernels.conv;

import java.util.ArrayList;
import java.util.List;
import org.jcare.engine.cl.DeviceInfo;

/**
 * The tile of the tensor-core weight-gradient kernels ({@code conv3d_backward_weights_tf32} in {@code conv_tf32.cl},
 * and its pipelined TF32/BF16 successor {@code conv3d_backward_weights_mma} in {@code conv_mma.cl}): per tap a GEMM of
 * output channels x input channels over the voxels of a split-K chunk. A work-group holds {@code bm} output channels x
 * {@code nci} input channels x every tap; its warps share the taps, {@code taps} each. Adapted to each shape by
 * {@link #forGeometry}.
 *
 * @param bm   output channels per work-group (a multiple of 16: one mma m-tile each)
 * @param nci  input channels per work-group (a multiple of 8: one mma n-tile each)
 * @param taps taps per warp, at most (the warps are ceil(taps of the kernel / taps), at most 8)
 * @param seg  voxels along W staged per step (a multiple of 8: one TF32 mma k-step each; BF16 rounds it up to 16)
 */
public record ConvTf32Weights(int bm, int nci, int taps, int seg) {
    /**
     * 32 output x 16 input channels, 5 taps per warp (6 warps for 3x3x3, 5 for 5x5), 32 voxels per step: 80 fp32
     * accumulators per lane, 8 + 5 x 4 local loads per 20 mma; about 24 KB of local memory for 3x3x3.
     */
    public static final ConvTf32Weights DEFAULT = new ConvTf32Weights(32, 16, 5, 32);
    /**
     * At most 8 warps (256 work-items): at up to 255 registers each (the accumulators of many taps) a work-group still
     * fits the 64K registers of a multiprocessor, so the launch cannot fail for lack of registers.
     */
    private static final int MAX_WARPS = 8;
    /** Taps per warp beyond which the kernel is not used (5x5x5: 16 taps x 2 x 1 tiles = 128 accumulators). */
    public static final int MAX_TAPS_PER_WARP = 16;
    /** Local memory the shaped tiles are planned for: 48 KiB, NVIDIA's limit per work-group in OpenCL. */
    public static final long PLAN_BYTES = 49152;

    /** Checks every value at once. */
    public ConvTf32Weights {
        List<String> bad = new ArrayList<>();
        if (bm < 16 || bm % 16 != 0) {
            bad.add("bm " + bm + " is not a positive multiple of 16");
        }
        if (nci < 8 || nci % 8 != 0) {
            bad.add("nci " + nci + " is not a positive multiple of 8");
        }
        if (taps < 1) {
            bad.add("taps " + taps + " is not positive");
        }
        if (seg < 8 || seg % 8 != 0) {
            bad.add("seg " + seg + " is not a positive multiple of 8");
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("TF32 weight-gradient tile: " + String.join("; ", bad));
        }
    }

    /**
     * The tile for {@code g}: channels cut to what the layer has (rounded up to the mma shape), the W segment to the
     * width, taps per warp spread evenly over ceil(T / taps) warps (at most 8), bm to at most 32 per warp (the fused
     * bias sum gives one output channel to each of the first bm work-items); then, for large kernels, nci and seg
     * halved until the tile fits {@link #PLAN_BYTES} (NVIDIA's local memory).
     */
    public ConvTf32Weights forGeometry(ConvGeometry g) {
        return forGeometry(g, false);
    }

    /**
     * As {@link #forGeometry(ConvGeometry)}; for {@code bf16} (the pipelined kernel's m16n8k16: 16 voxels per k-step)
     * the segment is a multiple of 16.
     */
    public ConvTf32Weights forGeometry(ConvGeometry g, boolean bf16) {
        int kStep = bf16 ? 16 : 8;
        int t = g.taps();
        int warps = Math.min(MAX_WARPS, (t + Math.min(taps, t) - 1) / Math.min(taps, t));
        int perWarp = (t + warps - 1) / warps;
        warps = (t + perWarp - 1) / perWarp;
        int m = Math.min(Math.min(bm, roundUp(g.cout(), 16)), Math.max(16, 32 * warps / 16 * 16));
        int n = Math.min(nci, roundUp(g.cin(), 8));
        int s = roundUp(Math.min(seg, roundUp(g.w(), 8)), kStep);
        ConvTf32Weights tile = new ConvTf32Weights(m, n, perWarp, s);
        while (tile.localBytes(g, true) > PLAN_BYTES && (tile.nci > 8 || tile.seg > kStep)) {
            tile = tile.nci > 8 ? new ConvTf32Weights(m, roundUp(tile.nci / 2, 8), perWarp, tile.seg)
                    : new ConvTf32Weights(m, tile.nci, perWarp, roundUp(tile.seg / 2, kStep));
        }
        return tile;
    }

    /** Warps per work-group for {@code g} (this tile shaped by {@link #forGeometry}). */
    public int warps(ConvGeometry g) {
        return (g.taps() + taps - 1) / taps;
    }

    /** The build options of the kernel for {@code g} (this tile shaped by {@link #forGeometry}). */
    public String options(ConvGeometry g) {
        // seg is a kernel argument: one build serves every width
        return "-DWBM=" + bm + " -DWNTI=" + nci / 8 + " -DTPW=" + taps + " -DWWARPS=" + warps(g);
    }

    /** Floats of the staged dY block, bm rows of seg + 4 (the pad makes the A fragment loads conflict-free). */
    public long gradientFloats() {
        return (long) bm * (seg + 4);
    }

    /** Floats of the staged input rows: nci channels of kd*kh rows of seg + kw - 1, channel stride padded. */
    public long inputFloats(ConvGeometry g) {
        long rows = (long) g.kd() * g.kh() * (seg + g.kw() - 1);
        return nci * ((rows + 3) / 8 * 8 + 4);
    }

    /** Local memory of one work-group in bytes, with the emulation's per-warp scratch unless {@code ptx}. */
    public long localBytes(ConvGeometry g, boolean ptx) {
        long scratch = ptx ? 0 : 4L * warps(g) * ((bm / 16) * 128 + (nci / 8) * 64);
        return 4 * (gradientFloats() + inputFloats(g)) + scratch;
    }

    /**
     * Local memory of one work-group of the pipelined kernel ({@code conv_mma.cl}) with {@code stages} stages of
     * (dY block, input rows), plus the emulation's per-warp scratch of mma and ldmatrix unless {@code ptx}.
     */
    public long pipelinedBytes(ConvGeometry g, int stages, boolean ptx, boolean bf16) {
        int mt = bm / 16;
        int nt = nci / 8;
        long scratch = ptx ? 0 : 4L * warps(g) * ((bf16 ? mt * 256 + nt * 128 : mt * 128 + nt * 64) + mt * 32);
        return 4L * stages * (gradientFloats() + inputFloats(g)) + scratch;
    }

    /** Stages of the pipelined kernel for {@code g} (this tile shaped for it): up to {@code wanted}, within {@code limit}. */
    public int stagesFitting(ConvGeometry g, int wanted, long limit, boolean ptx, boolean bf16) {
        int s = wanted;
        while (s > 0 && pipelinedBytes(g, s, ptx, bf16) > limit) {
            s--;
        }
        return s;
    }

    /**
     * Null when the kernel can run {@code g} on {@code device} (this tile shaped for it), else why not: the work-group
     * size, local memory within {@code budget} (0: the device's), and at most {@link #MAX_TAPS_PER_WARP} taps per warp
     * (beyond, the accumulators spill: 7x7x7 goes to the fp32 kernel).
     */
    public String unsupportedReason(DeviceInfo device, ConvGeometry g, boolean ptx, long budget) {
        return reason(device, g, ptx, budget, null);
    }

    /**
     * As {@link #unsupportedReason(DeviceInfo, ConvGeometry, boolean, long)} for the pipelined kernel of
     * {@code conv_mma.cl} with TF32 ({@code bf16} false) or BF16 operands: local memory for one stage.
     */
    public String unsupportedReason(DeviceInfo device, ConvGeometry g, boolean ptx, long budget, boolean bf16) {
        return reason(device, g, ptx, budget, bf16);
    }

    /** pipelinedBf16 null: the single-stage kernel of conv_tf32.cl; else the pipelined one with those operands. */
    private String reason(DeviceInfo device, ConvGeometry g, boolean ptx, long budget, Boolean pipelinedBf16) {
        ConvTf32Weights s = forGeometry(g, pipelinedBf16 != null && pipelinedBf16);
        if (s.taps > MAX_TAPS_PER_WARP) {
            return "TF32 weight gradients of " + g.taps() + " taps need " + s.taps + " per warp, more than "
                    + MAX_TAPS_PER_WARP + " (the accumulators would spill)";
        }
        long threads = 32L * s.warps(g);
        long maxWg = Math.min(1024, device.maxWorkGroupSize());
        if (threads > maxWg) {
            return "TF32 weight-gradient work-group of " + threads + " work-items exceeds " + maxWg;
        }
        long limit = budget > 0 ? Math.min(budget, device.localMemBytes()) : device.localMemBytes();
        long bytes = pipelinedBf16 == null ? s.localBytes(g, ptx) : s.pipelinedBytes(g, 1, ptx, pipelinedBf16);
        if (bytes > limit) {
            return "TF32 weight-gradient tile needs " + bytes + " B of local memory, limit " + limit;
        }
        return null;
    }

    private static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }
}
