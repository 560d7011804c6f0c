/*
 * reduce_common.cl: the work-group building blocks of the deterministic reductions, put in front of reduce.cl and
 * loss.cl by their launchers (KernelSource.join): the tunables' defaults, the pairwise tree over local memory and
 * the fixed-order horizontal sum of a float8. The accuracy argument is in reduce.cl.
 *
 * Tunables (powers of two; the launchers pass ReduceKernels.LOCAL and ITEMS, which size the partials):
 *   REDUCE_LOCAL  work-group size, default 256
 *   REDUCE_ITEMS  terms per work-item in stage 1 (a multiple of 8 for the _vec8 kernels), default 16
 */

#ifndef REDUCE_LOCAL
#define REDUCE_LOCAL 256
#endif
#ifndef REDUCE_ITEMS
#define REDUCE_ITEMS 16
#endif

/* Pairwise sum of scratch[0 .. REDUCE_LOCAL) into scratch[0]; every work-item of the group must call it. */
inline void tree_sum(__local float* scratch, const int t) {
    for (int stride = REDUCE_LOCAL / 2; stride > 0; stride >>= 1) {
        barrier(CLK_LOCAL_MEM_FENCE);
        if (t < stride) {
            scratch[t] += scratch[t + stride];
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
}

/* Horizontal sum of a float8 in a fixed order. */
inline float sum8(const float8 v) {
    const float4 h4 = v.lo + v.hi;
    const float2 h2 = h4.lo + h4.hi;
    return h2.lo + h2.hi;
}
