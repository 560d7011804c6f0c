/*
 * conv_tf32.cl: TF32 tensor-core convolution (implicit GEMM on mma.sync.m16n8k8, OPENCL-KERNELS.md 6a "Next
 * step"), for NVIDIA GPUs of compute capability 8.0 or newer. The math is that of conv3d_forward_naive in conv.cl
 * with both operands rounded to TF32 (10 mantissa bits, round to nearest, ties away from zero: cvt.rna) and fp32
 * accumulation. Backward data runs the same kernel on the masked dY with flipped, transposed weights (packed by
 * conv3d_weights_pack_mma of mma.cl with flip = 1); backward weights is conv3d_backward_weights_tf32 (split-K GEMMs per tap,
 * at the end of this file; the fp32 kernel of conv_gpu.cl where its tile does not fit).
 *
 * The first, single-stage TF32 kernels (run on an H200: bench/results/nvidia-h200-tf32-tests.txt); conv_mma.cl holds
 * their pipelined successors (cp.async stages, ldmatrix, TF32 and BF16), chosen by the tile's stages (0 = these).
 * The launcher builds this file with conv_input.cl and mma.cl in front. mma.cl has the two builds of the primitives:
 * with -DJCARE_NVIDIA_PTX (set by ConvKernels only on NVIDIA devices of compute capability >= 8.0) WARP_MMA is MT x NT
 * inline-PTX mma.sync instructions and to_tf32 is cvt.rna.tf32.f32; without it (PoCL, other vendors, tests) WARP_MMA
 * is an emulation that does the SAME fragment-level computation in plain OpenCL C, so a wrong fragment load gives a
 * wrong result there too. Everything else (tiling, implicit im2col, zero padding, fragment loads and ownership,
 * epilogue) is the same code in both builds. #pragma unroll is given in the PTX build only: PoCL needs about a minute
 * to compile the unrolled emulation (barriers inside), a few seconds without. The fragment layouts are in mma.cl.
 *
 * The GEMM: M = output voxels of a TH x TW tile of one (n, d) slice, N = output channels (a block of BN),
 * K = Cin x taps, walked as (8 input channels) x (one tap) per mma k-step.
 *
 * The input x may be the concatenation [upsample(low), skip] read through by the staging loops (conv_in of
 * conv_input.cl: C1 channels from low at (d/FD, h/FH, w/FW), the rest from skip; C1 = 0 for a plain input x = skip).
 *
 * conv3d_forward_tf32(y, x, low, wf, bias, residual, xs, ws, N, Cin, Cout, CoutPad, D, H, W, KD, KH, KW, C1, FD, FH,
 *                     FW, KHG, hasBias, hasResidual, relu)
 *   Work-group = TH x TW output voxels x BN output channels; NTHREADS = 32 * (TH*TW/WM) * (BN/WN) work-items,
 *   local size (NTHREADS, 1, 1); NDRange (ceil(W/TW)*NTHREADS, ceil(H/TH), N*D*ceil(Cout/BN)).
 *   Warp (wm, wn) computes the WM x WN sub-tile: MT = WM/16 m-tiles (16 consecutive W voxels of one tile row each)
 *   times NT = WN/8 n-tiles, MT*NT*4 fp32 accumulators per lane.
 *   Stage = 8 input channels x one kd x KHG kernel rows (KHG chosen on the host so that local memory fits):
 *     xs [8][CS]: the zero-padded input halo (TH+KH-1) x (TW+KW-1) of the 8 channels at depth d+kd-pd, TF32-rounded,
 *        staged once per (channels, kd) and reused by all KH*KW taps (im2col is implicit: A[m][k] of tap (kh, kw) is
 *        xs[k][row(m)+kh][col(m)+kw]). Channel stride CS = the smallest value >= XH*XW with CS % 16 == 8, so that
 *        the 4 lanes t = 0..3 of a fragment load land 8 banks apart: conflict-free (the +pad idea of the GEMM).
 *     ws [KHG*KW][BN/8][32][2]: the weight fragments of the stage's taps, copied as they are from wf (float4; the
 *        kernel argument is a __local float4* for its 16-byte alignment).
 *   barrier, then per tap: MT A fragments (4 scalar local loads each), NT B fragments (one float2 each), MT*NT mma.
 *   Epilogue: bias, residual (fp32, same layout as y, when hasResidual), ReLU, bounds-checked stores (tiles past W, H, Cout compute on zeros and do not store).
 *
 * wf: the B fragments [ceil(Cin/8)][T][CoutPad/8][32][2] of conv3d_weights_pack_mma (mma.cl, TF32 build).
 *
 * Layouts as in conv.cl: x [N][Cin][D][H][W], y [N][Cout][D][H][W], w [Cout][Cin][KD][KH][KW], taps
 * t = (kd*KH + kh)*KW + kw. Local memory (bytes) = 4 * (8*CS + KHG*KW*BN*8), plus in the emulation a kernel-scope
 * scratch of 4 * (MT*128 + NT*64) bytes per warp.
 * Checked offline with clang 15 (OpenCL C -> nvptx64, libclc) and ptxas 13.0 for sm_90a: the default tile compiles to
 * 16 mma.sync and 20 ld.shared (16 .u32 + 4 .v2) per tap, 170 registers, no spills.
 *
 * Tunables (build options; defaults here, per-device values and per-shape adjustment in ConvTf32Tunables):
 *   TW = 32, TH = 4   output tile (TW a multiple of 16: an m-tile never crosses a tile row)
 *   BN = 64           output channels per work-group (a multiple of WN)
 *   WM = 64, WN = 32  warp tile (WM a multiple of 16 dividing TW*TH, WN a multiple of 8)
 *   JCARE_NVIDIA_PTX  undefined: the portable emulation
 */

