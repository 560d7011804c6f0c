/*
 * softmax.cl: numerically stable softmax along one axis of a tensor of any rank, and its gradient.
 *
 *   softmax_forward(y, x, L, inner, outer)       y[o][l][i] = exp(x[o][l][i] - m) / sum_l' exp(x[o][l'][i] - m),
 *                                                m = max_l x[o][l][i]
 *   softmax_backward(dx, y, dy, L, inner, outer) dx[o][l][i] = y[o][l][i] * (dy[o][l][i] - sum_l' dy[o][l'][i] y[o][l'][i])
 *
 * Buffers: the tensor viewed as [outer][L][inner] floats: L = size of the softmax axis, inner = product of the
 * axes after it, outer = product of the axes before it (the projection net's [N,1,D,H,W] along D: outer = N,
 * L = D, inner = H*W). The backward uses the saved output y.
 *
 * Work-items: one per (o, i) line, 2D NDRange (inner, outer) padded along inner (no divisions); neighbouring
 * work-items read neighbouring addresses at every l. Each walks its line three times (max, sum of exponentials,
 * write; the backward twice) in a fixed order: deterministic. The line length L is a runtime argument: a loop
 * with uniform bounds, which PoCL keeps outside its work-item loop and vectorises across i.
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
        s += exp(x[base + l * inner] - m);
    }
    const float r = 1.0f / s;
    for (int l = 0; l < L; l++) {
        y[base + l * inner] = exp(x[base + l * inner] - m) * r;
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
