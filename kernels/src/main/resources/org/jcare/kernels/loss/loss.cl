/*
 * loss.cl: CARE's training losses, their per-work-group partial sums (stage 1 of the mean; stage 2 is
 * reduce.cl's sum_final) and their gradients, each in one pass.
 *
 *   mae_forward(partials, pred, target, S, n, Cp)                    term = |mu - y|
 *   mse_forward(partials, pred, target, S, n, Cp)                    term = (mu - y)^2
 *   laplace_forward(partials, pred, target, S, n, Cp)                term = |mu - y| / sigma + log(sigma) + log(2)
 *   mae_backward(dpred, pred, target, g, S, n, Cp, scale)            dmu = g scale sign(mu - y)             (dsigma = 0)
 *   mse_backward(dpred, pred, target, g, S, n, Cp, scale)            dmu = g scale 2 (mu - y)               (dsigma = 0)
 *   laplace_backward(dpred, pred, target, g, S, n, Cp, scale)        dmu = g scale sign(mu - y) / sigma,
 *                                                                    dsigma = g scale (1 - |mu - y| / sigma) / sigma
 *   mae_forward_vec8, mse_forward_vec8, laplace_forward_vec8         the forwards for CPUs (float8, contiguous items)
 *
 * Buffers: target is [N][n][S] floats (S = D*H*W), pred is [N][Cp][S] with Cp = n (mean only) or 2n (CSBDeep's
 * probabilistic output: channels [0, n) the mean mu, [n, 2n) the scale sigma > 0); mae and mse use the mean
 * channels only, as CSBDeep's compiled metrics do. The loss is the mean of term over the N*n*S target elements
 * (CSBDeep: mean over channels, then Keras' mean over pixels and batch = a plain mean), so scale = 1 / (N*n*S).
 * partials is [N][n][G] with G = ceil(S / SPAN), SPAN = REDUCE_LOCAL * REDUCE_ITEMS. g is the incoming gradient of
 * the scalar loss: one float read on the device (never a host round trip). dpred is written whole (zeros on the
 * sigma channels of mae and mse), so it needs no fill.
 *
 * Work-items: forward, 3D NDRange (G * REDUCE_LOCAL, n, N), groups of (REDUCE_LOCAL, 1, 1): group (gs, c, b)
 * sums the terms of target plane (b, c) over s in [gs*SPAN, (gs+1)*SPAN), REDUCE_ITEMS per work-item (strided
 * by REDUCE_LOCAL, coalesced; a short fixed loop; the tail clamps its index and drops the term, so the loop
 * body has no branch), then pairwise in local memory, and writes one partial. No divisions (plane
 * coordinates come from the range). Backward: one work-item per pred element, 3D NDRange (S, Cp, N),
 * loop-free. Deterministic: fixed summation order, no atomics (see reduce.cl for the accuracy bound).
 * The _vec8 forwards (DESIGN decision 11, chosen on CPUs) give work-item t the REDUCE_ITEMS contiguous terms
 * from gs*SPAN + t*REDUCE_ITEMS as float8 chunks (a scalar tail at the end of a plane), summed lane-wise and
 * then across lanes in a fixed order: PoCL vectorised the strided scalar loop badly (laplace_forward, whose log
 * and division dominate, ran 5-9x faster as float8). Same partials layout, another (fixed) summation order.
 * Tunables REDUCE_LOCAL and REDUCE_ITEMS (the reduce family's values), tree_sum and sum8: reduce_common.cl of the
 * reduce family, which the launcher puts in front.
 */

/* Stores the group's total as partial (b, c, gs). */
inline void store_partial(__global float* partials, __local float* scratch, const int t, const float acc, const int n) {
    scratch[t] = acc;
    tree_sum(scratch, t);
    if (t == 0) {
        const long b = get_global_id(2);
        const int c = (int) get_global_id(1);
        partials[(b * n + c) * get_num_groups(0) + get_group_id(0)] = scratch[0];
    }
}

