/*
 * conv_mma.cl: the pipelined tensor-core convolution, TF32 (mma.sync m16n8k8) or BF16 (-DMMA_BF16: m16n8k16), fp32
 * accumulation, for NVIDIA GPUs of compute capability 8.0 or newer; the successor of conv_tf32.cl's single-stage
 * kernels (OPENCL-KERNELS.md 6a, 9: "cp.async alone would allow double-buffered tiles inside 48 KB"). The math is that
 * of conv3d_forward_naive in conv.cl with both operands rounded (TF32: cvt.rna, ties away; BF16: cvt.rn, ties to even)
 * and fp32 sums. Backward data runs the forward kernel on the masked dY with flipped, transposed weights; backward
 * weights is conv3d_backward_weights_mma. The launcher builds it with conv_input.cl and mma.cl in front (mma.cl: the
 * primitives, their emulation on other devices, the weight packing, the fragment layouts) and with one of
 * -DMMA_KERNEL_FORWARD / -DMMA_KERNEL_WEIGHTS, so that a program holds only the kernel its tile is for.
 *
 * What is new against conv_tf32.cl, and why (its profile on the H200: 35-44 TFLOP/s of a 318 TFLOP/s mma.sync
 * ceiling, bound by staging and local-memory traffic):
 *   - STAGES buffers of staged input in local memory, filled with cp.async (global -> local without registers, zero
 *     fill for the padding): the loads of the next STAGES - 1 units overlap the mma of the current one.
 *   - Channels-last staging: xs [pos][8 channels] (pos = halo row * XW + halo column), so that the A fragments of
 *     an m-tile are 16 rows of 32 bytes: one ldmatrix.x4 instead of 4 scalar loads.
 *   - A swizzle against bank conflicts: the two 16-byte halves of a position swap when bit 2 of pos is set, so the 8
 *     rows of an ldmatrix phase (8 consecutive positions, any alignment) cover all 32 banks, and so do the stores of
 *     a staging warp (8 positions x 4 channels).
 *   - The weight fragments come straight from global memory (packed in fragment order, read by every work-group: L1
 *     and L2 hits), one k-step ahead in registers: no local memory and no staging for them, which leaves the local
 *     memory to the input stages.
 *   - Warp tiles up to 64 x 64 (MT*NT*4 accumulators per lane, at most 128).
 *   - TF32: the staged input is rounded in place after it lands (each work-item its own elements, once per stage)
 *     rather than per fragment load (KH*KW times per element). BF16: the fp32 stage is converted when the fragments
 *     are built (cvt.rn.bf16x2, one per register), with K ordered so that ldmatrix of fp32 gives them (mma.cl).
 *
 * The cp.async pipeline (PTX build), over units u = (8-channel slice, kd) of the forward kernel or (row, W segment)
 * of the weight gradients:
 *   prologue: issue units 0 .. STAGES-2, one commit group each
 *   for u: wait until unit u's group has landed (cp.async.wait_group STAGES-2), round it (TF32), barrier (all of
 *          unit u visible; everyone is done with unit u-1), issue unit u+STAGES-1 into unit u-1's buffer, commit
 *          (empty past the end: the group count stays uniform), compute unit u
 *   STAGES = 1: barrier, issue, commit, wait 0, round, barrier, compute (no overlap: the reference point).
 * The emulation (no JCARE_NVIDIA_PTX) runs the same loop with the copies deferred: issuing records nothing, and a wait
 * performs (synchronously, with the rounding) exactly the units whose groups the PTX wait would guarantee, at that
 * point. A unit read before its wait therefore holds stale data in the emulation too, and the tests see it.
 *
 * conv3d_forward_mma(y, x, low, wf, bias, residual, xs, N, Cin, Cout, CoutPad, D, H, W, KD, KH, KW, C1, FD, FH, FW,
 *                    hasBias, hasResidual, relu)                                 (MMA_KERNEL_FORWARD)
 *   Work-group = TH x TW output voxels x BN output channels, NTHREADS = 32 * (TH*TW/WM) * (BN/WN) work-items, local
 *   size (NTHREADS, 1, 1), NDRange (ceil(W/TW)*NTHREADS, ceil(H/TH), N*D*ceil(Cout/BN)), as conv3d_forward_tf32.
 *   GEMM: M = the tile's voxels, N = output channels, K = (8 input channels) x taps; units (c8, kd) over the slices
 *   and the kernel planes that fall inside the volume. xs [STAGES][XH*XW][8] (XH = TH+KH-1, XW = TW+KW-1): the
 *   zero-padded halo of the unit's 8 channels at depth d+kd-pd, swizzled as above. wf: conv3d_weights_pack_mma.
 *   Per k-step (one tap for TF32, a pair of taps for BF16): MT ldmatrix.x4 (two for BF16), NT 8-byte global loads of
 *   the next step's B fragments, MT*NT mma. Epilogue as conv3d_forward_tf32: bias, residual, ReLU, bounded stores.
 *   Local memory: 4 * STAGES * 8*XH*XW bytes (the host picks STAGES so that it fits), plus, in the emulation, the
 *   per-warp scratch of the mma and ldmatrix emulation.
 *
 * conv3d_backward_weights_mma(pw, pb, x, low, gy, stg, N, Cin, Cout, D, H, W, KD, KH, KW, C1, FD, FH, FW,
 *                             rowsPerChunk, SEG, hasBias)                        (MMA_KERNEL_WEIGHTS)
 *   As conv3d_backward_weights_tf32 (work-group = WBM output channels x 8*WNTI input channels x all taps x one
 *   split-K chunk of rows, WWARPS warps of TPW taps each; partials pw [chunks][Cout][Cin][T], pb [chunks][Cout]),
 *   with units (row, W segment of SEG voxels) pipelined through STAGES buffers stg [STAGES][gs | xs]:
 *     gs [WBM][SEG+4]  dY of the unit (A[m][k]; rows 16-byte aligned, conflict-free ldmatrix),
 *     xs [8*WNTI][CSX] the zero-padded input rows [KD*KH][SEG+KW-1] (B[k][n] of tap (r, kw) = xs[n][r][k + kw]).
 *   Per k-step of 8 voxels (TF32) or 16 (BF16): WMT ldmatrix.x4 of dY (two for BF16), then per tap slot WNTI B
 *   fragments (scalar loads: the kw shift leaves them unaligned for ldmatrix) and WMT*WNTI mma. SEG: a multiple of 8
 *   (TF32) or 16 (BF16). The bias gradient is summed in fp32 from global memory (the staged dY is rounded).
 *
 * Tunables (build options; defaults here, per-device values and per-shape adjustment in ConvTf32Tunables and
 * ConvTf32Weights): TW = 32, TH = 4, BN = 64, WM = 64, WN = 32 (forward), WBM = 32, WNTI = 2, TPW = 5, WWARPS = 6
 * (weights), STAGES = 2 (1..4), MMA_BF16, JCARE_PLAIN_INPUT (conv_input.cl), JCARE_NVIDIA_PTX (mma.cl).
 */

