/*
 * conv.cl: the naive convolution kernels (the math, and the fallback of every fast variant) and the small
 * kernels all variants share: weight re-layouts, zero padding, the ReLU gradient mask, and the fixed-order
 * reduction of split-K weight-gradient partials. conv_cpu.cl and conv_gpu.cl hold the fast variants.
 *
 * Convolution (cross-correlation, stride 1, 'same' zero padding p = k / 2 per axis, odd k; 2D is D = 1, KD = 1):
 *   y[n][co][d][h][w] = b[co] + sum_{ci,kd,kh,kw} w[co][ci][kd][kh][kw] * x[n][ci][d+kd-pd][h+kh-ph][w+kw-pw]
 *   then + r[n][co][d][h][w] when a residual r (same layout as y) is given, then y = max(y, 0) when relu != 0: the
 *   residual is added before the activation (CARE's head: the input added to the linear output, then the last ReLU).
 *   Backward data is the same convolution of dY with the weights flipped in every axis and Cin/Cout swapped
 *   (conv3d_weights_flip); backward weights is dw[co][ci][t] = sum_v dy[co][v] * x[ci][v + tap t].
 *
 * The input x may be the U-Net decoder's concatenation [upsample(low), skip] along channels, read through by the
 * loaders (conv_in of conv_input.cl; never materialized): channel ci < C1 is low [N][C1][D/FD][H/FH][W/FW] at (d/FD, h/FH, w/FW),
 * channel ci >= C1 is skip [N][Cin-C1][D][H][W] at channel ci - C1. A plain input is C1 = 0, FD = FH = FW = 1, skip = x
 * (and low any buffer, never read). Backward data computes dX of the whole (virtual) input; conv3d_upconcat_low
 * then gives dLow (sums over the FD x FH x FW blocks) and conv3d_upconcat_skip dSkip (a copy), each only when
 * needed, with the indices from the NDRange (no per-element 64-bit division: slow on CPUs).
 *
 * Buffer layouts (float32, C order, W fastest):
 *   x  [N][Cin][D][H][W]         y, dy, g [N][Cout][D][H][W]          w, dw [Cout][Cin][KD][KH][KW]
 *   b, db [Cout]                 T = KD*KH*KW taps, t = (kd*KH + kh)*KW + kw
 *   packed weights wp [CoutPad/B][Cin][T][B] (co fastest, zero for co >= Cout, CoutPad a multiple of the block B):
 *   what the fast forward kernels read; the GPU kernel uses B = CoutPad ([Cin][T][CoutPad]), the CPU kernel B = RCO
 *   (each work-item's weights contiguous).
 *   padded activations xp [N*C][Dp][Hp][Wp] with Dp = D+KD-1, Hp = H+KH-1, Wp = W+KW-1 (x at offset pd, ph, pw,
 *   zeros around), followed by zeroed slack that the CPU kernels may read past the end (lanes they discard).
 *   split-K partials pw [chunks][Cout*Cin*T] and pb [chunks][Cout].
 *
 * Work-items: every kernel here except the pads computes one output element per work-item and bounds-checks its
 * ids, because the NDRange is padded up to the work-group size. The re-layout and pad kernels take their indices
 * from a 3D NDRange rather than dividing a flat index: integer division is scalar and slow on CPUs. Element
 * offsets are 64-bit (volumes may pass 2^31 elements).
 *
 *   conv3d_forward_naive          (W, H, N*Cout*D)  y = relu?(conv(x, w) + b + r); hasBias = 0 skips b,
 *                                                   hasResidual = 0 skips r
 *   conv3d_backward_weights_naive (T, Cin, Cout)    dw[co][ci][t] = sum over all voxels (serial, deterministic)
 *   conv3d_backward_bias_naive    (Cout)            db[co] = sum of g[.][co][...]
 *   conv3d_weights_flip           (T, Cout, Cin)    wf[ci][co][t] = w[co][ci][T-1-t]: the backward-data weights
 *   conv3d_weights_pack           (T, Cin, CoutPad/B) wp[co/B][ci][t][co%B] = w[co][ci][t], 0 for co >= Cout; with
 *                                                   flip = 1 the flipped weights of the backward-data conv instead
 *   conv3d_pad                    (Hp, Dp, NC+1)    xp = x zero-padded (pd, ph, pw on each side), slack zeroed;
 *                                                   one padded row per work-item (CPU variant only); x read
 *                                                   through (concatenation and upsampling in the same pass)
 *   conv3d_pad_relu_masked        (Hp, Dp, NC+1)    gp = padded dy * (y > 0): mask and pad in one pass
 *   conv3d_relu_mask              (n)               g = dy * (y > 0)
 *   conv3d_backward_weights_reduce (countW + countB) dw[i] = sum_k pw[k][i], db[i] = sum_k pb[k][i], k ascending
 *   conv3d_upconcat_low           (Wl, Hl, N*C1*Dl) dLow = dX channels 0..C1 summed over each FD x FH x FW block (fixed
 *                                                   order: z, y, x)
 *   conv3d_upconcat_skip          (C2*D*H*W, N)     dSkip = dX channels C1..
 *
 * Tunables: none (the naive kernels are the specification; see conv_cpu.cl and conv_gpu.cl for the fast ones).
 */

