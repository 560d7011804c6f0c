/*
 * conv_gpu.cl: GPU-shaped convolution kernels (OPENCL-KERNELS.md 6a and 6c): local-memory tiles of the input
 * halo and the weights, register tiles per work-item, split-K weight gradients with per-chunk partials.
 * The math is that of conv3d_forward_naive / conv3d_backward_weights_naive in conv.cl; layouts as there.
 * NVIDIA constraints honoured: local memory per work-group <= 48 KiB for kernels up to 7x7 (checked on the host,
 * ConvTunables.Gpu.unsupportedReason), at most 1024 work-items, uniform work-groups (the NDRange is padded to
 * the work-group size, so threads past the volume load zeros, take part in the barriers and do not store).
 *
 * The input x may be the concatenation [upsample(low), skip] read through by the loaders (conv_in of conv_input.cl:
 * C1 channels from low at (d/FD, h/FH, w/FW), the rest from skip; C1 = 0 for a plain input x = skip).
 *
 * conv3d_forward_gpu(y, x, low, wp, bias, residual, xs, ws, N, Cin, Cout, CoutPad, D, H, W, KD, KH, KW, C1, FD, FH,
 *                    FW, hasBias, hasResidual, relu)
 *   Output-stationary direct convolution. Work-group = output brick 1 x TH x TW voxels x BCO output channels,
 *   local size (TW/RW, TH, BCO/RCO); NDRange (ceil(W/TW)*TW/RW, ceil(H/TH)*TH, N*D*ceil(Cout/BCO)*BCO/RCO).
 *   Work-item = RW consecutive W voxels x RCO output channels (RW accumulators of floatRCO).
 *   Loop over input-channel chunks of CK and over kd: stage the zero-padded input slice halo
 *   xs [CK][TH+KH-1][TW+KW-1] and the weights ws [CK][KH][KW][BCO] (from wp [Cin][T][CoutPad], conv3d_weights_pack)
 *   in local memory, barrier, then per (c, kh) load RW+KW-1 inputs into registers once and reuse them for the
 *   KW taps x RCO channels. Epilogue: bias, residual (same layout as y, when hasResidual), ReLU, bounds-checked
 *   stores. Backward data runs this kernel on the
 *   masked dY with the flipped, transposed weights.
 *
 * conv3d_backward_weights_gpu(pw, pb, x, low, g, xs, gs, N, Cin, Cout, D, H, W, KD, KH, KW, C1, FD, FH, FW,
 *                             rowsPerChunk, hasBias)
 *   Split-K over the rows (n, d, h) of the batch: chunk k covers rows [k*rowsPerChunk, (k+1)*rowsPerChunk);
 *   pw [chunks][Cout][Cin][T], pb [chunks][Cout] get its sums (conv3d_backward_weights_reduce adds the chunks in
 *   a fixed order: deterministic, no float atomics). Work-group = WBCO output channels x BCI input channels x one
 *   chunk, local size (WBCO/WRCO, BCI, KD*KH/WKH) with BCI chosen on the host so that the group has <= 256 items;
 *   NDRange (ceil(Cout/WBCO)*WBCO/WRCO, ceil(Cin/BCI)*BCI, chunks*KD*KH/WKH). Work-item = WRCO output channels x
 *   one input channel x WKH kernel rows (kd, kh0 .. kh0+WKH-1) of KW taps: WKH*KW accumulators of floatWRCO (the
 *   register tile of OPENCL-KERNELS.md 6c: 3 rows x 3 taps x 8 channels = 72 for 3x3x3). Per row segment of WTW
 *   voxels: stage gs [WTW][WBCO] (dY, channels fastest) and xs [BCI][KD*KH][WTW+KW-1] (the input rows every tap
 *   needs, zero-padded), barrier, then walk W with a sliding window of KW inputs per kernel row: per voxel one
 *   vector load of WRCO gradients and WKH new input loads for WKH*KW*WRCO FMAs (the first version: one row, KW
 *   loads, KW*WRCO FMAs: 10 TFLOP/s on the H200 against the 19-21 measured for this tile).
 *   Work-items of input channel 0 and row item 0 also sum the gradient: the bias gradient, fused.
 *   g is dY already masked by the ReLU (conv3d_relu_mask).
 *
 * Tunables (build options; defaults here, per-device values in ConvTunables.java; start points of 6a/6c):
 *   TW = 32, TH = 8, RW = 4, RCO = 8, BCO = 32, CK = 4       forward tile (256 work-items)
 *   WBCO = 32, WRCO = 8, WTW = 32                             backward-weights tile
 *   KW_MAX = 3   register window bound: the forward kernel handles KW <= KW_MAX, the weight-gradient kernel needs
 *                KW == KW_MAX (its sliding window); the launcher builds one program per kernel width
 *   WKH = 1      kernel rows per weight-gradient work-item, a divisor of KH (one program per value as well)
 */

