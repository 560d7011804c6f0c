/*
 * conv_cpu.cl: CPU-shaped convolution kernels for PoCL (OPENCL-KERNELS.md section 5): per work-item register
 * tiles of explicit float vectors, no local memory, no barriers, small work-groups. The math is that of
 * conv3d_forward_naive / conv3d_backward_weights_naive in conv.cl.
 *
 * Both kernels read zero-padded activations (conv3d_pad in conv.cl, which also reads the U-Net decoder's
 * concatenation [upsample(low), skip] through, so that no other copy of it exists), so their inner loops have no
 * bounds checks:
 *   xp [N*C][Dp][Hp][Wp], Dp = D+KD-1, Hp = H+KH-1, Wp = W+KW-1, x at (pd, ph, pw), plus slack after the end.
 * Inside one depth slice the padded plane is flattened: output voxel (h, w) is position q = h*Wp + w, and tap
 * (kd, kh, kw) of it reads xp at q + (kd*Hp + kh)*Wp + kw of slice d. So a run of consecutive q is a run of
 * consecutive memory for every tap: one unaligned vector load per tap, whatever the row breaks are. The work is
 * cut into segments of VW consecutive positions (see segments() below): when W is a multiple of VW (CARE
 * patches) a segment is a piece of one row and nothing is wasted ("row mode"); otherwise segments run across
 * row breaks and the Wp - W padding columns of each row are computed and thrown away, a waste of (KW-1)/Wp.
 *
 * conv3d_forward_cpu(y, xp, wp, bias, residual, N, Cin, Cout, D, H, W, KD, KH, KW, rowMode, hasBias, hasResidual,
 *                    relu)
 *   y and residual [N][Cout][D][H][W] (residual read only when hasResidual); wp [ceil(Cout/RCO)][Cin][T][RCO] (conv3d_weights_pack with block RCO: the weights of
 *   one work-item are contiguous); bias [Cout]. A strip is RWV consecutive segments.
 *   NDRange (ceil(strips per slice / NS), N*D, ceil(Cout / RCO)), strips per slice = ceil(segments / RWV).
 *   Work-item = NS strips x RCO output channels. The register tile is one strip: RCO*RWV vector accumulators;
 *   per (ci, tap) RWV vector loads of x, RCO scalar weights, RCO*RWV FMAs. Input channels are taken in blocks of
 *   CB: for each block the NS strips are visited in turn, their tiles parked in private memory in between, so
 *   that a block's weights (CB*T*RCO floats) and input rows are reused from L1 by all NS strips instead of
 *   being streamed from L2 once per strip (which happens as soon as Cin*T*RCO floats outgrow L1: Cin = 64).
 *   Epilogue: bias, residual, ReLU (in this order), store of the positions with w < W and h < H (a full vector store when the vector lies
 *   inside one row). Backward data runs this kernel on the padded, masked dY with the flipped, transposed weights.
 *
 * conv3d_backward_weights_cpu(pw, pb, xp, gp, N, Cin, Cout, D, H, W, KD, KH, KW, rowMode, stripsPerChunk,
 *                             hasBias)
 *   Split-K: the segments (n, d, g) of the batch are cut into chunks of stripsPerChunk segments;
 *   pw [chunks][Cout][Cin][T] and pb [chunks][Cout] get each chunk's sums (conv3d_backward_weights_reduce in
 *   conv.cl then adds the chunks in a fixed order: deterministic, no atomics). gp is dY masked by the ReLU
 *   and padded like xp (conv3d_pad_relu_masked), so every lane with w >= W reads a zero gradient.
 *   NDRange (ceil(T / WRT) * Cin, ceil(Cout / WRCO), chunks). Work-item = WRCO output channels x WRT taps of
 *   one input channel: WRCO*WRT vector accumulators along q, horizontally summed at the end; per vector of
 *   positions WRCO + WRT vector loads for WRCO*WRT FMAs. Work-items with ci = 0 and the first tap block also
 *   sum the gradient itself: the bias gradient, fused.
 *
 * Tunables (build options; defaults here, per-device values in ConvTunables.java):
 *   VW   = 8   vector width along q: 4, 8 (AVX2) or 16 (AVX-512, twice the FLOPs per instruction on Zen 5)
 *   RWV  = 2   forward: vectors per work-item
 *   RCO  = 6   forward: output channels per work-item (RCO*RWV accumulators must fit the vector registers)
 *   NS   = 2   forward: strips per work-item
 *   CB   = 16  forward: input channels per block
 *   WRCO = 2   backward weights: output channels per work-item
 *   WRT  = 5   backward weights: taps per work-item (WRCO*(WRT+1) accumulators with the bias ones: 12 on AVX2)
 */