__kernel void conv3d_forward_naive(__global float* restrict y, __global const float* restrict x,
                                   __global const float* restrict low, __global const float* restrict wgt,
                                   __global const float* restrict bias, __global const float* restrict residual,
                                   const int N, const int Cin, const int Cout, const int D, const int H, const int W,
                                   const int KD, const int KH, const int KW, const int C1, const int FD, const int FH,
                                   const int FW, const int hasBias, const int hasResidual, const int relu) {
    const int w = get_global_id(0);
    const int h = get_global_id(1);
    const long z = get_global_id(2); /* (n * Cout + co) * D + d */
    if (w >= W || h >= H || z >= (long) N * Cout * D) {
        return;
    }
    const int d = (int) (z % D);
    const int co = (int) ((z / D) % Cout);
    const int n = (int) (z / ((long) D * Cout));
    const int pd = KD / 2, ph = KH / 2, pw = KW / 2;
    float s = hasBias ? bias[co] : 0.0f;
    for (int ci = 0; ci < Cin; ci++) {
        __global const float* wc = wgt + ((long) co * Cin + ci) * KD * KH * KW;
        for (int kd = 0; kd < KD; kd++) {
            const int id = d + kd - pd;
            if (id < 0 || id >= D) {
                continue;
            }
            for (int kh = 0; kh < KH; kh++) {
                const int ih = h + kh - ph;
                if (ih < 0 || ih >= H) {
                    continue;
                }
                for (int kw = 0; kw < KW; kw++) {
                    const int iw = w + kw - pw;
                    if (iw < 0 || iw >= W) {
                        continue;
                    }
                    s = fma(wc[(kd * KH + kh) * KW + kw], conv_in(low, x, n, ci, Cin, C1, D, H, W, FD, FH, FW, id, ih, iw),
                            s);
                }
            }
        }
    }
    const long o = z * H * W + (long) h * W + w;
    if (hasResidual) {
        s += residual[o];
    }
    y[o] = relu ? fmax(s, 0.0f) : s;
}

__kernel void conv3d_backward_weights_naive(__global float* restrict dw, __global const float* restrict x,
                                            __global const float* restrict low, __global const float* restrict g,
                                            const int N, const int Cin, const int Cout, const int D, const int H,
                                            const int W, const int KD, const int KH, const int KW, const int C1,
                                            const int FD, const int FH, const int FW) {
    const int t = get_global_id(0);
    const int ci = get_global_id(1);
    const int co = get_global_id(2);
    const int T = KD * KH * KW;
    if (t >= T || ci >= Cin || co >= Cout) {
        return;
    }
    const int kd = t / (KH * KW), kh = (t / KW) % KH, kw = t % KW;
    const int pd = KD / 2, ph = KH / 2, pw = KW / 2;
    const long plane = (long) D * H * W;
    float s = 0.0f;
    for (int n = 0; n < N; n++) {
        __global const float* gc = g + ((long) n * Cout + co) * plane;
        for (int d = max(0, pd - kd); d < min(D, D + pd - kd); d++) {
            for (int h = max(0, ph - kh); h < min(H, H + ph - kh); h++) {
                const long gr = ((long) d * H + h) * W;
                for (int w = max(0, pw - kw); w < min(W, W + pw - kw); w++) {
                    s = fma(gc[gr + w], conv_in(low, x, n, ci, Cin, C1, D, H, W, FD, FH, FW, d + kd - pd, h + kh - ph,
                                                w + kw - pw), s);
                }
            }
        }
    }
    dw[((long) co * Cin + ci) * T + t] = s;
}