__kernel __attribute__((reqd_work_group_size(REDUCE_LOCAL, 1, 1)))
void mae_forward(__global float* partials, __global const float* pred, __global const float* target, const long S,
                 const int n, const int Cp) {
    __local float scratch[REDUCE_LOCAL];
    const int t = (int) get_local_id(0);
    const int c = (int) get_global_id(1);
    const long b = get_global_id(2);
    __global const float* mu = pred + (b * Cp + c) * S;
    __global const float* y = target + (b * n + c) * S;
    const long base = get_group_id(0) * (REDUCE_LOCAL * REDUCE_ITEMS) + t;
    float acc = 0.0f;
    for (int k = 0; k < REDUCE_ITEMS; k++) {
        const long s = base + (long) k * REDUCE_LOCAL;
        const long sc = min(s, S - 1);      /* clamped, branch-free load; the term is dropped below */
        acc += s < S ? fabs(mu[sc] - y[sc]) : 0.0f;
    }
    store_partial(partials, scratch, t, acc, n);
}

__kernel __attribute__((reqd_work_group_size(REDUCE_LOCAL, 1, 1)))
void mse_forward(__global float* partials, __global const float* pred, __global const float* target, const long S,
                 const int n, const int Cp) {
    __local float scratch[REDUCE_LOCAL];
    const int t = (int) get_local_id(0);
    const int c = (int) get_global_id(1);
    const long b = get_global_id(2);
    __global const float* mu = pred + (b * Cp + c) * S;
    __global const float* y = target + (b * n + c) * S;
    const long base = get_group_id(0) * (REDUCE_LOCAL * REDUCE_ITEMS) + t;
    float acc = 0.0f;
    for (int k = 0; k < REDUCE_ITEMS; k++) {
        const long s = base + (long) k * REDUCE_LOCAL;
        const long sc = min(s, S - 1);
        const float d = s < S ? mu[sc] - y[sc] : 0.0f;
        acc = fma(d, d, acc);
    }
    store_partial(partials, scratch, t, acc, n);
}

__kernel __attribute__((reqd_work_group_size(REDUCE_LOCAL, 1, 1)))
void laplace_forward(__global float* partials, __global const float* pred, __global const float* target, const long S,
                     const int n, const int Cp) {
    __local float scratch[REDUCE_LOCAL];
    const int t = (int) get_local_id(0);
    const int c = (int) get_global_id(1);
    const long b = get_global_id(2);
    __global const float* mu = pred + (b * Cp + c) * S;
    __global const float* sigma = mu + (long) n * S;
    __global const float* y = target + (b * n + c) * S;
    const long base = get_group_id(0) * (REDUCE_LOCAL * REDUCE_ITEMS) + t;
    float acc = 0.0f;
    for (int k = 0; k < REDUCE_ITEMS; k++) {
        const long s = base + (long) k * REDUCE_LOCAL;
        const long sc = min(s, S - 1);
        const float sg = sigma[sc];
        const float term = fabs(mu[sc] - y[sc]) / sg + log(sg) + M_LN2_F;
        acc += s < S ? term : 0.0f;
    }
    store_partial(partials, scratch, t, acc, n);
}

__kernel __attribute__((reqd_work_group_size(REDUCE_LOCAL, 1, 1)))
void mae_forward_vec8(__global float* partials, __global const float* pred, __global const float* target,
                      const long S, const int n, const int Cp) {
    __local float scratch[REDUCE_LOCAL];
    const int t = (int) get_local_id(0);
    const int c = (int) get_global_id(1);
    const long b = get_global_id(2);
    __global const float* mu = pred + (b * Cp + c) * S;
    __global const float* y = target + (b * n + c) * S;
    const long base = get_group_id(0) * (REDUCE_LOCAL * REDUCE_ITEMS) + (long) t * REDUCE_ITEMS;
    float8 acc = (float8) 0.0f;
    for (int k = 0; k < REDUCE_ITEMS; k += 8) {
        const long s = base + k;
        if (s + 8 <= S) {
            acc += fabs(vload8(0, mu + s) - vload8(0, y + s));
        } else {
            for (long j = s; j < S && j < s + 8; j++) {
                acc.s0 += fabs(mu[j] - y[j]);
            }
        }
    }
    store_partial(partials, scratch, t, sum8(acc), n);
}

