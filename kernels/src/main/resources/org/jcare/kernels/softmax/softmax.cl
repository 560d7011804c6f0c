/*
 * softmax.cl: numerically stable softmax along one axis of a tensor of any rank, and its gradient.
 *
 *   softmax_forward(y, x, L, inner, outer)       y[o][l][i] = exp(x[o][l][i] - m) / sum_l' exp(x[o][l'][i] - m),
 *                                                m = max_l x[o][l][i]
 *   softmax_backward(dx, y, dy, L, inner, outer) dx[o][l][i] = y[o][l][i] * (dy[o][l][i] - sum_l' dy[o][l'][i] y[o][l'][i])
 *   softmax_forward_vec8, softmax_backward_vec8  the same, 8 lines per work-item in float8 (CPU variant)
 *
 * Buffers: the tensor viewed as [outer][L][inner] floats: L = size of the softmax axis, inner = product of the
 * axes after it, outer = product of the axes before it (the projection net's [N,1,D,H,W] along D: outer = N,
 * L = D, inner = H*W). The backward uses the saved output y.
 *
 * Work-items: one per (o, i) line, 2D NDRange (inner, outer) padded along inner (no divisions); neighbouring
 * work-items read neighbouring addresses at every l (the GPU shape). Each walks its line three times (max;
 * exponentials stored and summed; scaled by 1/sum; the backward twice) in a fixed order: deterministic.
 * The _vec8 variants (DESIGN decision 11, chosen on CPUs when inner % 8 == 0) give each work-item 8
 * neighbouring lines as float8, NDRange (inner / 8, outer): PoCL does not vectorise the scalar kernels across
 * work-items around the runtime loop over l (a strided line copy ran 5x slower than an elementwise pass), and
 * the float8 forward ran 8-10x faster than the scalar one there. The summation order per line is the same in
 * both; results may still differ in the last bit (vector exp).
 * Tunables: none.
 */

__kernel void softmax_forward(__global float* y, __global const float* x, const int L, const long inner,
                              const long outer) {
    const long i = get_global_id(0);
    const long o = get_global_id(1);
    if (i >= inner || o >= outer) {
        return;
    }
    const long base = o * L * inner + i;
    float m = x[base];
    for (int l = 1; l < L; l++) {
        m = fmax(m, x[base + l * inner]);
    }
    float s = 0.0f;
    for (int l = 0; l < L; l++) {
        const float e = exp(x[base + l * inner] - m);
        y[base + l * inner] = e;      /* one exp per element: stored, then scaled */
        s += e;
    }
    const float r = 1.0f / s;
    for (int l = 0; l < L; l++) {
        y[base + l * inner] *= r;
    }
}

__kernel void softmax_backward(__global float* dx, __global const float* y, __global const float* dy, const int L,
                               const long inner, const long outer) {
    const long i = get_global_id(0);
    const long o = get_global_id(1);
    if (i >= inner || o >= outer) {
        return;
    }
    const long base = o * L * inner + i;
    float dot = 0.0f;
    for (int l = 0; l < L; l++) {
        dot += dy[base + l * inner] * y[base + l * inner];
    }
    for (int l = 0; l < L; l++) {
        const long k = base + l * inner;
        dx[k] = y[k] * (dy[k] - dot);
    }
}

__kernel void softmax_forward_vec8(__global float* y, __global const float* x, const int L, const long inner,
                                   const long outer) {
    const long i = get_global_id(0) * 8;
    const long o = get_global_id(1);
    if (i >= inner || o >= outer) {
        return;
    }
    const long base = o * L * inner + i;
    float8 m = vload8(0, x + base);
    for (int l = 1; l < L; l++) {
        m = fmax(m, vload8(0, x + base + l * inner));
    }
    float8 s = (float8) 0.0f;
    for (int l = 0; l < L; l++) {
        const float8 e = exp(vload8(0, x + base + l * inner) - m);
        vstore8(e, 0, y + base + l * inner);
        s += e;
    }
    const float8 r = 1.0f / s;
    for (int l = 0; l < L; l++) {
        vstore8(vload8(0, y + base + l * inner) * r, 0, y + base + l * inner);
    }
}

__kernel void softmax_backward_vec8(__global float* dx, __global const float* y, __global const float* dy, const int L,
                                    const long inner, const long outer) {
    const long i = get_global_id(0) * 8;
    const long o = get_global_id(1);
    if (i >= inner || o >= outer) {
        return;
    }
    const long base = o * L * inner + i;
    float8 dot = (float8) 0.0f;
    for (int l = 0; l < L; l++) {
        dot += vload8(0, dy + base + l * inner) * vload8(0, y + base + l * inner);
    }
    for (int l = 0; l < L; l++) {
        const long k = base + l * inner;
        vstore8(vload8(0, y + k) * (vload8(0, dy + k) - dot), 0, dx + k);
    }
}
