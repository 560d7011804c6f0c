/*
 * reduce.cl: deterministic two-stage sum of a tensor (Reduce.sum / Reduce.mean) and the broadcast gradient.
 *
 *   sum_partials(partials, x, n)                partials[g] = sum of x[g*SPAN .. (g+1)*SPAN)   (stage 1)
 *   sum_final(out, partials, count, scale)      out[0] = scale * sum of partials[0 .. count)   (stage 2)
 *   broadcast_backward(dx, g, n, scale)         dx[i] = scale * g[0]   (the gradient of sum/mean; g stays on the device)
 *   sum_partials_vec8(partials, x, n)           stage 1 for CPUs (float8 over contiguous items)
 *
 * Buffers: x and dx are flat float arrays of n elements (n a 64-bit count); partials holds
 * ceil(n / SPAN) floats, SPAN = REDUCE_LOCAL * REDUCE_ITEMS; out and g are one float.
 *
 * Work-items: stage 1 runs ceil(n / SPAN) work-groups of REDUCE_LOCAL; work-item t of group g adds the
 * REDUCE_ITEMS elements g*SPAN + k*REDUCE_LOCAL + t (k = 0..ITEMS-1: coalesced on GPUs, a short fixed loop
 * that PoCL vectorises across work-items), then the group adds its REDUCE_LOCAL sums pairwise in local memory
 * (a binary tree, log2(LOCAL) levels). Stage 2 is one work-group: work-item t adds partials t, t + LOCAL, ...
 * with Neumaier's compensated summation (the partial count grows with n; partials of mixed signs are why
 * Neumaier rather than plain Kahan), then the same pairwise tree; work-item 0 writes.
 * broadcast_backward: one work-item per element, 1D, loop-free.
 * sum_partials_vec8 (DESIGN decision 11, chosen on CPUs): work-item t adds the REDUCE_ITEMS contiguous
 * elements from g*SPAN + t*REDUCE_ITEMS as float8 chunks (scalar tail), lane-wise then across lanes in a fixed
 * order; PoCL vectorises that, not the strided loop. Same partials, another (fixed) order, same error bound.
 *
 * Determinism: no atomics; every addition happens in an order fixed by n and the tunables, so the same input
 * on the same device gives the same bits.
 * Accuracy (why no float64, which not every device has): with unit roundoff u = 2^-24 the error of the total
 * is at most about (ITEMS + 2 log2(LOCAL) + 2) u * sum|x| = (16 + 16 + 2) u sum|x| ~ 2e-6 sum|x| in the worst
 * case, and independent of n: the only term that grows with n, the stage-2 walk over ~n/(SPAN*LOCAL)
 * partials per work-item, is compensated. Typical errors are far smaller (measured on PoCL: the mean of
 * 4M values in [1, 2) agrees with float64 to 1.4e-9 relative, where one running float sum is off by 2.5e-6).
 *
 * Tunables REDUCE_LOCAL and REDUCE_ITEMS, tree_sum and sum8: reduce_common.cl, which the launcher puts in front.
 */

__kernel __attribute__((reqd_work_group_size(REDUCE_LOCAL, 1, 1)))
void sum_partials(__global float* partials, __global const float* x, const long n) {
    __local float scratch[REDUCE_LOCAL];
    const int t = (int) get_local_id(0);
    const long g = get_group_id(0);
    const long base = g * (REDUCE_LOCAL * REDUCE_ITEMS) + t;
    float s = 0.0f;
    for (int k = 0; k < REDUCE_ITEMS; k++) {
        const long i = base + (long) k * REDUCE_LOCAL;
        const float v = x[min(i, n - 1)];   /* clamped, branch-free load; the tail adds 0 */
        s += i < n ? v : 0.0f;
    }
    scratch[t] = s;
    tree_sum(scratch, t);
    if (t == 0) {
        partials[g] = scratch[0];
    }
}

__kernel __attribute__((reqd_work_group_size(REDUCE_LOCAL, 1, 1)))
void sum_partials_vec8(__global float* partials, __global const float* x, const long n) {
    __local float scratch[REDUCE_LOCAL];
    const int t = (int) get_local_id(0);
    const long g = get_group_id(0);
    const long base = g * (REDUCE_LOCAL * REDUCE_ITEMS) + (long) t * REDUCE_ITEMS;
    float8 acc = (float8) 0.0f;
    for (int k = 0; k < REDUCE_ITEMS; k += 8) {
        const long i = base + k;
        if (i + 8 <= n) {
            acc += vload8(0, x + i);
        } else {
            for (long j = i; j < n && j < i + 8; j++) {
                acc.s0 += x[j];
            }
        }
    }
    scratch[t] = sum8(acc);
    tree_sum(scratch, t);
    if (t == 0) {
        partials[g] = scratch[0];
    }
}

__kernel __attribute__((reqd_work_group_size(REDUCE_LOCAL, 1, 1)))
void sum_final(__global float* out, __global const float* partials, const long count, const float scale) {
    __local float scratch[REDUCE_LOCAL];
    const int t = (int) get_local_id(0);
    float s = 0.0f;
    float comp = 0.0f;
    for (long i = t; i < count; i += REDUCE_LOCAL) {
        const float v = partials[i];
        const float sum = s + v;
        comp += fabs(s) >= fabs(v) ? (s - sum) + v : (v - sum) + s;
        s = sum;
    }
    scratch[t] = s + comp;
    tree_sum(scratch, t);
    if (t == 0) {
        out[0] = scratch[0] * scale;
    }
}

__kernel void broadcast_backward(__global float* dx, __global const float* g, const long n, const float scale) {
    const long i = get_global_id(0);
    if (i < n) {
        dx[i] = g[0] * scale;
    }
}
