/*
 * concat.cl: concatenation of two N C [D] H W tensors along the channel axis, and its gradient (the split).
 *
 *   concat_forward(y, a, b, S, Ca, Cb)       y[n][c][s] = c < Ca ? a[n][c][s] : b[n][c - Ca][s]
 *   concat_backward(da, db, dy, S, Ca, Cb)   da[n][c][s] = dy[n][c][s], db[n][c][s] = dy[n][Ca + c][s]
 *
 * Buffers: a is [N][Ca][S], b is [N][Cb][S], y and dy are [N][Ca + Cb][S] floats, with S = D*H*W (rank-free
 * over the spatial axes). Order [a, b], as CSBDeep concatenates [upsampled, skip].
 *
 * Work-items: one per element of y, 3D NDRange (S, Ca + Cb, N) padded along S only: the channel and sample come
 * from the range, not from divisions, and all work-items of a group share one channel, so the a/b branch is
 * uniform. Loop-free (PoCL vectorises along S). Ids are bounds-checked.
 * Tunables: none.
 */

__kernel void concat_forward(__global float* y, __global const float* a, __global const float* b,
                             const long S, const int Ca, const int Cb) {
    const long s = get_global_id(0);
    const int c = (int) get_global_id(1);
    const long n = get_global_id(2);
    if (s >= S) {
        return;
    }
    const long o = (n * (Ca + Cb) + c) * S + s;
    if (c < Ca) {
        y[o] = a[(n * Ca + c) * S + s];
    } else {
        y[o] = b[(n * Cb + (c - Ca)) * S + s];
    }
}

__kernel void concat_backward(__global float* da, __global float* db, __global const float* dy,
                              const long S, const int Ca, const int Cb) {
    const long s = get_global_id(0);
    const int c = (int) get_global_id(1);
    const long n = get_global_id(2);
    if (s >= S) {
        return;
    }
    const float g = dy[(n * (Ca + Cb) + c) * S + s];
    if (c < Ca) {
        da[(n * Ca + c) * S + s] = g;
    } else {
        db[(n * Cb + (c - Ca)) * S + s] = g;
    }
}