__kernel __attribute__((reqd_work_group_size(REDUCE_LOCAL, 1, 1)))
void mse_forward_vec8(__global float* partials, __global const float* pred, __global const float* target,
                      const long S, const int n, const int Cp) {
    __local float scratch[REDUCE_LOCAL];
    const int t = (int) get_local_id(0);
    const int c = (int) get_global_id(1);
    const long b = get_global_id(2);
    __global const float* mu = pred + (b * Cp + c) * S;
    __global const float* y = target + (b * n + c) * S;
    const long base = get_group_id(0) * (REDUCE_LOCAL * REDUCE_ITEMS) + (long) t * REDUCE_ITEMS;
    float8 acc = (float8) 0.0f;
    for (int k = 0; k < REDUCE_ITEMS; k += 8) {
        const long s = base + k;
        if (s + 8 <= S) {
            const float8 d = vload8(0, mu + s) - vload8(0, y + s);
            acc = fma(d, d, acc);
        } else {
            for (long j = s; j < S && j < s + 8; j++) {
                const float d = mu[j] - y[j];
                acc.s0 = fma(d, d, acc.s0);
            }
        }
    }
    store_partial(partials, scratch, t, sum8(acc), n);
}

__kernel __attribute__((reqd_work_group_size(REDUCE_LOCAL, 1, 1)))
void laplace_forward_vec8(__global float* partials, __global const float* pred, __global const float* target,
                          const long S, const int n, const int Cp) {
    __local float scratch[REDUCE_LOCAL];
    const int t = (int) get_local_id(0);
    const int c = (int) get_global_id(1);
    const long b = get_global_id(2);
    __global const float* mu = pred + (b * Cp + c) * S;
    __global const float* sigma = mu + (long) n * S;
    __global const float* y = target + (b * n + c) * S;
    const long base = get_group_id(0) * (REDUCE_LOCAL * REDUCE_ITEMS) + (long) t * REDUCE_ITEMS;
    float8 acc = (float8) 0.0f;
    for (int k = 0; k < REDUCE_ITEMS; k += 8) {
        const long s = base + k;
        if (s + 8 <= S) {
            const float8 sg = vload8(0, sigma + s);
            acc += fabs(vload8(0, mu + s) - vload8(0, y + s)) / sg + log(sg) + M_LN2_F;
        } else {
            for (long j = s; j < S && j < s + 8; j++) {
                const float sg = sigma[j];
                acc.s0 += fabs(mu[j] - y[j]) / sg + log(sg) + M_LN2_F;
            }
        }
    }
    store_partial(partials, scratch, t, sum8(acc), n);
}

__kernel void mae_backward(__global float* dpred, __global const float* pred, __global const float* target,
                           __global const float* g, const long S, const int n, const int Cp, const float scale) {
    const long s = get_global_id(0);
    const int c = (int) get_global_id(1);
    const long b = get_global_id(2);
    if (s >= S) {
        return;
    }
    const long o = (b * Cp + c) * S + s;
    if (c < n) {
        dpred[o] = g[0] * scale * sign(pred[o] - target[(b * n + c) * S + s]);
    } else {
        dpred[o] = 0.0f;
    }
}

__kernel void mse_backward(__global float* dpred, __global const float* pred, __global const float* target,
                           __global const float* g, const long S, const int n, const int Cp, const float scale) {
    const long s = get_global_id(0);
    const int c = (int) get_global_id(1);
    const long b = get_global_id(2);
    if (s >= S) {
        return;
    }
    const long o = (b * Cp + c) * S + s;
    if (c < n) {
        dpred[o] = g[0] * scale * 2.0f * (pred[o] - target[(b * n + c) * S + s]);
    } else {
        dpred[o] = 0.0f;
    }
}

__kernel void laplace_backward(__global float* dpred, __global const float* pred, __global const float* target,
                               __global const float* g, const long S, const int n, const int Cp, const float scale) {
    const long s = get_global_id(0);
    const int c = (int) get_global_id(1);
    const long b = get_global_id(2);
    if (s >= S) {
        return;
    }
    const long o = (b * Cp + c) * S + s;
    const float gs = g[0] * scale;
    if (c < n) {
        const float sg = pred[o + (long) n * S];
        dpred[o] = gs * sign(pred[o] - target[(b * n + c) * S + s]) / sg;
    } else {
        const float sg = pred[o];
        const float ad = fabs(pred[o - (long) n * S] - target[(b * n + c - n) * S + s]);
        dpred[o] = gs * (1.0f - ad / sg) / sg;
    }
}
