/*
 * deconv.cl: the pointwise steps of Richardson-Lucy deconvolution on the device (the convolutions with the PSF are
 * the conv family's kernels: one channel in, one out, the PSF as weight).
 *
 *   rl_ratio(r, d, b, n, eps)            r = d / max(b, eps)                          (observed over re-blurred)
 *   rl_update(u1, u, c, n)               u1 = u * c                                   (multiplicative RL step)
 *   rl_update_tv(u1, u, c, D, H, W, lambda, eps, min_denom)
 *        u1 = u * c / max(min_denom, 1 - lambda * div(grad u / sqrt(|grad u|^2 + eps^2)))   (Dey et al. 2006)
 *        grad by forward differences (0 across the last voxel of an axis), div by backward differences (the
 *        normalized gradient is 0 before the first voxel): the spec is org.jcare.optics.deconv.TotalVariation
 *        (divergence, then update), the formula the host Richardson-Lucy runs.
 *
 * Buffers: flat float arrays; for rl_update_tv a D x H x W volume, x fastest (2D is D = 1). One work-item per element
 * (1D NDRange padded to the work-group; each work-item checks i < n). rl_update_tv reads the 4 (2D: 3) voxels it needs
 * for its own normalized gradient and those of its backward neighbours: no local memory, as PoCL prefers, and the
 * reads are cached on GPUs. Tunables: none.
 */

__kernel void rl_ratio(__global float* r, __global const float* d, __global const float* b, const long n,
                       const float eps) {
    const long i = get_global_id(0);
    if (i < n) {
        r[i] = d[i] / fmax(b[i], eps);
    }
}

__kernel void rl_update(__global float* u1, __global const float* u, __global const float* c, const long n) {
    const long i = get_global_id(0);
    if (i < n) {
        u1[i] = u[i] * c[i];
    }
}

/* The normalized forward-difference gradient at (z, y, x); component k (0 = z, 1 = y, 2 = x). */
static float3 unit_gradient(__global const float* u, const int z, const int y, const int x, const int D, const int H,
                            const int W, const float eps) {
    const long i = ((long) z * H + y) * W + x;
    const float v = u[i];
    const float gz = z + 1 < D ? u[i + (long) H * W] - v : 0.0f;
    const float gy = y + 1 < H ? u[i + W] - v : 0.0f;
    const float gx = x + 1 < W ? u[i + 1] - v : 0.0f;
    const float norm = sqrt(gz * gz + gy * gy + gx * gx + eps * eps);
    return (float3)(gz / norm, gy / norm, gx / norm);
}

__kernel void rl_update_tv(__global float* u1, __global const float* u, __global const float* c, const int D,
                           const int H, const int W, const float lambda, const float eps, const float min_denom) {
    const long i = get_global_id(0);
    const long n = (long) D * H * W;
    if (i >= n) {
        return;
    }
    const int x = (int) (i % W);
    const int y = (int) ((i / W) % H);
    const int z = (int) (i / ((long) H * W));
    const float3 g = unit_gradient(u, z, y, x, D, H, W, eps);
    float div = g.x + g.y + g.z;
    if (z > 0) {
        div -= unit_gradient(u, z - 1, y, x, D, H, W, eps).x;
    }
    if (y > 0) {
        div -= unit_gradient(u, z, y - 1, x, D, H, W, eps).y;
    }
    if (x > 0) {
        div -= unit_gradient(u, z, y, x - 1, D, H, W, eps).z;
    }
    u1[i] = u[i] * c[i] / fmax(min_denom, 1.0f - lambda * div);
}
