/*
 * conv_input.cl: how every convolution kernel reads its input, shared by conv.cl, conv_gpu.cl, conv_tf32.cl and
 * conv_mma.cl (the launcher builds each of them with this file in front: KernelSource.load(ConvKernels.class,
 * "conv_input.cl", ...)).
 *
 * The input x [N][Cin][D][H][W] is either a plain tensor or the U-Net decoder's concatenation [upsample(low), skip]
 * along channels, read through and never materialized: channel ci < C1 is low [N][C1][D/FD][H/FH][W/FW] at
 * (d/FD, h/FH, w/FW) (nearest upsampling), channel ci >= C1 is channel ci - C1 of skip [N][Cin-C1][D][H][W]. A plain
 * input is C1 = 0 with skip = x, so one loader serves both; the branch is uniform for a plain input.
 *
 * -DJCARE_PLAIN_INPUT builds the loader for plain inputs only (the launchers build it for every convolution whose
 * input is no concatenation; C1 must then be 0 and low is never read): no branch on C1, and none of the divisions by
 * the runtime factors FD, FH, FW and of the low tensor's sizes, which the generic loader has in its code even where
 * the branch is never taken (the suspect of the fp32 3D step's 87 -> 97 ms on the H200, docs/NOTES.md).
 */

/* The address of element (n, ci, id, ih, iw) of the convolution's input, inside the volume (the caller checks the
 * bounds): a pointer into skip, or into low for the upsampled channels. */
inline __global const float* conv_in_at(__global const float* restrict low, __global const float* restrict skip,
                                        const int n, const int ci, const int Cin, const int C1, const int D,
                                        const int H, const int W, const int FD, const int FH, const int FW,
                                        const int id, const int ih, const int iw) {
#ifndef JCARE_PLAIN_INPUT
    if (ci < C1) {
        const int Hl = H / FH, Wl = W / FW;
        return low + ((((long) n * C1 + ci) * (D / FD) + id / FD) * Hl + ih / FH) * Wl + iw / FW;
    }
    return skip + ((((long) n * (Cin - C1) + (ci - C1)) * D + id) * H + ih) * W + iw;
#else
    return skip + ((((long) n * Cin + ci) * D + id) * H + ih) * W + iw;
#endif
}

/* Element (n, ci, id, ih, iw) of the convolution's input, inside the volume (the caller checks the bounds). */
inline float conv_in(__global const float* restrict low, __global const float* restrict skip, const int n,
                     const int ci, const int Cin, const int C1, const int D, const int H, const int W, const int FD,
                     const int FH, const int FW, const int id, const int ih, const int iw) {
    return *conv_in_at(low, skip, n, ci, Cin, C1, D, H, W, FD, FH, FW, id, ih, iw);
}