#ifndef VW
#define VW 8
#endif
#ifndef RWV
#define RWV 2
#endif
#ifndef RCO
#define RCO 6
#endif
#ifndef NS
#define NS 2
#endif
#ifndef CB
#define CB 16
#endif
#ifndef WRCO
#define WRCO 2
#endif
#ifndef WRT
#define WRT 5
#endif

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define floatV CAT(float, VW)
#define intV CAT(int, VW)
#define vloadV CAT(vload, VW)
#define vstoreV CAT(vstore, VW)

/* Horizontal sum in a fixed tree order (halves added, vector ops): deterministic and cheap. */
float hsum(const floatV v) {
#if VW == 16
    const float8 a = v.lo + v.hi;
    const float4 b = a.lo + a.hi;
#elif VW == 8
    const float4 b = v.lo + v.hi;
#else
    const float4 b = v;
#endif
    const float2 c = b.lo + b.hi;
    return c.x + c.y;
}

/* The vectors of VW positions ("segments") of one padded slice. Flattened mode (rowMode = 0): segment g starts
 * at q = g*VW, ceil(H*Wp / VW) of them, the Wp - W padding columns of every row computed and discarded. Row mode
 * (rowMode = 1, chosen by the host when W is a multiple of VW): segment g is the (g % (W/VW))-th piece of row
 * g / (W/VW), H*W/VW of them, no position wasted. */
int segments(const int rowMode, const int H, const int W, const int Wp) {
    return rowMode ? H * (W / VW) : (H * Wp + VW - 1) / VW;
}

int segment_start(const int g, const int rowMode, const int segsPerRow, const int Wp) {
    return rowMode ? (g / segsPerRow) * Wp + (g % segsPerRow) * VW : g * VW;
}

