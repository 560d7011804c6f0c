/*
 * tensor.cl: the engine's own elementwise kernels, used by the autograd tape and the flat parameters.
 *
 *   fill_forward(out, value, n)          out[i] = value                  for i < n
 *   accumulate_forward(out, in, n)       out[i] += in[i]                 (gradient accumulation)
 *   axpy_forward(out, in, alpha, n)      out[i] += alpha * in[i]
 *
 * Buffers: flat float arrays of n elements (n is a 64-bit count). One work-item per element; the NDRange is
 * padded to the work-group size, so each work-item checks i < n. No loops: PoCL vectorises these across
 * work-items, and they are bandwidth-bound everywhere.
 * Tunables: none.
 */

__kernel void fill_forward(__global float* out, const float value, const long n) {
    const long i = get_global_id(0);
    if (i < n) {
        out[i] = value;
    }
}

__kernel void accumulate_forward(__global float* out, __global const float* in, const long n) {
    const long i = get_global_id(0);
    if (i < n) {
        out[i] += in[i];
    }
}

__kernel void axpy_forward(__global float* out, __global const float* in, const float alpha, const long n) {
    const long i = get_global_id(0);
    if (i < n) {
        out[i] = fma(alpha, in[i], out[i]);
    }
}