__kernel void conv3d_backward_bias_naive(__global float* restrict db, __global const float* restrict g, const int N,
                                         const int Cout, const long plane) {
    const int co = get_global_id(0);
    if (co >= Cout) {
        return;
    }
    float s = 0.0f;
    for (int n = 0; n < N; n++) {
        __global const float* gc = g + ((long) n * Cout + co) * plane;
        for (long i = 0; i < plane; i++) {
            s += gc[i];
        }
    }
    db[co] = s;
}

__kernel void conv3d_weights_flip(__global float* restrict wf, __global const float* restrict w, const int Cout,
                                  const int Cin, const int T) {
    const int t = get_global_id(0), co = get_global_id(1), ci = get_global_id(2);
    if (t >= T || co >= Cout || ci >= Cin) {
        return;
    }
    wf[(ci * Cout + co) * T + t] = w[(co * Cin + ci) * T + (T - 1 - t)];
}

__kernel void conv3d_weights_pack(__global float* restrict wp, __global const float* restrict w, const int Cout,
                                  const int Cin, const int T, const int CoutPad, const int block, const int flip) {
    const int t = get_global_id(0), ci = get_global_id(1), cb = get_global_id(2);
    if (t >= T || ci >= Cin || cb * block >= CoutPad) {
        return;
    }
    /* one work-item writes the block of output channels of one (ci, t): no index divisions */
    __global float* dst = wp + (((long) cb * Cin + ci) * T + t) * block;
    for (int k = 0; k < block; k++) {
        const int co = cb * block + k;
        /* flip: the weights of the backward-data convolution, w'[co][ci][t] = w[ci][co][T-1-t] of the forward one */
        dst[k] = co >= Cout ? 0.0f : flip ? w[(ci * Cout + co) * T + (T - 1 - t)] : w[(co * Cin + ci) * T + t];
    }
}

/* The slack after a padded activation is zeroed too: the CPU weight-gradient kernel multiplies what it reads
 * there by zero gradients, and 0 * NaN (stale pool memory) would be NaN. */
void zero_row(__global float* dst, const int n) {
    for (int i = 0; i < n; i++) {
        dst[i] = 0.0f;
    }
}

/* One work-item per padded row: the loops over W are plain and contiguous, so the CPU compiler vectorises them
 * (one work-item per element spends most of its time on index arithmetic). Used by the CPU variant only. The source
 * is the convolution's input as conv_in reads it: a row of channel c >= C1 is a row of skip, a row of c < C1 the
 * nearest upsampling of a row of low (each element repeated FW times), so concatenation, upsampling and padding are
 * one pass. NC = N * C. */
__kernel void conv3d_pad(__global float* restrict xp, __global const float* restrict x,
                         __global const float* restrict low, const int NC, const int C, const int C1, const int D,
                         const int H, const int W, const int Dp, const int Hp, const int Wp, const int pd,
                         const int ph, const int pw, const int FD, const int FH, const int FW, const int slack) {
    const int hq = get_global_id(0), dq = get_global_id(1), nc = get_global_id(2); /* nc = NC: the slack */
    if (hq >= Hp || dq >= Dp || nc > NC) {
        return;
    }
    __global float* dst = xp + (((long) nc * Dp + dq) * Hp + hq) * Wp;
    if (nc == NC) {
        if (hq == 0 && dq == 0) {
            zero_row(dst, slack);
        }
        return;
    }
    const int d = dq - pd, h = hq - ph;
    if (d < 0 || d >= D || h < 0 || h >= H) {
        zero_row(dst, Wp);
        return;
    }
    zero_row(dst, pw);
    const int c = C1 == 0 ? 0 : nc % C; /* no division for a plain input */
    if (c < C1) {
        const int n = nc / C, Wl = W / FW;
        __global const float* src = low + ((((long) n * C1 + c) * (D / FD) + d / FD) * (H / FH) + h / FH) * Wl;
        if (FW == 2) {
            for (int w = 0; w < W; w++) {
                dst[pw + w] = src[w >> 1];
            }
        } else {
            for (int w = 0; w < W; w++) {
                dst[pw + w] = src[w / FW];
            }
        }
    } else {
        const long row = C1 == 0 ? nc : (long) (nc / C) * (C - C1) + (c - C1);
        __global const float* src = x + ((row * D + d) * H + h) * W;
        for (int w = 0; w < W; w++) {
            dst[pw + w] = src[w];
        }
    }
    zero_row(dst + pw + W, Wp - pw - W);
}