#ifndef TW
#define TW 32
#endif
#ifndef TH
#define TH 4
#endif
#ifndef BN
#define BN 64
#endif
#ifndef WM
#define WM 64
#endif
#ifndef WN
#define WN 32
#endif

#define MT (WM / 16)
#define NT (WN / 8)
#define WARPS_M ((TW * TH) / WM)
#define WARPS_N (BN / WN)
#define NWARPS (WARPS_M * WARPS_N)
#define NTHREADS (32 * NWARPS)

/* to_tf32, WARP_MMA (mma.sync or its emulation) and the weight packing (conv3d_weights_pack_mma) are in mma.cl */

__kernel __attribute__((reqd_work_group_size(NTHREADS, 1, 1)))
void conv3d_forward_tf32(__global float* restrict y, __global const float* restrict x,
                         __global const float* restrict low, __global const float* restrict wf,
                         __global const float* restrict bias, __global const float* restrict residual,
                         __local float* xs, __local float4* ws4, const int N, const int Cin, const int Cout,
                         const int CoutPad, const int D, const int H, const int W, const int KD, const int KH,
                         const int KW, const int C1, const int FD, const int FH, const int FW, const int KHG,
                         const int hasBias, const int hasResidual, const int relu) {
#ifndef JCARE_NVIDIA_PTX
    __local float scratchAll[NWARPS * (MT * 128 + NT * 64)];
#endif
    /* ws is declared float4 so that the local argument is 16-byte aligned: NVIDIA does not align a __local float*
     * argument to 16 bytes, and the float4 store through it faulted there (CL_OUT_OF_RESOURCES on the H200) */
    __local float* ws = (__local float*) ws4;
    const int lid = get_local_id(0);
    const int lane = lid & 31, warp = lid >> 5;
    const int g = lane >> 2, t = lane & 3;
    const int wm = warp % WARPS_M, wn = warp / WARPS_M;
#ifndef JCARE_NVIDIA_PTX
    __local float* scratch = scratchAll + warp * (MT * 128 + NT * 64);
#endif
    const int w0 = get_group_id(0) * TW, h0 = get_group_id(1) * TH;
    const int coBlocks = (Cout + BN - 1) / BN;
    const int zg = get_group_id(2);
    const int cob = zg % coBlocks;
    const int nd = zg / coBlocks;
    const int n = nd / D, d = nd % D;
    const int pd = KD / 2, ph = KH / 2, pw = KW / 2;
    const int XH = TH + KH - 1, XW = TW + KW - 1, XHW = XH * XW;
    const int CS = (XHW + 7) / 16 * 16 + 8; /* >= XHW and CS % 16 == 8: conflict-free A fragment loads */
    const int T = KD * KH * KW;
    const long plane = (long) D * H * W;
    const int nTiles8 = CoutPad / 8;

    /* this work-item's first halo element (c, r, col) and the step of NTHREADS in the same coordinates: the staging
     * loop then advances without divisions */
    const int c_0 = lid / XHW, r_0 = (lid % XHW) / XW, col_0 = lid % XW;
    const int c_s = NTHREADS / XHW, r_s = (NTHREADS % XHW) / XW, col_s = NTHREADS % XW;

    float acc[MT][NT][4] = {{{0.0f}}};

    for (int ci0 = 0; ci0 < Cin; ci0 += 8) {
        for (int kd = 0; kd < KD; kd++) {
            const int id = d + kd - pd;
            if (id < 0 || id >= D) {
                continue; /* uniform over the work-group: d is the group's */
            }
            for (int kh0 = 0; kh0 < KH; kh0 += KHG) {
                const int khn = min(KHG, KH - kh0);
                barrier(CLK_LOCAL_MEM_FENCE);
                if (kh0 == 0) {
                    int c = c_0, r = r_0, col = col_0;
                    for (int i = lid; i < 8 * XHW; i += NTHREADS) {
                        const int ci = ci0 + c, ih = h0 + r - ph, iw = w0 + col - pw;
                        const float v = (ci < Cin && ih >= 0 && ih < H && iw >= 0 && iw < W)
                                ? conv_in(low, x, n, ci, Cin, C1, D, H, W, FD, FH, FW, id, ih, iw) : 0.0f;
                        xs[c * CS + r * XW + col] = to_tf32(v);
                        col += col_s;
                        if (col >= XW) {
                            col -= XW;
                            r++;
                        }
                        r += r_s;
                        if (r >= XH) {
                            r -= XH;
                            c++;
                        }
                        c += c_s;
                    }
                }
                {
                    /* the stage's taps are contiguous in t: (kd*KH + kh0)*KW ... + khn*KW - 1 */
                    const int tap0 = (kd * KH + kh0) * KW;
                    const int quads = khn * KW * (BN * 2); /* float4s: BN*8 floats per tap */
                    __global const float* src = wf + (((long) (ci0 / 8) * T + tap0) * nTiles8 + cob * (BN / 8)) * 64;
                    for (int i = lid; i < quads; i += NTHREADS) {
                        const int tg = i / (BN * 2), q = i % (BN * 2);
                        /* 16-byte aligned: blocks of 64 floats in wf (buffers are at least 256-byte aligned) and ws4 */
                        ws4[i] = ((__global const float4*) (src + (long) tg * nTiles8 * 64))[q];
                    }
                }
                barrier(CLK_LOCAL_MEM_FENCE);
                for (int kh = 0; kh < khn; kh++) {
                    for (int kw = 0; kw < KW; kw++) {
                        uint af[MT][4];
                        uint bf[NT][2];
#ifdef JCARE_NVIDIA_PTX
#pragma unroll
#endif
                        for (int i = 0; i < MT; i++) {
                            const int m0 = wm * WM + 16 * i;
                            __local const float* p = xs + t * CS + (m0 / TW + kh0 + kh) * XW + (m0 % TW) + kw + g;
                            af[i][0] = as_uint(p[0]);
                            af[i][1] = as_uint(p[8]);
                            af[i][2] = as_uint(p[4 * CS]);
                            af[i][3] = as_uint(p[4 * CS + 8]);
                        }
#ifdef JCARE_NVIDIA_PTX
#pragma unroll
#endif
                        for (int j = 0; j < NT; j++) {
                            const float2 bv = *(__local const float2*) (ws + (((kh * KW + kw) * (BN / 8) + wn * NT + j) * 32
                                    + lane) * 2);
                            bf[j][0] = as_uint(bv.x);
                            bf[j][1] = as_uint(bv.y);
                        }
                        WARP_MMA(&acc[0][0][0], &af[0][0], &bf[0][0], MT, NT);
                    }
                }
            }
        }
    }

    const int coWarp = cob * BN + wn * WN;
#ifdef JCARE_NVIDIA_PTX
#pragma unroll
#endif
    for (int i = 0; i < MT; i++) {
        const int m0 = wm * WM + 16 * i;
        const int h = h0 + m0 / TW;
        const int wA = w0 + m0 % TW + g; /* rows g and g + 8 of the m-tile */
        if (h < H) {
            const long row = (long) n * Cout * plane + ((long) d * H + h) * W;
#ifdef JCARE_NVIDIA_PTX
#pragma unroll
#endif
            for (int j = 0; j < NT; j++) {
#ifdef JCARE_NVIDIA_PTX
#pragma unroll
#endif
                for (int e = 0; e < 4; e++) {
                    const int co = coWarp + 8 * j + 2 * t + (e & 1);
                    const int w = wA + (e >> 1) * 8;
                    if (co < Cout && w < W) {
                        const long o = row + (long) co * plane + w;
                        const float v = acc[i][j][e] + (hasBias ? bias[co] : 0.0f) + (hasResidual ? residual[o] : 0.0f);
                        y[o] = relu ? fmax(v, 0.0f) : v;
                    }
                }
            }
        }
    }
}

