/*
 * pool.cl: max pooling with per-axis factors (stride = factor, no padding) and its gradient.
 *
 *   maxpool3d_forward(y, argmax, x, D, H, W, fd, fh, fw, planes, storeArgmax)      any factors (the naive one)
 *   maxpool3d_forward_k222(y, argmax, x, D, H, W, planes, storeArgmax)             factors (2, 2, 2)
 *   maxpool2d_forward_k22(y, argmax, x, H, W, planes, storeArgmax)                 factors (2, 2), and 3D (1, 2, 2)
 *   maxpool3d_backward(dx, argmax, dy, D, H, W, fd, fh, fw, planes)                any factors (the naive one)
 *   maxpool3d_backward_k222(dx, argmax, dy, D, H, W, planes)
 *   maxpool2d_backward_k22(dx, argmax, dy, H, W, planes)
 *
 * Buffers: x and dx are [planes][D][H][W] floats (a plane = one channel of one sample, N*C planes; 2D is D = 1).
 * y and dy are [planes][D/fd][H/fh][W/fw]; the caller guarantees the factors divide the sizes. argmax has one
 * uchar per pooled element: the position of the winner inside its window in scan order,
 * k = (a * fh + b) * fw + c for the window offset (a, b, c) along (d, h, w), so windows hold at most 256 elements.
 * A 3D (1, 2, 2) pooling is the 2D kernel over planes = N*C*D planes of H x W.
 *
 * Ties: the first element in scan order wins (strict >); a NaN wins only in the first position (comparisons
 * with NaN are false). storeArgmax = 0 skips the argmax store (inference: no gradient will be asked for; the
 * argmax pointer is then never written).
 *
 * Work-items: forward, one per pooled element, NDRange (pooled elements per plane, planes); backward, one per
 * input element, NDRange (elements per plane, planes): a gather that writes every element of dx (the winner
 * takes dy, the others 0), so dx needs no zero fill and no atomics. Both NDRanges are padded: ids are checked.
 * The k22/k222 variants are loop-free (PoCL vectorises them across work-items); the naive ones loop over the
 * window with runtime bounds.
 * Tunables: none.
 */

__kernel void maxpool3d_forward(__global float* y, __global uchar* argmax, __global const float* x,
                                const int D, const int H, const int W, const int fd, const int fh, const int fw,
                                const int planes, const int storeArgmax) {
    const int Do = D / fd, Ho = H / fh, Wo = W / fw;
    const long pooled = (long) Do * Ho * Wo;
    const long v = get_global_id(0);
    const long p = get_global_id(1);
    if (v >= pooled || p >= planes) {
        return;
    }
    const int wo = (int) (v % Wo);
    const int t = (int) (v / Wo);
    const int ho = t % Ho;
    const int zo = t / Ho;
    __global const float* xp = x + p * ((long) D * H * W) + ((long) zo * fd * H + (long) ho * fh) * W + (long) wo * fw;
    float best = xp[0];
    int arg = 0;
    int k = 0;
    for (int a = 0; a < fd; a++) {
        for (int b = 0; b < fh; b++) {
            for (int c = 0; c < fw; c++) {
                const float val = xp[((long) a * H + b) * W + c];
                if (val > best) {
                    best = val;
                    arg = k;
                }
                k++;
            }
        }
    }
    const long o = p * pooled + v;
    y[o] = best;
    if (storeArgmax) {
        argmax[o] = (uchar) arg;
    }
}

__kernel void maxpool3d_forward_k222(__global float* y, __global uchar* argmax, __global const float* x,
                                     const int D, const int H, const int W, const int planes, const int storeArgmax) {
    const int Ho = H >> 1, Wo = W >> 1;
    const long pooled = (long) (D >> 1) * Ho * Wo;
    const long v = get_global_id(0);
    const long p = get_global_id(1);
    if (v >= pooled || p >= planes) {
        return;
    }
    const int wo = (int) (v % Wo);
    const int t = (int) (v / Wo);
    const int ho = t % Ho;
    const int zo = t / Ho;
    const long HW = (long) H * W;
    __global const float* xp = x + p * (D * HW) + 2 * zo * HW + (long) (2 * ho) * W + 2 * wo;
    float best = xp[0];
    int arg = 0;
    float val = xp[1];
    if (val > best) { best = val; arg = 1; }
    val = xp[W];
    if (val > best) { best = val; arg = 2; }
    val = xp[W + 1];
    if (val > best) { best = val; arg = 3; }
    val = xp[HW];
    if (val > best) { best = val; arg = 4; }
    val = xp[HW + 1];
    if (val > best) { best = val; arg = 5; }
    val = xp[HW + W];
    if (val > best) { best = val; arg = 6; }
    val = xp[HW + W + 1];
    if (val > best) { best = val; arg = 7; }
    const long o = p * pooled + v;
    y[o] = best;
    if (storeArgmax) {
        argmax[o] = (uchar) arg;
    }
}

