/*
 * weightedsum.cl: the sum over one axis of x * w (the projection network: input stack times the softmax over
 * Z, summed over Z), with the weights optionally broadcast over the channel axis, and its two gradients.
 *
 *   weightedsum_forward(out, x, w, L, I, B, C, Cw)                out[p][b][i] = sum_l x[p][b][l][i] * w[pw][b][l][i]
 *   weightedsum_backward_input(dx, g, w, L, I, B, C, Cw)          dx[p][b][l][i] = g[p][b][i] * w[pw][b][l][i]
 *   weightedsum_backward_weights(dw, g, x, L, I, B, C, Cw)        dw[pw][b][l][i] = sum_c g[p][b][i] * x[p][b][l][i]
 *   weightedsum_{forward, backward_input, backward_weights}_vec8   the same, 8 neighbouring i per work-item (CPU)
 *
 * Layout: x viewed as [P][B][L][I]: L = size of the summed axis, I = product of the axes after it, B = product
 * of the axes strictly between the channel axis 1 and the summed axis, P = N*C (the two first axes); for the
 * summed axis 0 or 1, B = 1 and P = product of the axes before it. out and g are [P][B][I]. w is x's shape with
 * channel count Cw, either C (same shape: pw = p) or 1 (broadcast over channels: pw = p / C = the sample n;
 * only for a summed axis >= 2). Cw is passed as C when the weights are not broadcast, and then pw = p.
 *
 * Work-items: forward and input gradient, one per (i, b, p), 3D NDRange (I, B, P); weight gradient, one per
 * (i, b, pw), 3D NDRange (I, B, P / (C / Cw)). Each loops over l (runtime length, uniform bounds) and, for the
 * broadcast weight gradient, over the C channels in a fixed order: deterministic, no atomics. Neighbouring
 * work-items touch neighbouring addresses. The only division is p / C (one per work-item).
 * The _vec8 variants (DESIGN decision 11, chosen on CPUs when I % 8 == 0) give each work-item 8 neighbouring i
 * as float8, NDRange (I / 8, B, P or P / (C / Cw)): PoCL does not vectorise the scalar kernels across
 * work-items around their runtime loops (see softmax.cl). Same summation order as the scalar kernels.
 * Tunables: none.
 */

__kernel void weightedsum_forward(__global float* out, __global const float* x, __global const float* w,
                                  const int L, const long I, const long B, const int C, const int Cw, const long P) {
    const long i = get_global_id(0);
    const long b = get_global_id(1);
    const long p = get_global_id(2);
    if (i >= I || b >= B || p >= P) {
        return;
    }
    const long pw = (Cw == C) ? p : p / C;
    __global const float* xp = x + ((p * B + b) * L) * I + i;
    __global const float* wp = w + ((pw * B + b) * L) * I + i;
    float s = 0.0f;
    for (int l = 0; l < L; l++) {
        s = fma(xp[l * I], wp[l * I], s);
    }
    out[(p * B + b) * I + i] = s;
}

__kernel void weightedsum_backward_input(__global float* dx, __global const float* g, __global const float* w,
                                         const int L, const long I, const long B, const int C, const int Cw,
                                         const long P) {
    const long i = get_global_id(0);
    const long b = get_global_id(1);
    const long p = get_global_id(2);
    if (i >= I || b >= B || p >= P) {
        return;
    }
    const long pw = (Cw == C) ? p : p / C;
    const float gv = g[(p * B + b) * I + i];
    __global float* dxp = dx + ((p * B + b) * L) * I + i;
    __global const float* wp = w + ((pw * B + b) * L) * I + i;
    for (int l = 0; l < L; l++) {
        dxp[l * I] = gv * wp[l * I];
    }
}

__kernel void weightedsum_backward_weights(__global float* dw, __global const float* g, __global const float* x,
                                           const int L, const long I, const long B, const int C, const int Cw,
                                           const long Pw) {
    const long i = get_global_id(0);
    const long b = get_global_id(1);
    const long pw = get_global_id(2);
    if (i >= I || b >= B || pw >= Pw) {
        return;
    }
    const int group = (Cw == C) ? 1 : C;
    __global float* dwp = dw + ((pw * B + b) * L) * I + i;
    for (int l = 0; l < L; l++) {
        float s = 0.0f;
        for (int c = 0; c < group; c++) {
            const long p = pw * group + c;
            s = fma(g[(p * B + b) * I + i], x[((p * B + b) * L + l) * I + i], s);
        }
        dwp[l * I] = s;
    }
}

__kernel void weightedsum_forward_vec8(__global float* out, __global const float* x, __global const float* w,
                                       const int L, const long I, const long B, const int C, const int Cw,
                                       const long P) {
    const long i = get_global_id(0) * 8;
    const long b = get_global_id(1);
    const long p = get_global_id(2);
    if (i >= I || b >= B || p >= P) {
        return;
    }
    const long pw = (Cw == C) ? p : p / C;
    __global const float* xp = x + ((p * B + b) * L) * I + i;
    __global const float* wp = w + ((pw * B + b) * L) * I + i;
    float8 s = (float8) 0.0f;
    for (int l = 0; l < L; l++) {
        s = fma(vload8(0, xp + l * I), vload8(0, wp + l * I), s);
    }
    vstore8(s, 0, out + (p * B + b) * I + i);
}

__kernel void weightedsum_backward_input_vec8(__global float* dx, __global const float* g, __global const float* w,
                                              const int L, const long I, const long B, const int C, const int Cw,
                                              const long P) {
    const long i = get_global_id(0) * 8;
    const long b = get_global_id(1);
    const long p = get_global_id(2);
    if (i >= I || b >= B || p >= P) {
        return;
    }
    const long pw = (Cw == C) ? p : p / C;
    const float8 gv = vload8(0, g + (p * B + b) * I + i);
    __global float* dxp = dx + ((p * B + b) * L) * I + i;
    __global const float* wp = w + ((pw * B + b) * L) * I + i;
    for (int l = 0; l < L; l++) {
        vstore8(gv * vload8(0, wp + l * I), 0, dxp + l * I);
    }
}

__kernel void weightedsum_backward_weights_vec8(__global float* dw, __global const float* g, __global const float* x,
                                                const int L, const long I, const long B, const int C, const int Cw,
                                                const long Pw) {
    const long i = get_global_id(0) * 8;
    const long b = get_global_id(1);
    const long pw = get_global_id(2);
    if (i >= I || b >= B || pw >= Pw) {
        return;
    }
    const int group = (Cw == C) ? 1 : C;
    __global float* dwp = dw + ((pw * B + b) * L) * I + i;
    for (int l = 0; l < L; l++) {
        float8 s = (float8) 0.0f;
        for (int c = 0; c < group; c++) {
            const long p = pw * group + c;
            s = fma(vload8(0, g + (p * B + b) * I + i), vload8(0, x + ((p * B + b) * L + l) * I + i), s);
        }
        vstore8(s, 0, dwp + l * I);
    }
}