/*
 * conv3d_backward_weights_tf32: split-K weight (and bias) gradients on the tensor cores. Per tap, a GEMM with
 * M = output channels, N = input channels, K = voxels: dW[co][ci][tap] = sum_v g[co][v] * x[ci][v + tap].
 * conv3d_backward_weights_tf32(pw, pb, x, low, g, gs, xs, N, Cin, Cout, D, H, W, KD, KH, KW, C1, FD, FH, FW,
 *                              rowsPerChunk, SEG, hasBias)
 * Work-group = WBM output channels x 8*WNTI input channels x all taps x one split-K chunk of rows (n, d, h);
 * WWARPS warps, warp w owns the taps w*TPW ... w*TPW + TPW - 1 (slots past T compute on a repeated tap and are not
 * stored): WMT*WNTI*TPW*4 accumulators per lane. Per row and segment of SEG voxels along W (SEG a multiple of 8, a
 * kernel argument so that one build serves every width):
 *   gs [WBM][SEG+4]: dY of the block (A[m][k] = gs[m][k], row stride SEG+4: conflict-free A fragment loads),
 *   xs [8*WNTI][CSX]: the zero-padded input rows [KD*KH][SEG+KW-1] every tap needs, channel stride CSX = the
 *     smallest value >= KD*KH*(SEG+KW-1) with CSX % 8 == 4 (conflict-free B fragment loads: B[k][n] of tap
 *     (r, kw) = xs[n][r][k + kw]),
 * both TF32-rounded; barrier; then per k-step of 8 voxels the warp loads its WMT A fragments once and, per tap slot,
 * WNTI B fragments and WMT*WNTI mma. Bias: the work-groups of input-channel block 0 also sum dY in fp32 (threads
 * lid < WBM, one output channel each), fused. Outputs as conv3d_backward_weights_gpu: pw [chunks][Cout][Cin][T],
 * pb [chunks][Cout], summed by conv3d_backward_weights_reduce in a fixed order (deterministic).
 * NDRange (ceil(Cout/WBM)*32*WWARPS, ceil(Cin/(8*WNTI)), chunks), local (32*WWARPS, 1, 1).
 * Tunables (ConvTf32Weights, adapted per shape): WBM = 32, WNTI = 2, TPW = 5, WWARPS = ceil(T / TPW); the
 * argument SEG = 32 at most.
 */