#ifndef TW
#define TW 32
#endif
#ifndef TH
#define TH 8
#endif
#ifndef RW
#define RW 4
#endif
#ifndef RCO
#define RCO 8
#endif
#ifndef BCO
#define BCO 32
#endif
#ifndef CK
#define CK 4
#endif
#ifndef WBCO
#define WBCO 32
#endif
#ifndef WRCO
#define WRCO 8
#endif
#ifndef WTW
#define WTW 32
#endif
#ifndef KW_MAX
#define KW_MAX 3
#endif
#ifndef WKH
#define WKH 1
#endif

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define floatR CAT(float, RCO)
#define vstoreR CAT(vstore, RCO)
#define floatWR CAT(float, WRCO)
#define vstoreWR CAT(vstore, WRCO)

/* n (RCO or WRCO) consecutive floats from local memory as 16-byte loads (8-byte for n = 2): the buffers are __local
 * float4* arguments (16-byte aligned on NVIDIA, which does not align a __local float*) and the offsets multiples of n
 * floats. vloadn of a __local float* compiles to n scalar loads: the compiler cannot assume the alignment. */
#define LOAD_LOCAL_2(p) (*(__local const float2*) (p))
#define LOAD_LOCAL_4(p) (*(__local const float4*) (p))
#define LOAD_LOCAL_8(p) ((float8) (((__local const float4*) (p))[0], ((__local const float4*) (p))[1]))
#define LOAD_LOCAL_16(p) ((float16) (((__local const float4*) (p))[0], ((__local const float4*) (p))[1], \
                                     ((__local const float4*) (p))[2], ((__local const float4*) (p))[3]))
#define LOAD_LOCAL(n, p) CAT(LOAD_LOCAL_, n)(p)

