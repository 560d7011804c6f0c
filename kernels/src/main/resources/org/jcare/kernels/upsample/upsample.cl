/*
 * upsample.cl: nearest-neighbour upsampling with per-axis factors (Keras UpSampling2D/3D, the default
 * interpolation) and its gradient, the sum over each block.
 *
 *   upsample3d_forward(y, x, D, H, W, fd, fh, fw, rows)       y[p][z][h][w] = x[p][z/fd][h/fh][w/fw]  (any factors)
 *   upsample3d_forward_k222(y, x, H, W, slices)               the same for factors (2, 2, 2)
 *   upsample2d_forward_k22(y, x, W, rows)                     the same for (2, 2) (and 3D (1, 2, 2) as D*planes planes)
 *   upsample3d_backward(dx, dy, D, H, W, fd, fh, fw, rows)    dx[p][z][h][w] = sum of dy over its fd x fh x fw block
 *   upsample3d_backward_k222(dx, dy, H, W, slices)            the same for factors (2, 2, 2), unrolled
 *   upsample2d_backward_k22(dx, dy, W, rows)                  the same for (2, 2) (and 3D (1, 2, 2))
 *
 * Buffers: x and dx are [planes][D][H][W] floats (a plane = one channel of one sample; 2D is D = 1), y and dy
 * are [planes][D*fd][H*fh][W*fw]. D, H, W are always the sizes of the small (input) tensor.
 *
 * Work-items: one per element written. The k22 kernels use a 2D NDRange (width, rows), rows = planes * height
 * of the tensor written (a 3D (1, 2, 2) upsampling counts D*planes planes), and the row of the other tensor is
 * a shift of the row id; the k222 kernels a 3D NDRange (width, height, slices), slices = planes * depth, so the
 * source coordinates are shifts of the ids: no work-item divides (per-element divisions made the k222 forward
 * 5x slower on PoCL, which cannot vectorise them). The naive kernels use the 2D (width, rows) range and
 * divide. The backward sums its block in a fixed order (d, h, w), so the result is deterministic and the
 * unrolled variants give the naive kernel's bits; no atomics. The k22/k222 variants are loop-free (PoCL
 * vectorises them across work-items); the naive backward loops over the block with runtime bounds. Ids are bounds-checked (the NDRange is padded).
 * Tunables: none.
 */

__kernel void upsample3d_forward(__global float* y, __global const float* x, const int D, const int H, const int W,
                                 const int fd, const int fh, const int fw, const long rows) {
    const int Wo = W * fw;
    const int w = (int) get_global_id(0);
    const long r = get_global_id(1);
    if (w >= Wo || r >= rows) {
        return;
    }
    const int Ho = H * fh, Do = D * fd;
    const int h = (int) (r % Ho);
    const long q = r / Ho;
    const int z = (int) (q % Do);
    const long p = q / Do;
    y[r * Wo + w] = x[((p * D + z / fd) * H + h / fh) * W + w / fw];
}

__kernel void upsample3d_forward_k222(__global float* y, __global const float* x, const int H, const int W,
                                      const long slices) {
    const int Wo = 2 * W, Ho = 2 * H;
    const int w = (int) get_global_id(0);
    const int h = (int) get_global_id(1);
    const long q = get_global_id(2);    /* output slice p*2D + z; its source slice is q/2 */
    if (w >= Wo || h >= Ho || q >= slices) {
        return;
    }
    y[(q * Ho + h) * Wo + w] = x[((q >> 1) * H + (h >> 1)) * W + (w >> 1)];
}

__kernel void upsample2d_forward_k22(__global float* y, __global const float* x, const int W, const long rows) {
    const int Wo = 2 * W;
    const int w = (int) get_global_id(0);
    const long r = get_global_id(1);
    if (w >= Wo || r >= rows) {
        return;
    }
    y[r * Wo + w] = x[(r >> 1) * W + (w >> 1)];   /* output row p*2H + h comes from input row p*H + h/2 = r/2 */
}

__kernel void upsample3d_backward(__global float* dx, __global const float* dy, const int D, const int H, const int W,
                                  const int fd, const int fh, const int fw, const long rows) {
    const int w = (int) get_global_id(0);
    const long r = get_global_id(1);
    if (w >= W || r >= rows) {
        return;
    }
    const int h = (int) (r % H);
    const long q = r / H;
    const int z = (int) (q % D);
    const long p = q / D;
    const int Ho = H * fh, Wo = W * fw, Do = D * fd;
    __global const float* g = dy + ((p * Do + (long) z * fd) * Ho + (long) h * fh) * Wo + (long) w * fw;
    float s = 0.0f;
    for (int a = 0; a < fd; a++) {
        for (int b = 0; b < fh; b++) {
            for (int c = 0; c < fw; c++) {
                s += g[((long) a * Ho + b) * Wo + c];
            }
        }
    }
    dx[r * W + w] = s;
}

__kernel void upsample3d_backward_k222(__global float* dx, __global const float* dy, const int H, const int W,
                                       const long slices) {
    const int w = (int) get_global_id(0);
    const int h = (int) get_global_id(1);
    const long q = get_global_id(2);    /* input slice p*D + z; its first output slice is 2q */
    if (w >= W || h >= H || q >= slices) {
        return;
    }
    const long Wo = 2L * W;
    const long HWo = 4L * H * W;
    __global const float* g = dy + 2 * q * HWo + (2L * h) * Wo + 2 * w;
    /* same order as the naive kernel (d, h, w), so both give identical bits */
    float s = g[0];
    s += g[1];
    s += g[Wo];
    s += g[Wo + 1];
    s += g[HWo];
    s += g[HWo + 1];
    s += g[HWo + Wo];
    s += g[HWo + Wo + 1];
    dx[(q * H + h) * W + w] = s;
}

__kernel void upsample2d_backward_k22(__global float* dx, __global const float* dy, const int W, const long rows) {
    const int w = (int) get_global_id(0);
    const long r = get_global_id(1);
    if (w >= W || r >= rows) {
        return;
    }
    const long Wo = 2L * W;
    __global const float* g = dy + (2 * r) * Wo + 2 * w;   /* input row r = p*H + h spreads over output rows 2r, 2r+1 */
    float s = g[0];
    s += g[1];
    s += g[Wo];
    s += g[Wo + 1];
    dx[r * W + w] = s;
}
