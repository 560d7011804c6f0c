/*
 * pool.cl: max pooling with per-axis factors (stride = factor, no padding) and its gradient.
 *
 *   maxpool3d_forward(y, argmax, x, D, H, W, fd, fh, fw, rows, storeArgmax)   any factors (the naive one)
 *   maxpool3d_forward_k222(y, argmax, x, H, W, slices, storeArgmax)           factors (2, 2, 2)
 *   maxpool2d_forward_k22(y, argmax, x, W, rows, storeArgmax)                 factors (2, 2), and 3D (1, 2, 2)
 *   maxpool3d_backward(dx, argmax, dy, D, H, W, fd, fh, fw, rows)             any factors (the naive one), over y
 *   maxpool3d_backward_k222(dx, argmax, dy, H, W, slices)                    over the slices of y
 *   maxpool2d_backward_k22(dx, argmax, dy, W, rows)                          over the rows of y
 *
 * Buffers: x and dx are [planes][D][H][W] floats (a plane = one channel of one sample, N*C planes; 2D is D = 1).
 * y and dy are [planes][D/fd][H/fh][W/fw]; the caller guarantees the factors divide the sizes. argmax has one
 * uchar per pooled element: the position of the winner inside its window in scan order,
 * k = (a * fh + b) * fw + c for the window offset (a, b, c) along (d, h, w), so windows hold at most 256 elements.
 * A 3D (1, 2, 2) pooling is the 2D kernel over N*C*D planes of H x W.
 *
 * Ties: the first element in scan order wins (strict >); a NaN wins only in the first position (comparisons
 * with NaN are false). storeArgmax = 0 skips the argmax store (inference: no gradient will be asked for; the
 * argmax pointer is then never written).
 *
 * Work-items: one per pooled element, in every kernel; it reads its window (forward), or writes all of its
 * window's gradient (backward: the winner takes dy, the others 0; windows tile x, so every element of dx is
 * written exactly once: no zero fill, no atomics). The k22 kernels use a 2D NDRange (width, rows) over y,
 * rows = planes * height, and the input rows of row r are 2r and 2r + 1; the k222 kernels a 3D NDRange
 * (width, height, slices) over y, slices = planes * depth, so every input coordinate is a shift of an id and
 * no work-item divides: per-element divisions made the first versions up to 5x slower on PoCL, which cannot
 * vectorise them, and this owner-writes backward ran 4-7x faster there than a gather over dx (one work-item per
 * element of dx, re-reading argmax and dy). The naive kernels use the 2D range over y, divide the row id and
 * loop over the window with runtime bounds; the k22/k222 variants are loop-free (PoCL vectorises them across
 * work-items). Ids are bounds-checked (the NDRange is padded).
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
                                     const int H, const int W, const long slices, const int storeArgmax) {
    const int Wo = W >> 1, Ho = H >> 1;
    const int wo = (int) get_global_id(0);
    const int ho = (int) get_global_id(1);
    const long q = get_global_id(2);    /* output slice p*Do + zo; its first input slice is 2q */
    if (wo >= Wo || ho >= Ho || q >= slices) {
        return;
    }
    const long HW = (long) H * W;
    __global const float* xp = x + 2 * q * HW + (long) (2 * ho) * W + 2 * wo;
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
    const long o = (q * Ho + ho) * Wo + wo;
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
    const long o = r * Wo + wo;
    const int arg = argmax[o];
    const float g = dy[o];
    __global float* d = dx + ((p * D + (long) zo * fd) * H + (long) ho * fh) * W + (long) wo * fw;
    int k = 0;
    for (int a = 0; a < fd; a++) {
        for (int b = 0; b < fh; b++) {
            for (int c = 0; c < fw; c++) {
                d[((long) a * H + b) * W + c] = k == arg ? g : 0.0f;
                k++;
            }
        }
    }
}

__kernel void maxpool3d_backward_k222(__global float* dx, __global const uchar* argmax, __global const float* dy,
                                      const int H, const int W, const long slices) {
    const int Wo = W >> 1, Ho = H >> 1;
    const int wo = (int) get_global_id(0);
    const int ho = (int) get_global_id(1);
    const long q = get_global_id(2);    /* output slice; its input slices are 2q and 2q + 1 */
    if (wo >= Wo || ho >= Ho || q >= slices) {
        return;
    }
    const long o = (q * Ho + ho) * Wo + wo;
    const int k = argmax[o];
    const float g = dy[o];
    const long HW = (long) H * W;
    __global float* d = dx + 2 * q * HW + (long) (2 * ho) * W + 2 * wo;
    d[0] = k == 0 ? g : 0.0f;
    d[1] = k == 1 ? g : 0.0f;
    d[W] = k == 2 ? g : 0.0f;
    d[W + 1] = k == 3 ? g : 0.0f;
    d[HW] = k == 4 ? g : 0.0f;
    d[HW + 1] = k == 5 ? g : 0.0f;
    d[HW + W] = k == 6 ? g : 0.0f;
    d[HW + W + 1] = k == 7 ? g : 0.0f;
}

__kernel void maxpool2d_backward_k22(__global float* dx, __global const uchar* argmax, __global const float* dy,
                                     const int W, const long rows) {
    const int Wo = W >> 1;
    const int wo = (int) get_global_id(0);
    const long r = get_global_id(1);    /* output row; its input rows are 2r and 2r + 1 */
    if (wo >= Wo || r >= rows) {
        return;
    }
    const long o = r * Wo + wo;
    const int k = argmax[o];
    const float g = dy[o];
    __global float* d = dx + (2 * r) * W + 2 * wo;
    d[0] = k == 0 ? g : 0.0f;
    d[1] = k == 1 ? g : 0.0f;
    d[W] = k == 2 ? g : 0.0f;
    d[W + 1] = k == 3 ? g : 0.0f;
}