__kernel void conv3d_forward_cpu(__global float* restrict y, __global const float* restrict xp,
                                 __global const float* restrict wp, __global const float* restrict bias,
                                 __global const float* restrict residual, const int N, const int Cin, const int Cout,
                                 const int D, const int H, const int W, const int KD, const int KH, const int KW,
                                 const int rowMode, const int hasBias, const int hasResidual, const int relu) {
    const int Hp = H + KH - 1, Wp = W + KW - 1, Dp = D + KD - 1;
    const int segsPerRow = rowMode ? W / VW : 0;
    const int segs = segments(rowMode, H, W, Wp);
    const int stripsPerSlice = (segs + RWV - 1) / RWV;
    const int s0 = get_global_id(0) * NS;
    const int z = get_global_id(1); /* n * D + d */
    const int cob = get_global_id(2);
    const int co0 = cob * RCO;
    if (s0 >= stripsPerSlice || z >= N * D || co0 >= Cout) {
        return;
    }
    const int ns = min(NS, stripsPerSlice - s0);
    const int n = z / D, d = z % D;
    const long slice = (long) Hp * Wp;
    const long chan = (long) Dp * slice;
    const int T = KD * KH * KW;
    __global const float* wb = wp + (long) cob * Cin * T * RCO;

    /* accumulators of all NS strips live in private memory between input-channel blocks; one strip's tile is
     * in registers while a block is added, so the block's weights and input rows stay in L1 */
    floatV part[NS][RCO][RWV];
    for (int s = 0; s < NS; s++) {
#pragma unroll
        for (int c = 0; c < RCO; c++) {
#pragma unroll
            for (int j = 0; j < RWV; j++) {
                part[s][c][j] = (floatV) (0.0f);
            }
        }
    }
    for (int cb = 0; cb < Cin; cb += CB) {
        const int cbEnd = min(Cin, cb + CB);
        for (int s = 0; s < ns; s++) {
            __global const float* xb = xp + (long) n * Cin * chan + d * slice;
            int qv[RWV];
#pragma unroll
            for (int j = 0; j < RWV; j++) {
                qv[j] = segment_start(min((s0 + s) * RWV + j, segs - 1), rowMode, segsPerRow, Wp);
            }
            floatV acc[RCO][RWV];
#pragma unroll
            for (int c = 0; c < RCO; c++) {
#pragma unroll
                for (int j = 0; j < RWV; j++) {
                    acc[c][j] = part[s][c][j];
                }
            }
            for (int ci = cb; ci < cbEnd; ci++) {
                __global const float* xc = xb + ci * chan;
                __global const float* wt = wb + (long) ci * T * RCO;
                for (int kd = 0; kd < KD; kd++) {
                    for (int kh = 0; kh < KH; kh++) {
                        __global const float* xr = xc + (kd * Hp + kh) * Wp;
                        for (int kw = 0; kw < KW; kw++) {
                            floatV xv[RWV];
#pragma unroll
                            for (int j = 0; j < RWV; j++) {
                                xv[j] = vloadV(0, xr + kw + qv[j]);
                            }
#pragma unroll
                            for (int c = 0; c < RCO; c++) {
                                const floatV wv = (floatV) (wt[c]);
#pragma unroll
                                for (int j = 0; j < RWV; j++) {
                                    acc[c][j] = fma(wv, xv[j], acc[c][j]);
                                }
                            }
                            wt += RCO;
                        }
                    }
                }
            }
#pragma unroll
            for (int c = 0; c < RCO; c++) {
#pragma unroll
                for (int j = 0; j < RWV; j++) {
                    part[s][c][j] = acc[c][j];
                }
            }
        }
    }

    const long outPlane = (long) H * W;
    for (int s = 0; s < ns; s++) {
#pragma unroll
        for (int j = 0; j < RWV; j++) {
            const int seg = (s0 + s) * RWV + j;
            if (seg >= segs) {
                continue; /* the last strip of a slice may have fewer than RWV segments */
            }
            const int q = segment_start(seg, rowMode, segsPerRow, Wp);
            const int h = q / Wp, w = q - h * Wp;
            const bool full = h < H && w + VW <= W;
#pragma unroll
            for (int c = 0; c < RCO; c++) {
                const int co = co0 + c;
                if (co < Cout) {
                    floatV v = part[s][c][j] + (hasBias ? bias[co] : 0.0f);
                    const long yo = ((long) (n * Cout + co) * D + d) * outPlane;
                    __global float* yc = y + yo;
                    if (full) {
                        if (hasResidual) {
                            v += vloadV(0, residual + yo + h * W + w);
                        }
                        if (relu) {
                            v = fmax(v, (floatV) (0.0f));
                        }
                        vstoreV(v, 0, yc + h * W + w);
                    } else {
                        float lane[VW];
                        vstoreV(v, 0, lane);
                        int hh = h, ww = w;
                        for (int l = 0; l < VW; l++) {
                            if (hh < H && ww < W) {
                                float e = lane[l] + (hasResidual ? residual[yo + hh * W + ww] : 0.0f);
                                yc[hh * W + ww] = relu ? fmax(e, 0.0f) : e;
                            }
                            if (++ww == Wp) {
                                ww = 0;
                                hh++;
                            }
                        }
                    }
                }
            }
        }
    }
}