#ifndef STAGES
#define STAGES 2
#endif
#if STAGES < 1 || STAGES > 4
#error "STAGES must be 1 to 4"
#endif

#ifdef JCARE_NVIDIA_PTX
/* cp.async.wait_group with the pipeline's depth (an immediate operand: one literal per depth) */
#if STAGES == 1 || STAGES == 2
#define PIPE_WAIT() CP_ASYNC_WAIT(0)
#elif STAGES == 3
#define PIPE_WAIT() CP_ASYNC_WAIT(1)
#else
#define PIPE_WAIT() CP_ASYNC_WAIT(2)
#endif
#endif

#ifdef JCARE_TEST_EARLY_READ
#define EARLY_READ 1
#else
#define EARLY_READ 0
#endif

/* What a staging loop does with each element: cp.async it (PTX build), copy it now (emulation: at the wait), or
 * round it in place once it has landed (TF32, PTX build). */
#define STAGE_ASYNC 0
#define STAGE_COPY 1
#define STAGE_ROUND 2

#ifdef MMA_BF16
#define ROUND_STAGED(v) (v) /* BF16 rounds when it builds the fragments */
#else
#define ROUND_STAGED(v) to_tf32(v)
#endif

inline void stage_element(const int mode, __local float* dst, __global const float* src, const int valid) {
#ifdef JCARE_NVIDIA_PTX
    if (mode == STAGE_ASYNC) {
        cp_async4(dst, src, valid);
        return;
    }
#endif
    if (mode == STAGE_COPY) {
        *dst = ROUND_STAGED(valid ? *src : 0.0f);
    } else {
        *dst = ROUND_STAGED(*dst);
    }
}