__kernel void maxpool2d_forward_k22(__global float* y, __global uchar* argmax, __global const float* x,
                                    const int H, const int W, const int planes, const int storeArgmax) {
    const int Wo = W >> 1;
    const long pooled = (long) (H >> 1) * Wo;
    const long v = get_global_id(0);
    const long p = get_global_id(1);
    if (v >= pooled || p >= planes) {
        return;
    }
    const int wo = (int) (v % Wo);
    const int ho = (int) (v / Wo);
    __global const float* xp = x + p * ((long) H * W) + (long) (2 * ho) * W + 2 * wo;
    float best = xp[0];
    int arg = 0;
    float val = xp[1];
    if (val > best) { best = val; arg = 1; }
    val = xp[W];
    if (val > best) { best = val; arg = 2; }
    val = xp[W + 1];
    if (val > best) { best = val; arg = 3; }
    const long o = p * pooled + v;
    y[o] = best;
    if (storeArgmax) {
        argmax[o] = (uchar) arg;
    }
}

__kernel void maxpool3d_backward(__global float* dx, __global const uchar* argmax, __global const float* dy,
                                 const int D, const int H, const int W, const int fd, const int fh, const int fw,
                                 const int planes) {
    const long n = (long) D * H * W;
    const long v = get_global_id(0);
    const long p = get_global_id(1);
    if (v >= n || p >= planes) {
        return;
    }
    const int w = (int) (v % W);
    const int t = (int) (v / W);
    const int h = t % H;
    const int z = t / H;
    const int Ho = H / fh, Wo = W / fw;
    const int zo = z / fd, ho = h / fh, wo = w / fw;
    const int k = ((z - zo * fd) * fh + (h - ho * fh)) * fw + (w - wo * fw);
    const long o = p * ((long) (D / fd) * Ho * Wo) + ((long) zo * Ho + ho) * Wo + wo;
    dx[p * n + v] = argmax[o] == k ? dy[o] : 0.0f;
}

__kernel void maxpool3d_backward_k222(__global float* dx, __global const uchar* argmax, __global const float* dy,
                                      const int D, const int H, const int W, const int planes) {
    const long n = (long) D * H * W;
    const long v = get_global_id(0);
    const long p = get_global_id(1);
    if (v >= n || p >= planes) {
        return;
    }
    const int w = (int) (v % W);
    const int t = (int) (v / W);
    const int h = t % H;
    const int z = t / H;
    const int Ho = H >> 1, Wo = W >> 1;
    const int k = ((z & 1) << 2) | ((h & 1) << 1) | (w & 1);
    const long o = p * ((long) (D >> 1) * Ho * Wo) + ((long) (z >> 1) * Ho + (h >> 1)) * Wo + (w >> 1);
    dx[p * n + v] = argmax[o] == k ? dy[o] : 0.0f;
}

__kernel void maxpool2d_backward_k22(__global float* dx, __global const uchar* argmax, __global const float* dy,
                                     const int H, const int W, const int planes) {
    const long n = (long) H * W;
    const long v = get_global_id(0);
    const long p = get_global_id(1);
    if (v >= n || p >= planes) {
        return;
    }
    const int w = (int) (v % W);
    const int h = (int) (v / W);
    const int Wo = W >> 1;
    const int k = ((h & 1) << 1) | (w & 1);
    const long o = p * ((long) (H >> 1) * Wo) + (long) (h >> 1) * Wo + (w >> 1);
    dx[p * n + v] = argmax[o] == k ? dy[o] : 0.0f;
}