__kernel void conv3d_backward_weights_cpu(__global float* restrict pw, __global float* restrict pb,
                                          __global const float* restrict xp, __global const float* restrict gp,
                                          const int N, const int Cin, const int Cout, const int D, const int H,
                                          const int W, const int KD, const int KH, const int KW, const int rowMode,
                                          const int stripsPerChunk, const int hasBias) {
    const int T = KD * KH * KW;
    const int tapBlocks = (T + WRT - 1) / WRT;
    const int i0 = get_global_id(0); /* ci * tapBlocks + tb */
    const int co0 = get_global_id(1) * WRCO;
    const int chunk = get_global_id(2);
    const int Hp = H + KH - 1, Wp = W + KW - 1, Dp = D + KD - 1;
    const int planeQ = H * Wp;
    const int segsPerRow = rowMode ? W / VW : 0;
    const int stripsPerSlice = segments(rowMode, H, W, Wp); /* a strip here is one segment of VW positions */
    const long totalStrips = (long) N * D * stripsPerSlice;
    const long k0 = (long) chunk * stripsPerChunk;
    if (i0 >= Cin * tapBlocks || co0 >= Cout || k0 >= totalStrips) {
        return;
    }
    const int ci = i0 / tapBlocks;
    const int t0 = (i0 % tapBlocks) * WRT;
    const long k1 = min(totalStrips, k0 + stripsPerChunk);
    const long slice = (long) Hp * Wp;
    const long chan = (long) Dp * slice;
    const int pd = KD / 2, ph = KH / 2, pwd = KW / 2;
    const int gOff = ph * Wp + pwd; /* output voxel q of slice d sits at q + gOff in gp's slice d + pd */
    const bool withBias = hasBias && ci == 0 && t0 == 0;

    int off[WRT];
#pragma unroll
    for (int j = 0; j < WRT; j++) {
        const int t = min(t0 + j, T - 1); /* taps past T duplicate the last one and are not stored */
        const int kd = t / (KH * KW), kh = (t / KW) % KH, kw = t % KW;
        off[j] = (kd * Hp + kh) * Wp + kw;
    }
    int cos[WRCO];
#pragma unroll
    for (int c = 0; c < WRCO; c++) {
        cos[c] = min(co0 + c, Cout - 1); /* channels past Cout duplicate the last one and are not stored */
    }

    floatV acc[WRCO][WRT];
    floatV accb[WRCO];
#pragma unroll
    for (int c = 0; c < WRCO; c++) {
        accb[c] = (floatV) (0.0f);
#pragma unroll
        for (int j = 0; j < WRT; j++) {
            acc[c][j] = (floatV) (0.0f);
        }
    }

    /* walk the chunk slice by slice, so that the base pointers change only between slices and the inner loop
     * is loads and FMAs; the last vector of a slice (lanes past H*Wp) is peeled off and masked */
    const int fullStrips = rowMode ? stripsPerSlice : planeQ / VW;
    long k = k0;
    while (k < k1) {
        const int z = (int) (k / stripsPerSlice);
        const int s0 = (int) (k % stripsPerSlice);
        const int s1 = (int) min((long) stripsPerSlice, s0 + (k1 - k));
        const int n = z / D, d = z % D;
        __global const float* xs = xp + ((long) n * Cin + ci) * chan + d * slice;
        __global const float* gs[WRCO];
#pragma unroll
        for (int c = 0; c < WRCO; c++) {
            gs[c] = gp + ((long) n * Cout + cos[c]) * chan + (d + pd) * slice + gOff;
        }
        const int sFull = min(s1, fullStrips);
        /* q of segment s, kept by counters (row, col) rather than divided out in the loop */
        int row = rowMode ? s0 / segsPerRow : 0;
        int col = rowMode ? s0 % segsPerRow : s0;
        for (int s = s0; s < sFull; s++) {
            const int q = row * Wp + col * VW;
            if (++col == segsPerRow) { /* never in flattened mode, where segsPerRow is 0 */
                col = 0;
                row++;
            }
            floatV gv[WRCO];
#pragma unroll
            for (int c = 0; c < WRCO; c++) {
                gv[c] = vloadV(0, gs[c] + q);
            }
#pragma unroll
            for (int j = 0; j < WRT; j++) {
                const floatV xv = vloadV(0, xs + off[j] + q);
#pragma unroll
                for (int c = 0; c < WRCO; c++) {
                    acc[c][j] = fma(gv[c], xv, acc[c][j]);
                }
            }
            if (withBias) {
#pragma unroll
                for (int c = 0; c < WRCO; c++) {
                    accb[c] += gv[c];
                }
            }
        }
        if (s1 > fullStrips && s0 < s1) {
            /* flattened mode: the last vector of the slice runs past its H*Wp positions; with KH = 1 there is no
             * zero halo row below, so mask those lanes explicitly (select, not multiply: 0 * NaN would be NaN) */
            const int q = max(s0, fullStrips) * VW;
            int lane[VW];
#pragma unroll
            for (int l = 0; l < VW; l++) {
                lane[l] = q + l < planeQ ? -1 : 0;
            }
            const intV m = vloadV(0, lane);
            floatV gv[WRCO];
#pragma unroll
            for (int c = 0; c < WRCO; c++) {
                gv[c] = select((floatV) (0.0f), vloadV(0, gs[c] + q), m);
            }
#pragma unroll
            for (int j = 0; j < WRT; j++) {
                const floatV xv = vloadV(0, xs + off[j] + q);
#pragma unroll
                for (int c = 0; c < WRCO; c++) {
                    acc[c][j] = fma(gv[c], xv, acc[c][j]);
                }
            }
            if (withBias) {
#pragma unroll
                for (int c = 0; c < WRCO; c++) {
                    accb[c] += gv[c];
                }
            }
        }
        k += s1 - s0;
    }

    const long wCount = (long) Cout * Cin * T;
#pragma unroll
    for (int c = 0; c < WRCO; c++) {
        const int co = co0 + c;
        if (co < Cout) {
#pragma unroll
            for (int j = 0; j < WRT; j++) {
                if (t0 + j < T) {
                    pw[chunk * wCount + ((long) co * Cin + ci) * T + t0 + j] = hsum(acc[c][j]);
                }
            }
            if (withBias) {
                pb[(long) chunk * Cout + co] = hsum(accb[c]);
            }
        }
    }
}