#ifdef MMA_KERNEL_FORWARD

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

/*
 * One unit of the forward input into buf [XH*XW][8] (swizzled): channels ci0 .. ci0+7 at input depth id. Work-items
 * take blocks of 4 channels x 8 consecutive columns (lane & 7: the column, (lane >> 3) & 3: the channel), warp w the
 * blocks w, w + NWARPS, ... of (channel half, row, column block): coalesced 32-byte global reads and conflict-free
 * local stores. (b_ch, b_r, b_cb) is this warp's first block, (s_ch, s_r, s_cb) the step of NWARPS blocks, both in
 * those coordinates (no divisions in the loop).
 */
inline void stage_forward(const int mode, __local float* buf, __global const float* restrict x,
                          __global const float* restrict low, const int n, const int ci0, const int id, const int Cin,
                          const int C1, const int D, const int H, const int W, const int FD, const int FH, const int FW,
                          const int h0, const int w0, const int ph, const int pw, const int XH, const int XW,
                          const int NCB, const int lane, int b_ch, int b_r, int b_cb, const int s_ch, const int s_r,
                          const int s_cb) {
    const int cl = (lane >> 3) & 3, cc = lane & 7;
#ifdef JCARE_PLAIN_INPUT
    const long chw = (long) D * H * W;
    __global const float* xu = x + (((long) n * Cin + ci0) * D + id) * H * W;
#endif
    while (b_ch < 2) {
        const int col = b_cb * 8 + cc;
        if (col < XW) {
            const int c = b_ch * 4 + cl;
            const int pos = b_r * XW + col;
            __local float* dst = buf + pos * 8 + (((b_ch ^ (pos >> 2)) & 1) << 2) + cl;
            const int ci = ci0 + c, ih = h0 + b_r - ph, iw = w0 + col - pw;
            const int valid = ci < Cin && ih >= 0 && ih < H && iw >= 0 && iw < W;
#ifdef JCARE_PLAIN_INPUT
            __global const float* src = valid ? xu + c * chw + (long) ih * W + iw : x;
#else
            __global const float* src = valid ? conv_in_at(low, x, n, ci, Cin, C1, D, H, W, FD, FH, FW, id, ih, iw) : x;
#endif
            stage_element(mode, dst, src, valid);
        }
        /* advance (ch, r, cb) by NWARPS blocks: mixed-radix addition, one carry per digit */
        b_cb += s_cb;
        if (b_cb >= NCB) {
            b_cb -= NCB;
            b_r++;
        }
        b_r += s_r;
        if (b_r >= XH) {
            b_r -= XH;
            b_ch++;
        }
        b_ch += s_ch;
    }
}

/* The B fragments of one k-step (NT n-tiles, 8 bytes per lane each) from p (this lane's first word). NT, not a
 * parameter: the loop must unroll before inlining for bf[] to stay in registers (a 64 x 64 warp tile put it on the
 * stack otherwise). */
inline void load_b_fragments(uint* bf, __global const uint* restrict p) {
#ifdef JCARE_NVIDIA_PTX
#pragma unroll
#endif
    for (int j = 0; j < NT; j++) {
        const uint2 v = *(__global const uint2*) (p + j * 64);
        bf[j * 2 + 0] = v.x;
        bf[j * 2 + 1] = v.y;
    }
}

