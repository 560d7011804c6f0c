/*
 * activation.cl: elementwise activations of the CARE networks and their gradients.
 *
 *   relu_forward(y, x, n)               y = max(x, 0)
 *   relu_backward(dx, y, dy, n)         dx = dy * (y > 0)          (mask from the saved output)
 *   softplus_forward(y, x, offset, n)   y = log(1 + exp(x)) + offset, computed as max(x,0) + log1p(exp(-|x|))
 *   softplus_backward(dx, x, dy, n)     dx = dy * sigmoid(x)
 *
 * Buffers: flat float arrays of n elements (any shape; n is a 64-bit count). One work-item per element, NDRange
 * padded to the work-group size, so each work-item checks i < n. Loop-free: PoCL vectorises across work-items.
 * The offset of softplus is CARE's +1e-3 on the scale head (CSBDeep nets.py), fused to save a pass.
 * Tunables: none.
 */

__kernel void relu_forward(__global float* y, __global const float* x, const long n) {
    const long i = get_global_id(0);
    if (i < n) {
        y[i] = fmax(x[i], 0.0f);
    }
}

__kernel void relu_backward(__global float* dx, __global const float* y, __global const float* dy, const long n) {
    const long i = get_global_id(0);
    if (i < n) {
        dx[i] = y[i] > 0.0f ? dy[i] : 0.0f;
    }
}

__kernel void softplus_forward(__global float* y, __global const float* x, const float offset, const long n) {
    const long i = get_global_id(0);
    if (i < n) {
        const float v = x[i];
        y[i] = fmax(v, 0.0f) + log1p(exp(-fabs(v))) + offset;
    }
}

__kernel void softplus_backward(__global float* dx, __global const float* x, __global const float* dy, const long n) {
    const long i = get_global_id(0);
    if (i < n) {
        dx[i] = dy[i] / (1.0f + exp(-x[i]));
    }
}