__kernel __attribute__((reqd_work_group_size(TW / RW, TH, BCO / RCO)))
void conv3d_forward_gpu(__global float* restrict y, __global const float* restrict x,
                        __global const float* restrict low, __global const float* restrict wp,
                        __global const float* restrict bias, __global const float* restrict residual, __local float* xs,
                        __local float4* ws4, const int N, const int Cin, const int Cout, const int CoutPad, const int D,
                        const int H, const int W, const int KD, const int KH, const int KW, const int C1, const int FD,
                        const int FH, const int FW, const int hasBias, const int hasResidual, const int relu) {
    __local float* ws = (__local float*) ws4;
    const int tx = get_local_id(0), ty = get_local_id(1), tz = get_local_id(2);
    const int tid = tx + (TW / RW) * (ty + TH * tz);
    const int nthreads = (TW / RW) * TH * (BCO / RCO);
    const int w0 = get_group_id(0) * TW, h0 = get_group_id(1) * TH;
    const int coBlocks = (Cout + BCO - 1) / BCO;
    const int zg = get_group_id(2);
    const int cob = zg % coBlocks;
    const int nd = zg / coBlocks;
    const int n = nd / D, d = nd % D;
    const int pd = KD / 2, ph = KH / 2, pw = KW / 2;
    const int XH = TH + KH - 1, XW = TW + KW - 1;
    const int T = KD * KH * KW;
    const long plane = (long) D * H * W;

    floatR acc[RW];
#pragma unroll
    for (int r = 0; r < RW; r++) {
        acc[r] = (floatR) (0.0f);
    }
    for (int ci0 = 0; ci0 < Cin; ci0 += CK) {
        for (int kd = 0; kd < KD; kd++) {
            const int id = d + kd - pd;
            if (id < 0 || id >= D) {
                continue; /* uniform over the work-group: d is the group's */
            }
            barrier(CLK_LOCAL_MEM_FENCE);
            for (int i = tid; i < CK * XH * XW; i += nthreads) {
                const int c = i / (XH * XW), r = (i / XW) % XH, col = i % XW;
                const int ci = ci0 + c, ih = h0 + r - ph, iw = w0 + col - pw;
                xs[i] = (ci < Cin && ih >= 0 && ih < H && iw >= 0 && iw < W)
                        ? conv_in(low, x, n, ci, Cin, C1, D, H, W, FD, FH, FW, id, ih, iw) : 0.0f;
            }
            for (int i = tid; i < CK * KH * KW * BCO; i += nthreads) {
                const int col = i % BCO, k = (i / BCO) % (KH * KW), c = i / (BCO * KH * KW);
                const int ci = ci0 + c, co = cob * BCO + col;
                ws[i] = (ci < Cin && co < Cout) ? wp[((long) ci * T + kd * KH * KW + k) * CoutPad + co] : 0.0f;
            }
            barrier(CLK_LOCAL_MEM_FENCE);
            for (int c = 0; c < CK; c++) {
                for (int kh = 0; kh < KH; kh++) {
                    __local const float* xr = xs + (c * XH + ty + kh) * XW + tx * RW;
                    float win[RW + KW_MAX - 1];
#pragma unroll
                    for (int j = 0; j < RW + KW_MAX - 1; j++) {
                        win[j] = j < RW + KW - 1 ? xr[j] : 0.0f;
                    }
                    __local const float* wr = ws + (c * KH + kh) * KW * BCO + tz * RCO;
#pragma unroll
                    for (int kw = 0; kw < KW_MAX; kw++) {
                        if (kw < KW) {
                            const floatR wv = LOAD_LOCAL(RCO, wr + kw * BCO);
#pragma unroll
                            for (int r = 0; r < RW; r++) {
                                acc[r] = fma((floatR) (win[r + kw]), wv, acc[r]);
                            }
                        }
                    }
                }
            }
        }
    }

    const int h = h0 + ty;
    if (h >= H) {
        return;
    }
    const int coBase = cob * BCO + tz * RCO;
#pragma unroll
    for (int r = 0; r < RW; r++) {
        const int w = w0 + tx * RW + r;
        if (w < W) {
            float out[RCO];
            vstoreR(acc[r], 0, out);
#pragma unroll
            for (int c = 0; c < RCO; c++) {
                const int co = coBase + c;
                if (co < Cout) {
                    const long o = ((long) n * Cout + co) * plane + ((long) d * H + h) * W + w;
                    float v = out[c] + (hasBias ? bias[co] : 0.0f) + (hasResidual ? residual[o] : 0.0f);
                    y[o] = relu ? fmax(v, 0.0f) : v;
                }
            }
        }
    }
}