/* ldmatrix row offsets (floats into the stage) of this lane for the MT m-tiles of tap (kh, kw): row m0 + (lane & 15),
 * channel half lane >> 4, swizzled. An m-tile is 16 voxels of one tile row (TW is a multiple of 16). MT, not a
 * parameter: the loop must unroll before inlining for off[] to stay in registers. */
inline void a_offsets(int* off, const int wm, const int kh, const int kw, const int XW, const int lane) {
#ifdef JCARE_NVIDIA_PTX
#pragma unroll
#endif
    for (int i = 0; i < MT; i++) {
        const int m0 = wm * WM + 16 * i;
        const int pos = (m0 / TW + kh) * XW + (m0 % TW) + (lane & 15) + kw;
        off[i] = pos * 8 + ((((lane >> 4) ^ (pos >> 2)) & 1) << 2);
    }
}

__kernel __attribute__((reqd_work_group_size(NTHREADS, 1, 1)))
void conv3d_forward_mma(__global float* restrict y, __global const float* restrict x,
                        __global const float* restrict low, __global const uint* restrict wf,
                        __global const float* restrict bias, __global const float* restrict residual,
                        __local float4* xs4, const int N, const int Cin, const int Cout, const int CoutPad, const int D,
                        const int H, const int W, const int KD, const int KH, const int KW, const int C1, const int FD,
                        const int FH, const int FW, const int hasBias, const int hasResidual, const int relu) {
    /* float4: 16-byte alignment for ldmatrix rows and for NVIDIA, which does not align a __local float* argument */
    __local float* xs = (__local float*) xs4;
    const int lid = get_local_id(0);
    const int lane = lid & 31, warp = lid >> 5;
    const int g = lane >> 2, t = lane & 3;
    const int wm = warp % WARPS_M, wn = warp / WARPS_M;
#ifndef JCARE_NVIDIA_PTX
#ifdef MMA_BF16
    __local float scratchAll[NWARPS * (MT * 256 + NT * 128)];
    __local float* scratch = scratchAll + warp * (MT * 256 + NT * 128);
#else
    __local float scratchAll[NWARPS * (MT * 128 + NT * 64)];
    __local float* scratch = scratchAll + warp * (MT * 128 + NT * 64);
#endif
    __local int xchgAll[NWARPS * MT * 32];
    __local int* xchg = xchgAll + warp * MT * 32;
#endif
    const int w0 = get_group_id(0) * TW, h0 = get_group_id(1) * TH;
    const int coBlocks = (Cout + BN - 1) / BN;
    const int zg = get_group_id(2);
    const int cob = zg % coBlocks;
    const int nd = zg / coBlocks;
    const int n = nd / D, d = nd % D;
    const int pd = KD / 2, ph = KH / 2, pw = KW / 2;
    const int XH = TH + KH - 1, XW = TW + KW - 1;
    const int SS = 8 * XH * XW; /* floats per stage: a multiple of 8, so every stage is 32-byte aligned */
    const int KHW = KH * KW;
    const int SPP = (KHW + MMA_TAPS - 1) / MMA_TAPS; /* k-steps per unit */
    const int nTiles8 = CoutPad / 8;
    /* the kernel planes whose input depth d + kd - pd is inside the volume (uniform over the work-group) */
    const int kdLo = max(0, pd - d), kdHi = min(KD, D + pd - d);
    const int nKd = kdHi - kdLo;
    const int U = (Cin + 7) / 8 * nKd;

    /* staging blocks: (channel half, halo row, column block of 8); this warp's first block and the step of NWARPS */
    const int NCB = (XW + 7) / 8;
    const int b_cb = warp % NCB, b_r = (warp / NCB) % XH, b_ch = warp / (NCB * XH);
    const int s_cb = NWARPS % NCB, s_r = (NWARPS / NCB) % XH, s_ch = NWARPS / (NCB * XH);
#define STAGE_UNIT(mode, k)                                                                                        \
    stage_forward((mode), xs + ((k) % STAGES) * SS, x, low, n, (k) / nKd * 8, d + kdLo + (k) % nKd - pd, Cin, C1, \
                  D, H, W, FD, FH, FW, h0, w0, ph, pw, XH, XW, NCB, lane, b_ch, b_r, b_cb, s_ch, s_r, s_cb)
    /* this lane's B fragments of unit k, k-step 0 */
#define B_UNIT(k)                                                                                                  \
    (wf + ((long) ((k) / nKd * KD + kdLo + (k) % nKd) * SPP * nTiles8 + cob * (BN / 8) + wn * NT) * 64 + lane * 2)

    float acc[MT][NT][4] = {{{0.0f}}};
    uint bcur[NT][2], bnext[NT][2];
    load_b_fragments(&bcur[0][0], B_UNIT(0));

#ifdef JCARE_NVIDIA_PTX
#if STAGES > 1
    for (int k = 0; k < STAGES - 1; k++) {
        if (k < U) {
            STAGE_UNIT(STAGE_ASYNC, k);
        }
        CP_ASYNC_COMMIT();
    }
#endif
#else
    int committed = 0, landed = 0; /* emulated commit groups: group k is unit k (empty when k >= U) */
    /* JCARE_TEST_EARLY_READ (tests only): wait for one group less than the pipeline needs, a bug the tests must see */
#define EMULATED_WAIT(pending)                                                                                     \
    for (; landed < committed - (pending) - EARLY_READ; landed++) {                                                \
        if (landed < U) {                                                                                          \
            STAGE_UNIT(STAGE_COPY, landed);                                                                        \
        }                                                                                                          \
    }
#if STAGES > 1
    committed = STAGES - 1;
#endif
#endif

    for (int u = 0; u < U; u++) {
#if STAGES == 1
        barrier(CLK_LOCAL_MEM_FENCE);
#ifdef JCARE_NVIDIA_PTX
        STAGE_UNIT(STAGE_ASYNC, u);
        CP_ASYNC_COMMIT();
        PIPE_WAIT();
#ifndef MMA_BF16
        STAGE_UNIT(STAGE_ROUND, u);
#endif
#else
        committed++;
        EMULATED_WAIT(0);
#endif
        barrier(CLK_LOCAL_MEM_FENCE);
#else
#ifdef JCARE_NVIDIA_PTX
        PIPE_WAIT();
#ifndef MMA_BF16
        STAGE_UNIT(STAGE_ROUND, u);
#endif
        barrier(CLK_LOCAL_MEM_FENCE);
        if (u + STAGES - 1 < U) {
            STAGE_UNIT(STAGE_ASYNC, u + STAGES - 1);
        }
        CP_ASYNC_COMMIT();
#else
        EMULATED_WAIT(STAGES - 2);
        barrier(CLK_LOCAL_MEM_FENCE);
        committed++;
#endif
#endif
        __local const float* xb = xs + (u % STAGES) * SS;
        __global const uint* wb = B_UNIT(u);
        __global const uint* wbNext = u + 1 < U ? B_UNIT(u + 1) : wb;
        int kh = 0, kw = 0; /* the (first) tap of the k-step */
        for (int s = 0; s < SPP; s++) {
            load_b_fragments(&bnext[0][0], s + 1 < SPP ? wb + (s + 1) * nTiles8 * 64 : wbNext);
            int off[MT];
            uint ra[MT][4];
            a_offsets(off, wm, kh, kw, XW, lane);
            LDMATRIX_X4(xb, off, &ra[0][0], MT);
            if (++kw == KW) {
                kw = 0;
                kh++;
            }
#ifdef MMA_BF16
            /* the second tap of the pair (the first again past the end: its weights are zero) */
            const int kh2 = kh < KH ? kh : kh - 1, kw2 = kh < KH ? kw : KW - 1;
            uint rb[MT][4], af[MT][4];
            a_offsets(off, wm, kh2, kw2, XW, lane);
            LDMATRIX_X4(xb, off, &rb[0][0], MT);
            if (++kw == KW) {
                kw = 0;
                kh++;
            }
#ifdef JCARE_NVIDIA_PTX
#pragma unroll
#endif
            for (int i = 0; i < MT; i++) {
                af[i][0] = pack_bf16x2(as_float(ra[i][0]), as_float(ra[i][2]));
                af[i][1] = pack_bf16x2(as_float(ra[i][1]), as_float(ra[i][3]));
                af[i][2] = pack_bf16x2(as_float(rb[i][0]), as_float(rb[i][2]));
                af[i][3] = pack_bf16x2(as_float(rb[i][1]), as_float(rb[i][3]));
            }
            WARP_MMA_BF16(&acc[0][0][0], &af[0][0], &bcur[0][0], MT, NT);
#else
            WARP_MMA(&acc[0][0][0], &ra[0][0], &bcur[0][0], MT, NT);
#endif
#ifdef JCARE_NVIDIA_PTX
#pragma unroll
#endif
            for (int j = 0; j < NT; j++) {
                bcur[j][0] = bnext[j][0];
                bcur[j][1] = bnext[j][1];
            }
        }
    }
#undef STAGE_UNIT
#undef B_UNIT
#ifdef EMULATED_WAIT
#undef EMULATED_WAIT
#endif

    const long plane = (long) D * H * W;
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

#endif /* MMA_KERNEL_FORWARD */

#ifdef MMA_KERNEL_WEIGHTS

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
#ifdef MMA_BF16
#define KSTEP 16
#else
#define KSTEP 8
#endif

/*
 * One unit of the weight gradients into buf (gs, then xs at buf + WBM*RS): dY of output channels co0 .. co0+WBM-1 and
 * the input rows of channels ci0 .. ci0+8*WNTI-1 for row (n, d, h) and the W segment at w0. The walks start at this
 * work-item's element and step by WNTHREADS in mixed radix, as conv3d_backward_weights_tf32's.
 */
inline void stage_weights(const int mode, __local float* buf, __global const float* restrict x,
                          __global const float* restrict low, __global const float* restrict gy, const int n,
                          const int d, const int h, const int w0, const int co0, const int ci0, const int Cin,
                          const int Cout, const int C1, const int D, const int H, const int W, const int KD,
                          const int KH, const int FD, const int FH, const int FW, const int SEG, const int RS,
                          const int CSX, const int XW, const int RXW, const int lid, const int gm_0, const int gk_0,
                          const int gm_s, const int gk_s, const int xc_0, const int xkd_0, const int xkh_0,
                          const int xcol_0, const int xc_s, const int xkd_s, const int xkh_s, const int xcol_s) {
    const int pd = KD / 2, ph = KH / 2, pwd = (XW - SEG) / 2;
    const long plane = (long) D * H * W;
    {
        int m = gm_0, k = gk_0;
        for (int i = lid; i < WBM * SEG; i += WNTHREADS) {
            const int co = co0 + m, w = w0 + k;
            const int valid = co < Cout && w < W;
            __global const float* src = valid ? gy + ((long) n * Cout + co) * plane + ((long) d * H + h) * W + w : gy;
            stage_element(mode, buf + m * RS + k, src, valid);
            k += gk_s;
            if (k >= SEG) {
                k -= SEG;
                m++;
            }
            m += gm_s;
        }
    }
    __local float* xs = buf + WBM * RS;
    int c = xc_0, kd = xkd_0, kh = xkh_0, col = xcol_0;
    for (int i = lid; i < 8 * WNTI * RXW; i += WNTHREADS) {
        const int ci = ci0 + c, id = d + kd - pd, ih = h + kh - ph, iw = w0 + col - pwd;
        const int valid = ci < Cin && id >= 0 && id < D && ih >= 0 && ih < H && iw >= 0 && iw < W;
        __global const float* src = valid ? conv_in_at(low, x, n, ci, Cin, C1, D, H, W, FD, FH, FW, id, ih, iw) : x;
        stage_element(mode, xs + c * CSX + (kd * KH + kh) * XW + col, src, valid);
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

__kernel __attribute__((reqd_work_group_size(WNTHREADS, 1, 1)))
void conv3d_backward_weights_mma(__global float* restrict pw, __global float* restrict pb,
                                 __global const float* restrict x, __global const float* restrict low,
                                 __global const float* restrict gy, __local float4* stg4, const int N, const int Cin,
                                 const int Cout, const int D, const int H, const int W, const int KD, const int KH,
                                 const int KW, const int C1, const int FD, const int FH, const int FW,
                                 const int rowsPerChunk, const int SEG, const int hasBias) {
    __local float* stg = (__local float*) stg4;
    const int lid = get_local_id(0);
    const int lane = lid & 31, warp = lid >> 5;
    const int g = lane >> 2, t = lane & 3;
#ifndef JCARE_NVIDIA_PTX
#ifdef MMA_BF16
    __local float scratchAll[WWARPS * (WMT * 256 + WNTI * 128)];
    __local float* scratch = scratchAll + warp * (WMT * 256 + WNTI * 128);
#else
    __local float scratchAll[WWARPS * (WMT * 128 + WNTI * 64)];
    __local float* scratch = scratchAll + warp * (WMT * 128 + WNTI * 64);
#endif
    __local int xchgAll[WWARPS * WMT * 32];
    __local int* xchg = xchgAll + warp * WMT * 32;
#endif
    const int co0 = get_group_id(0) * WBM;
    const int ci0 = get_group_id(1) * (8 * WNTI);
    const int chunk = get_group_id(2);
    const int R = KD * KH, XW = SEG + KW - 1, RXW = R * XW;
    const int CSX = (RXW + 3) / 8 * 8 + 4; /* >= RXW and CSX % 8 == 4: conflict-free B fragment loads */
    const int RS = SEG + 4;                /* gs row stride: 16-byte aligned rows, conflict-free ldmatrix */
    const int SW = WBM * RS + 8 * WNTI * CSX; /* floats per stage: a multiple of 4 (16-byte aligned stages) */
    const int T = KD * KH * KW;
    const long plane = (long) D * H * W;
    const int rows = N * D * H;
    const int row0 = chunk * rowsPerChunk;
    const int row1 = min(rows, row0 + rowsPerChunk);
    const int nSeg = (W + SEG - 1) / SEG;
    const int U = max(0, row1 - row0) * nSeg;
    const bool withBias = hasBias && get_group_id(1) == 0 && lid < WBM;

    const int gm_0 = lid / SEG, gk_0 = lid % SEG, gm_s = WNTHREADS / SEG, gk_s = WNTHREADS % SEG;
    const int xc_0 = lid / RXW, xkd_0 = (lid % RXW) / XW / KH, xkh_0 = (lid % RXW) / XW % KH, xcol_0 = lid % XW;
    const int xc_s = WNTHREADS / RXW, xkd_s = (WNTHREADS % RXW) / XW / KH, xkh_s = (WNTHREADS % RXW) / XW % KH;
    const int xcol_s = WNTHREADS % XW;
#define STAGE_UNIT(mode, k)                                                                                        \
    {                                                                                                              \
        const int row_ = row0 + (k) / nSeg;                                                                        \
        stage_weights((mode), stg + ((k) % STAGES) * SW, x, low, gy, row_ / (H * D), (row_ / H) % D, row_ % H,      \
                      ((k) % nSeg) * SEG, co0, ci0, Cin, Cout, C1, D, H, W, KD, KH, FD, FH, FW, SEG, RS, CSX, XW,  \
                      RXW, lid, gm_0, gk_0, gm_s, gk_s, xc_0, xkd_0, xkh_0, xcol_0, xc_s, xkd_s, xkh_s, xcol_s);     \
    }

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

#ifdef JCARE_NVIDIA_PTX
#if STAGES > 1
    for (int k = 0; k < STAGES - 1; k++) {
        if (k < U) {
            STAGE_UNIT(STAGE_ASYNC, k);
        }
        CP_ASYNC_COMMIT();
    }
#endif
#else
    int committed = 0, landed = 0;
#define EMULATED_WAIT(pending)                                                                                     \
    for (; landed < committed - (pending) - EARLY_READ; landed++) {                                                \
        if (landed < U) {                                                                                          \
            STAGE_UNIT(STAGE_COPY, landed);                                                                        \
        }                                                                                                          \
    }
#if STAGES > 1
    committed = STAGES - 1;
#endif
#endif

    for (int u = 0; u < U; u++) {
#if STAGES == 1
        barrier(CLK_LOCAL_MEM_FENCE);
#ifdef JCARE_NVIDIA_PTX
        STAGE_UNIT(STAGE_ASYNC, u);
        CP_ASYNC_COMMIT();
        PIPE_WAIT();
#ifndef MMA_BF16
        STAGE_UNIT(STAGE_ROUND, u);
#endif
#else
        committed++;
        EMULATED_WAIT(0);
#endif
        barrier(CLK_LOCAL_MEM_FENCE);
#else
#ifdef JCARE_NVIDIA_PTX
        PIPE_WAIT();
#ifndef MMA_BF16
        STAGE_UNIT(STAGE_ROUND, u);
#endif
        barrier(CLK_LOCAL_MEM_FENCE);
        if (u + STAGES - 1 < U) {
            STAGE_UNIT(STAGE_ASYNC, u + STAGES - 1);
        }
        CP_ASYNC_COMMIT();
#else
        EMULATED_WAIT(STAGES - 2);
        barrier(CLK_LOCAL_MEM_FENCE);
        committed++;
#endif
#endif
        const int row = row0 + u / nSeg, w0 = (u % nSeg) * SEG;
        if (withBias) {
            /* fp32, from global memory (the staged copy is rounded); the rows were just read: cached */
            const int co = co0 + lid;
            const int n = row / (H * D), d = (row / H) % D, h = row % H;
            if (co < Cout) {
                __global const float* gr = gy + ((long) n * Cout + co) * plane + ((long) d * H + h) * W;
                for (int w = w0; w < min(W, w0 + SEG); w++) {
                    accb += gr[w];
                }
            }
        }
        __local const float* gs = stg + (u % STAGES) * SW;
        __local const float* xs = gs + WBM * RS;
        for (int k0 = 0; k0 < SEG; k0 += KSTEP) {
            int off[WMT];
            uint ra[WMT][4];
#ifdef JCARE_NVIDIA_PTX
#pragma unroll
#endif
            for (int i = 0; i < WMT; i++) {
                off[i] = (i * 16 + (lane & 15)) * RS + k0 + 4 * (lane >> 4);
            }
            LDMATRIX_X4(gs, off, &ra[0][0], WMT);
#ifdef MMA_BF16
            uint rb[WMT][4], af[WMT][4];
#ifdef JCARE_NVIDIA_PTX
#pragma unroll
#endif
            for (int i = 0; i < WMT; i++) {
                off[i] += 8;
            }
            LDMATRIX_X4(gs, off, &rb[0][0], WMT);
#ifdef JCARE_NVIDIA_PTX
#pragma unroll
#endif
            for (int i = 0; i < WMT; i++) {
                af[i][0] = pack_bf16x2(as_float(ra[i][0]), as_float(ra[i][2]));
                af[i][1] = pack_bf16x2(as_float(ra[i][1]), as_float(ra[i][3]));
                af[i][2] = pack_bf16x2(as_float(rb[i][0]), as_float(rb[i][2]));
                af[i][3] = pack_bf16x2(as_float(rb[i][1]), as_float(rb[i][3]));
            }
#endif
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
#ifdef MMA_BF16
                    bf[j][0] = pack_bf16x2(q[0], q[4]);
                    bf[j][1] = pack_bf16x2(q[8], q[12]);
#else
                    bf[j][0] = as_uint(q[0]);
                    bf[j][1] = as_uint(q[4]);
#endif
                }
#ifdef MMA_BF16
                WARP_MMA_BF16(&acc[s][0][0][0], &af[0][0], &bf[0][0], WMT, WNTI);
#else
                WARP_MMA(&acc[s][0][0][0], &ra[0][0], &bf[0][0], WMT, WNTI);
#endif
            }
        }
    }
#undef STAGE_UNIT
#ifdef EMULATED_WAIT
#undef EMULATED_WAIT
#endif

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

#endif /* MMA_KERNEL_WEIGHTS */