#ifndef WBM
#define WBM 32
#endif
#ifndef WNTI
#define WNTI 2
#endif
#ifndef TPW
#define TPW 5
#endif
#ifndef WWARPS
#define WWARPS 6
#endif
#define WMT (WBM / 16)
#define WNTHREADS (32 * WWARPS)

__kernel __attribute__((reqd_work_group_size(WNTHREADS, 1, 1)))
void conv3d_backward_weights_tf32(__global float* restrict pw, __global float* restrict pb,
                                  __global const float* restrict x, __global const float* restrict low,
                                  __global const float* restrict gy, __local float* gs, __local float* xs, const int N,
                                  const int Cin, const int Cout, const int D, const int H, const int W, const int KD,
                                  const int KH, const int KW, const int C1, const int FD, const int FH, const int FW,
                                  const int rowsPerChunk, const int SEG, const int hasBias) {
#ifndef JCARE_NVIDIA_PTX
    __local float scratchAll[WWARPS * (WMT * 128 + WNTI * 64)];
#endif
    const int lid = get_local_id(0);
    const int lane = lid & 31, warp = lid >> 5;
    const int g = lane >> 2, t = lane & 3;
#ifndef JCARE_NVIDIA_PTX
    __local float* scratch = scratchAll + warp * (WMT * 128 + WNTI * 64);
#endif
    const int co0 = get_group_id(0) * WBM;
    const int ci0 = get_group_id(1) * (8 * WNTI);
    const int chunk = get_group_id(2);
    const int pd = KD / 2, ph = KH / 2, pwd = KW / 2;
    const int R = KD * KH, XW = SEG + KW - 1, RXW = R * XW;
    const int CSX = (RXW + 3) / 8 * 8 + 4; /* >= RXW and CSX % 8 == 4: conflict-free B fragment loads */
    const int RS = SEG + 4;                /* gs row stride: conflict-free A fragment loads */
    const int T = KD * KH * KW;
    const long plane = (long) D * H * W;
    const int rows = N * D * H;
    const int row0 = chunk * rowsPerChunk;
    const int row1 = min(rows, row0 + rowsPerChunk);
    const bool withBias = hasBias && get_group_id(1) == 0 && lid < WBM;

    /* the staging loops walk (m, k) of gs and (c, kd, kh, col) of xs without divisions: this work-item's first element
     * and the step of WNTHREADS in those coordinates */
    const int gm_0 = lid / SEG, gk_0 = lid % SEG, gm_s = WNTHREADS / SEG, gk_s = WNTHREADS % SEG;
    const int xc_0 = lid / RXW, xkd_0 = (lid % RXW) / XW / KH, xkh_0 = (lid % RXW) / XW % KH, xcol_0 = lid % XW;
    const int xc_s = WNTHREADS / RXW, xkd_s = (WNTHREADS % RXW) / XW / KH, xkh_s = (WNTHREADS % RXW) / XW % KH;
    const int xcol_s = WNTHREADS % XW;

    /* the taps of this warp's slots, as (row r = kd*KH + kh, kw); slots past T repeat the last tap */
    int slotRow[TPW], slotKw[TPW];
#ifdef JCARE_NVIDIA_PTX
#pragma unroll
#endif
    for (int s = 0; s < TPW; s++) {
        const int tap = min(warp * TPW + s, T - 1);
        slotRow[s] = tap / KW;
        slotKw[s] = tap % KW;
    }
    float acc[TPW][WMT][WNTI][4] = {{{{0.0f}}}};
    float accb = 0.0f;

    for (int row = row0; row < row1; row++) {
        const int h = row % H, d = (row / H) % D, n = row / (H * D);
        for (int w0 = 0; w0 < W; w0 += SEG) {
            barrier(CLK_LOCAL_MEM_FENCE);
            {
                int m = gm_0, k = gk_0;
                for (int i = lid; i < WBM * SEG; i += WNTHREADS) {
                    const int co = co0 + m, w = w0 + k;
                    const float v = (co < Cout && w < W)
                            ? gy[((long) n * Cout + co) * plane + ((long) d * H + h) * W + w] : 0.0f;
                    gs[m * RS + k] = to_tf32(v);
                    k += gk_s;
                    if (k >= SEG) {
                        k -= SEG;
                        m++;
                    }
                    m += gm_s;
                }
            }
            {
                int c = xc_0, kd = xkd_0, kh = xkh_0, col = xcol_0;
                for (int i = lid; i < 8 * WNTI * RXW; i += WNTHREADS) {
                    const int ci = ci0 + c, id = d + kd - pd, ih = h + kh - ph, iw = w0 + col - pwd;
                    const float v = (ci < Cin && id >= 0 && id < D && ih >= 0 && ih < H && iw >= 0 && iw < W)
                            ? conv_in(low, x, n, ci, Cin, C1, D, H, W, FD, FH, FW, id, ih, iw) : 0.0f;
                    xs[c * CSX + (kd * KH + kh) * XW + col] = to_tf32(v);
                    /* advance (c, kd, kh, col) by WNTHREADS: mixed-radix addition, one carry per digit */
                    col += xcol_s;
                    if (col >= XW) {
                        col -= XW;
                        kh++;
                    }
                    kh += xkh_s;
                    if (kh >= KH) {
                        kh -= KH;
                        kd++;
                    }
                    kd += xkd_s;
                    if (kd >= KD) {
                        kd -= KD;
                        c++;
                    }
                    c += xc_s;
                }
            }
            if (withBias) {
                /* fp32, from global memory (the staged copy is rounded); the rows were just read: cached */
                const int co = co0 + lid;
                if (co < Cout) {
                    __global const float* gr = gy + ((long) n * Cout + co) * plane + ((long) d * H + h) * W;
                    for (int w = w0; w < min(W, w0 + SEG); w++) {
                        accb += gr[w];
                    }
                }
            }
            barrier(CLK_LOCAL_MEM_FENCE);
            for (int k0 = 0; k0 < SEG; k0 += 8) {
                uint af[WMT][4];
#ifdef JCARE_NVIDIA_PTX
#pragma unroll
#endif
                for (int i = 0; i < WMT; i++) {
                    __local const float* p = gs + (i * 16 + g) * RS + k0 + t;
                    af[i][0] = as_uint(p[0]);
                    af[i][1] = as_uint(p[8 * RS]);
                    af[i][2] = as_uint(p[4]);
                    af[i][3] = as_uint(p[8 * RS + 4]);
                }
#ifdef JCARE_NVIDIA_PTX
#pragma unroll
#endif
                for (int s = 0; s < TPW; s++) {
                    uint bf[WNTI][2];
#ifdef JCARE_NVIDIA_PTX
#pragma unroll
#endif
                    for (int j = 0; j < WNTI; j++) {
                        __local const float* q = xs + (j * 8 + g) * CSX + slotRow[s] * XW + k0 + t + slotKw[s];
                        bf[j][0] = as_uint(q[0]);
                        bf[j][1] = as_uint(q[4]);
                    }
                    WARP_MMA(&acc[s][0][0][0], &af[0][0], &bf[0][0], WMT, WNTI);
                }
            }
        }
    }

    const long wCount = (long) Cout * Cin * T;
#ifdef JCARE_NVIDIA_PTX
#pragma unroll
#endif
    for (int s = 0; s < TPW; s++) {
        const int tap = warp * TPW + s;
        if (tap < T) {
#ifdef JCARE_NVIDIA_PTX
#pragma unroll
#endif
            for (int i = 0; i < WMT; i++) {
#ifdef JCARE_NVIDIA_PTX
#pragma unroll
#endif
                for (int j = 0; j < WNTI; j++) {
#ifdef JCARE_NVIDIA_PTX
#pragma unroll
#endif
                    for (int e = 0; e < 4; e++) {
                        const int co = co0 + i * 16 + g + (e >> 1) * 8;
                        const int ci = ci0 + j * 8 + 2 * t + (e & 1);
                        if (co < Cout && ci < Cin) {
                            pw[chunk * wCount + ((long) co * Cin + ci) * T + tap] = acc[s][i][j][e];
                        }
                    }
                }
            }
        }
    }
    if (withBias && co0 + lid < Cout) {
        pb[(long) chunk * Cout + co0 + lid] = accb;
    }
}
