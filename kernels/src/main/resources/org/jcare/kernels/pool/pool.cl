/*
 * pool.cl: max pooling with per-axis factors (stride = factor, no padding) and its gradient.
 *
 *   maxpool3d_forward(y, argmax, x, D, H, W, fd, fh, fw, rows, storeArgmax)   any factors (the naive one)
 *   maxpool3d_forward_k222(y, argmax, x, D, H, W, rows, storeArgmax)          factors (2, 2, 2)
 *   maxpool2d_forward_k22(y, argmax, x, W, rows, storeArgmax)                 factors (2, 2), and 3D (1, 2, 2)
 *   maxpool3d_backward(dx, argmax, dy, D, H, W, fd, fh, fw, rows)             any factors (the naive one)
 *   maxpool3d_backward_k222(dx, argmax, dy, D, H, W, rows)
 *   maxpool2d_backward_k22(dx, argmax, dy, W, rows)
 *
 * Buffers: x and dx are [planes][D][H][W] floats (a plane = one channel of one sample, N*C planes; 2D is D = 1).
 * y and dy are [planes][D/fd][H/fh][W/fw]; the caller guarantees the factors divide the sizes. argmax has one
 * uchar per pooled element: the position of the winner inside its window in scan order,
 * k = (a * fh + b) * fw + c for the window offset (a, b, c) along (d, h, w), so windows hold at most 256 elements.
 * A 3D (1, 2, 2) pooling is the 2D kernel over N*C*D planes of H x W (D, H are then not needed: rows are).
 *
 * Ties: the first element in scan order wins (strict >); a NaN wins only in the first position (comparisons
 * with NaN are false). storeArgmax = 0 skips the argmax store (inference: no gradient will be asked for; the
 * argmax pointer is then never written).
 *
 * Work-items: one per output element of the pass, 2D NDRange (width, rows): the forward over (W/fw, rows of y),
 * the backward over (W, rows of dx), rows = planes * depth * height of that tensor. The row coordinates
 * (plane, slice, row) are divided out of get_global_id(1), which is the same for the whole work-group (its
 * local size is 1 along rows), so no work-item divides: per-element 64-bit divisions made these kernels 10-30x
 * slower on PoCL, which cannot vectorise them. For factor 2 even that is a shift (the input row of output row
 * r is 2r). The backward is a gather that writes every element of dx (the winner takes dy, the others 0): no
 * zero fill, no atomics. The k22/k222 variants are loop-free (PoCL vectorises them across work-items); the
 * naive ones loop over the window with runtime bounds. Ids are bounds-checked (the NDRange is padded).
 * Tunables: none.
 */

__kernel void maxpool3d_forward(__global float* y, __global uchar* argmax, __global const float* x,
                                const int D, const int H, const int W, const int fd, const int fh, const int fw,
                                const long rows, const int storeArgmax) {
    const int Wo = W / fw;
    const int wo = (int) get_global_id(0);
    const long r = get_global_id(1);
    if (wo >= Wo || r >= rows) {
        return;
    }
    const int Ho = H / fh, Do = D / fd;
    const int ho = (int) (r % Ho);
    const long q = r / Ho;
    const int zo = (int) (q % Do);
    const long p = q / Do;
    __global const float* xp = x + ((p * D + (long) zo * fd) * H + (long) ho * fh) * W + (long) wo * fw;
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
    const long o = r * Wo + wo;
    y[o] = best;
    if (storeArgmax) {
        argmax[o] = (uchar) arg;
    }
}

__kernel void maxpool3d_forward_k222(__global float* y, __global uchar* argmax, __global const float* x,
                                     const int D, const int H, const int W, const long rows, const int storeArgmax) {
    const int Wo = W >> 1;
    const int wo = (int) get_global_id(0);
    const long r = get_global_id(1);
    if (wo >= Wo || r >= rows) {
        return;
    }
    const int Ho = H >> 1;
    const int ho = (int) (r % Ho);
    const long slice = 2 * (r / Ho);    /* first input slice: p*D + 2*zo */
    const long HW = (long) H * W;
    __global const float* xp = x + slice * HW + (long) (2 * ho) * W + 2 * wo;
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
    const long o = r * Wo + wo;
    y[o] = best;
    if (storeArgmax) {
        argmax[o] = (uchar) arg;
    }
}

__kernel void maxpool2d_forward_k22(__global float* y, __global uchar* argmax, __global const float* x,
                                    const int W, const long rows, const int storeArgmax) {
    const int Wo = W >> 1;
    const int wo = (int) get_global_id(0);
    const long r = get_global_id(1);
    if (wo >= Wo || r >= rows) {
        return;
    }
    __global const float* xp = x + (2 * r) * W + 2 * wo;    /* input row of output row r = p*Ho + ho is 2r */
    float best = xp[0];
    int arg = 0;
    float val = xp[1];
    if (val > best) { best = val; arg = 1; }
    val = xp[W];
    if (val > best) { best = val; arg = 2; }
    val = xp[W + 1];
    if (val > best) { best = val; arg = 3; }
    const long o = r * Wo + wo;
    y[o] = best;
    if (storeArgmax) {
        argmax[o] = (uchar) arg;
    }
}

__kernel void maxpool3d_backward(__global float* dx, __global const uchar* argmax, __global const float* dy,
                                 const int D, const int H, const int W, const int fd, const int fh, const int fw,
                                 const long rows) {
    const int w = (int) get_global_id(0);
    const long r = get_global_id(1);
    if (w >= W || r >= rows) {
        return;
    }
    const int h = (int) (r % H);
    const long q = r / H;
    const int z = (int) (q % D);
    const long p = q / D;
    const int Ho = H / fh, Wo = W / fw, Do = D / fd;
    const int zo = z / fd, ho = h / fh, wo = w / fw;
    const int k = ((z - zo * fd) * fh + (h - ho * fh)) * fw + (w - wo * fw);
    const long o = ((p * Do + zo) * Ho + ho) * Wo + wo;
    dx[r * W + w] = argmax[o] == k ? dy[o] : 0.0f;
}

__kernel void maxpool3d_backward_k222(__global float* dx, __global const uchar* argmax, __global const float* dy,
                                      const int D, const int H, const int W, const long rows) {
    const int w = (int) get_global_id(0);
    const long r = get_global_id(1);
    if (w >= W || r >= rows) {
        return;
    }
    const int h = (int) (r % H);
    const long q = r / H;               /* p*D + z */
    const int Ho = H >> 1, Wo = W >> 1;
    const int k = ((int) (q & 1) << 2) | ((h & 1) << 1) | (w & 1);
    const long o = ((q >> 1) * Ho + (h >> 1)) * Wo + (w >> 1);
    dx[r * W + w] = argmax[o] == k ? dy[o] : 0.0f;
}

__kernel void maxpool2d_backward_k22(__global float* dx, __global const uchar* argmax, __global const float* dy,
                                     const int W, const long rows) {
    const int w = (int) get_global_id(0);
    const long r = get_global_id(1);
    if (w >= W || r >= rows) {
        return;
    }
    const int Wo = W >> 1;
    const int k = ((int) (r & 1) << 1) | (w & 1);
    const long o = (r >> 1) * Wo + (w >> 1);   /* row r = p*H + h lies in output row p*Ho + h/2 = r/2 (H even) */
    dx[r * W + w] = argmax[o] == k ? dy[o] : 0.0f;
}