__kernel void conv3d_backward_weights_gpu(__global float* restrict pw, __global float* restrict pb,
                                          __global const float* restrict x, __global const float* restrict low,
                                          __global const float* restrict g, __local float* xs, __local float4* gs4,
                                          const int N, const int Cin, const int Cout, const int D, const int H,
                                          const int W, const int KD, const int KH, const int KW, const int C1,
                                          const int FD, const int FH, const int FW, const int rowsPerChunk,
                                          const int hasBias) {
    __local float* gs = (__local float*) gs4;
    const int cog = get_local_id(0), cil = get_local_id(1), r = get_local_id(2);
    const int BCI = get_local_size(1);
    const int R = KD * KH;
    const int RB = KH / WKH; /* row blocks per kernel plane (WKH divides KH: ConvTunables.Gpu.weightRowsPerItem) */
    const int nthreads = (WBCO / WRCO) * BCI * KD * RB;
    const int tid = cog + (WBCO / WRCO) * (cil + BCI * r);
    const int co0 = get_group_id(0) * WBCO;
    const int ci0 = get_group_id(1) * BCI;
    const int chunk = get_group_id(2);
    const int kd = r / RB, kh0 = (r % RB) * WKH;
    const int pd = KD / 2, ph = KH / 2, pwd = KW / 2;
    const int XW = WTW + KW - 1;
    const int T = KD * KH * KW;
    const long plane = (long) D * H * W;
    const int rows = N * D * H;
    const int row0 = chunk * rowsPerChunk;
    const int row1 = min(rows, row0 + rowsPerChunk);
    const bool withBias = hasBias && get_group_id(1) == 0 && cil == 0 && r == 0;

    floatWR acc[WKH][KW_MAX];
    floatWR accb = (floatWR) (0.0f);
#pragma unroll
    for (int j = 0; j < WKH; j++) {
#pragma unroll
        for (int k = 0; k < KW_MAX; k++) {
            acc[j][k] = (floatWR) (0.0f);
        }
    }
    for (int row = row0; row < row1; row++) {
        const int h = row % H, d = (row / H) % D, n = row / (H * D);
        for (int w0 = 0; w0 < W; w0 += WTW) {
            barrier(CLK_LOCAL_MEM_FENCE);
            for (int i = tid; i < WTW * WBCO; i += nthreads) {
                const int col = i % WTW, c = i / WTW;
                const int co = co0 + c, w = w0 + col;
                gs[col * WBCO + c] = (co < Cout && w < W)
                        ? g[((long) n * Cout + co) * plane + ((long) d * H + h) * W + w] : 0.0f;
            }
            for (int i = tid; i < BCI * R * XW; i += nthreads) {
                const int col = i % XW, rr = (i / XW) % R, c = i / (XW * R);
                const int ci = ci0 + c, id = d + rr / KH - pd, ih = h + rr % KH - ph, iw = w0 + col - pwd;
                xs[i] = (ci < Cin && id >= 0 && id < D && ih >= 0 && ih < H && iw >= 0 && iw < W)
                        ? conv_in(low, x, n, ci, Cin, C1, D, H, W, FD, FH, FW, id, ih, iw) : 0.0f;
            }
            barrier(CLK_LOCAL_MEM_FENCE);
            /* WKH rows of KW taps x WRCO channels: a sliding window of KW inputs per row (one new local load per row
             * and voxel) against one vector of WRCO gradients per voxel: WKH*KW*WRCO FMAs per WKH + 2 local loads */
            __local const float* xr = xs + (cil * R + kd * KH + kh0) * XW;
            float win[WKH][KW_MAX];
#pragma unroll
            for (int j = 0; j < WKH; j++) {
#pragma unroll
                for (int k = 1; k < KW_MAX; k++) {
                    win[j][k] = xr[j * XW + k - 1];
                }
            }
#pragma unroll
            for (int v = 0; v < WTW; v++) {
                const floatWR gv = LOAD_LOCAL(WRCO, gs + v * WBCO + cog * WRCO);
#pragma unroll
                for (int j = 0; j < WKH; j++) {
#pragma unroll
                    for (int k = 0; k < KW_MAX - 1; k++) {
                        win[j][k] = win[j][k + 1];
                    }
                    win[j][KW_MAX - 1] = xr[j * XW + v + KW_MAX - 1];
#pragma unroll
                    for (int k = 0; k < KW_MAX; k++) {
                        acc[j][k] = fma((floatWR) (win[j][k]), gv, acc[j][k]);
                    }
                }
                if (withBias) {
                    accb += gv;
                }
            }
        }
    }

    const int ci = ci0 + cil;
    float out[WRCO];
    const long wCount = (long) Cout * Cin * T;
#pragma unroll
    for (int j = 0; j < WKH; j++) {
#pragma unroll
        for (int k = 0; k < KW_MAX; k++) {
            if (ci < Cin) {
                vstoreWR(acc[j][k], 0, out);
#pragma unroll
                for (int c = 0; c < WRCO; c++) {
                    const int co = co0 + cog * WRCO + c;
                    if (co < Cout) {
                        pw[chunk * wCount + ((long) co * Cin + ci) * T + (kd * KH + kh0 + j) * KW + k] = out[c];
                    }
                }
            }
        }
    }
    if (withBias) {
        vstoreWR(accb, 0, out);
#pragma unroll
        for (int c = 0; c < WRCO; c++) {
            const int co = co0 + cog * WRCO + c;
            if (co < Cout) {
                pb[(long) chunk * Cout + co] = out[c];
            }
        }
    }
}
