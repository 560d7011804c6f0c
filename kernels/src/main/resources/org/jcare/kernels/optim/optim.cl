/*
 * optim.cl: the Adam update over all parameters of a model in one launch (DESIGN decision 5: parameters,
 * gradients and both moments are flat buffers of the same layout).
 *
 *   adam_step(p, m, v, g, n, lrT, beta1, beta2, oneMinusBeta1, oneMinusBeta2, epsilon)
 *       m = beta1 m + (1 - beta1) g
 *       v = beta2 v + (1 - beta2) g^2
 *       p = p - lrT m / (sqrt(v) + epsilon)
 *   with lrT = lr sqrt(1 - beta2^t) / (1 - beta1^t) computed by the host in double for step t (the Keras / TF
 *   ApplyAdam formulation, epsilon outside the bias correction), so the kernel needs no pow. 1 - beta1 and
 *   1 - beta2 also come from the host, rounded from double: 1.0f - 0.999f is off by 1.3e-5 (relative), which
 *   would bias v by as much.
 *
 * Buffers: p (parameters), m, v (first and second moments) and g (gradients) are flat float arrays of n
 * elements with the same layout (ParameterSet.flatLength(), alignment gaps included: their gradients stay 0,
 * so m, v and p stay 0 there). One work-item per element, 1D NDRange padded to the work-group, so each
 * work-item checks i < n. Loop-free: PoCL vectorises across work-items; bandwidth-bound (28 bytes per
 * parameter) everywhere.
 * Tunables: none.
 */

__kernel void adam_step(__global float* p, __global float* m, __global float* v, __global const float* g, const long n,
                        const float lrT, const float beta1, const float beta2, const float oneMinusBeta1,
                        const float oneMinusBeta2, const float epsilon) {
    const long i = get_global_id(0);
    if (i >= n) {
        return;
    }
    const float gi = g[i];
    const float mi = beta1 * m[i] + oneMinusBeta1 * gi;
    const float vi = beta2 * v[i] + oneMinusBeta2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] -= lrT * mi / (sqrt(vi) + epsilon);
}