__kernel void conv3d_pad_relu_masked(__global float* restrict gp, __global const float* restrict dy,
                                     __global const float* restrict y, const int NC, const int D, const int H,
                                     const int W, const int Dp, const int Hp, const int Wp, const int pd,
                                     const int ph, const int pw, const int slack) {
    const int hq = get_global_id(0), dq = get_global_id(1), nc = get_global_id(2);
    if (hq >= Hp || dq >= Dp || nc > NC) {
        return;
    }
    __global float* dst = gp + (((long) nc * Dp + dq) * Hp + hq) * Wp;
    if (nc == NC) {
        if (hq == 0 && dq == 0) {
            zero_row(dst, slack);
        }
        return;
    }
    const int d = dq - pd, h = hq - ph;
    if (d < 0 || d >= D || h < 0 || h >= H) {
        zero_row(dst, Wp);
        return;
    }
    const long row = (((long) nc * D + d) * H + h) * W;
    __global const float* restrict g = dy + row;
    __global const float* restrict yr = y + row;
    zero_row(dst, pw);
    for (int w = 0; w < W; w++) {
        dst[pw + w] = yr[w] > 0.0f ? g[w] : 0.0f;
    }
    zero_row(dst + pw + W, Wp - pw - W);
}

__kernel void conv3d_relu_mask(__global float* restrict g, __global const float* restrict dy,
                               __global const float* restrict y, const long n) {
    const long i = get_global_id(0);
    if (i < n) {
        g[i] = y[i] > 0.0f ? dy[i] : 0.0f;
    }
}

__kernel void conv3d_backward_weights_reduce(__global float* restrict dw, __global float* restrict db,
                                             __global const float* restrict pw, __global const float* restrict pb,
                                             const int chunks, const int countW, const int countB) {
    const int i = get_global_id(0);
    if (i < countW) {
        float s = 0.0f;
        for (int k = 0; k < chunks; k++) {
            s += pw[(long) k * countW + i];
        }
        dw[i] = s;
    } else if (i < countW + countB) {
        const int j = i - countW;
        float s = 0.0f;
        for (int k = 0; k < chunks; k++) {
            s += pb[(long) k * countB + j];
        }
        db[j] = s;
    }
}

__kernel void conv3d_upconcat_low(__global float* restrict dlow, __global const float* restrict dx, const int N,
                                  const int C1, const int C2, const int D, const int H, const int W, const int FD,
                                  const int FH, const int FW) {
    const int Dl = D / FD, Hl = H / FH, Wl = W / FW;
    const int xl = get_global_id(0), yl = get_global_id(1);
    const int z = get_global_id(2); /* (n * C1 + c) * Dl + zl */
    if (xl >= Wl || yl >= Hl || z >= N * C1 * Dl) {
        return;
    }
    const int zl = z % Dl, nc = z / Dl;
    const int n = nc / C1, c = nc % C1;
    __global const float* src = dx + (((long) n * (C1 + C2) + c) * D + (long) zl * FD) * H * W;
    float s = 0.0f;
    for (int a = 0; a < FD; a++) {
        for (int b = 0; b < FH; b++) {
            __global const float* r = src + ((long) a * H + (yl * FH + b)) * W + (long) xl * FW;
            for (int e = 0; e < FW; e++) {
                s += r[e];
            }
        }
    }
    dlow[((long) z * Hl + yl) * Wl + xl] = s;
}

__kernel void conv3d_upconcat_skip(__global float* restrict dskip, __global const float* restrict dx, const int C1,
                                   const int C2, const long perSample) {
    const long j = get_global_id(0); /* element of sample n's skip channels, perSample = C2 * D * H * W */
    const long n = get_global_id(1);
    if (j >= perSample) {
        return;
    }
    dskip[n * perSample + j] = dx[(n * (C1 + C2) + C1) * (perSample / C2) + j];
}
