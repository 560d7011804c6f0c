/*
 * elementwise.cl: elementwise arithmetic of the networks (the residual add outside a conv epilogue, scaling).
 *
 *   add_forward(y, a, b, n)        y = a + b        (its backward passes dy to both inputs: no kernel)
 *   scale_forward(y, x, s, n)      y = s * x        (its backward is the same kernel on dy)
 *
 * Buffers: flat float arrays of n elements (any shape; n is a 64-bit count). One work-item per element, 1D
 * NDRange padded to the work-group, so each work-item checks i < n. Loop-free: PoCL vectorises across
 * work-items; bandwidth-bound everywhere.
 * Tunables: none.
 */

__kernel void add_forward(__global float* y, __global const float* a, __global const float* b, const long n) {
    const long i = get_global_id(0);
    if (i < n) {
        y[i] = a[i] + b[i];
    }
}

__kernel void scale_forward(__global float* y, __global const float* x, const float s, const long n) {
    const long i = get_global_id(0);
    if (i < n) {
        y[i] = s * x[i];
    }
}
