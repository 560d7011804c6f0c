/*
 * mma.cl: the tensor-core primitives of the TF32 and BF16 convolutions (conv_tf32.cl, conv_mma.cl: the launcher puts
 * this file in front of them), and the packing of their weight fragments.
 *
 * Two builds of one source. With -DJCARE_NVIDIA_PTX (set only on NVIDIA devices of compute capability >= 8.0) every
 * primitive is one inline-PTX instruction (or a few): cvt.rna.tf32.f32, cvt.rn.bf16x2.f32, mma.sync m16n8k8 (TF32)
 * and m16n8k16 (BF16), ldmatrix, cp.async. Without it (PoCL, other vendors, tests) each is emulated in plain OpenCL C
 * at the level of the warp's registers: a lane contributes what it holds at the place the PTX ISA assigns it, through
 * a per-warp scratch in local memory and a work-group barrier, and takes what the instruction would give it back, so
 * that a wrong fragment layout, a wrong row address or a wrong packing is as wrong in the emulation as on the card.
 * Every work-item of the work-group calls an emulated primitive at the same point (uniform control flow): the
 * barriers then act as the warp's register exchange. Lanes are get_local_id(0) % 32 (one-dimensional work-groups of
 * a multiple of 32 work-items: on NVIDIA consecutive work-items form the warps).
 *
 * Fragments (lane l, g = l >> 2, t = l & 3), PTX ISA "Matrix Fragments for mma.m16n8k8 / m16n8k16":
 *   TF32 m16n8k8, one 32-bit element per register:
 *     A 16x8 (row):  a0 = A[g][t]  a1 = A[g+8][t]  a2 = A[g][t+4]  a3 = A[g+8][t+4]
 *     B 8x8 (col):   b0 = B[t][g]  b1 = B[t+4][g]
 *   BF16 m16n8k16, two 16-bit elements per register (the lower index in the low half):
 *     A 16x16 (row): a0 = A[g][2t, 2t+1]  a1 = A[g+8][2t, 2t+1]  a2 = A[g][2t+8, 2t+9]  a3 = A[g+8][2t+8, 2t+9]
 *     B 16x8 (col):  b0 = B[2t, 2t+1][g]  b1 = B[2t+8, 2t+9][g]
 *   C/D 16x8 f32 (both): c0 = C[g][2t] c1 = C[g][2t+1] c2 = C[g+8][2t] c3 = C[g+8][2t+1]
 *
 * The BF16 convolutions order K so that ldmatrix of fp32 data gives the operands: the mma's k pair (2t, 2t+1) is the
 * convolution's terms (t, t+4) and (2t+8, 2t+9) is (t+8, t+12) (or (t, t+4) of a second tap). A sum does not depend
 * on the order of its terms, so this is exact as long as the B fragments (packed here) use the same order.
 *
 * conv3d_weights_pack_mma(wf, w, Cout, Cin, KD, KHW, CoutPad, flip)   NDRange (KD*SPP, ceil(Cin/8), CoutPad/8)
 *   wf [ceil(Cin/8)][KD][SPP][CoutPad/8][32][2] (32-bit words): the B fragments of the forward convolution's GEMM with
 *   K = (8 input channels) x (the taps of one mma k-step) and N = output channels. SPP = k-steps per kernel plane
 *   (kd): KHW taps for TF32 (one tap per k-step), ceil(KHW/2) tap pairs for BF16 (k16 = 8 channels x 2 taps; an odd
 *   last pair has zero weights in its second half). For k-step s of plane kd, n-tile j and lane l (g = l >> 2,
 *   u = l & 3), co = 8j + g, ci = 8*c8 + u:
 *     TF32: [0] = tf32(w[co][ci][tap]), [1] = tf32(w[co][ci+4][tap]), tap = kd*KHW + s
 *     BF16: [0] = bf16x2(w[co][ci][tap0], w[co][ci+4][tap0]), [1] = bf16x2(w[co][ci][tap1], w[co][ci+4][tap1]),
 *           tap0 = kd*KHW + 2s, tap1 = tap0 + 1 (within the plane)
 *   zero for co >= Cout or ci >= Cin. flip = 1: the weights of the backward-data convolution (w'[co][ci][t] =
 *   w[ci][co][T-1-t] of the forward weight w). One work-item per 8x8 block. TF32 gives the layout conv_tf32.cl reads.
 */

#ifdef MMA_BF16
#define MMA_TAPS 2 /* taps per k-step of the convolution GEMM (k16 = 8 channels x 2 taps) */
#else
#define MMA_TAPS 1 /* k8 = 8 channels x 1 tap */
#endif

#ifdef JCARE_NVIDIA_PTX

/* cvt.rna.tf32.f32: round to nearest, ties away from zero, to TF32; the result keeps the float32 layout. */
inline float to_tf32(const float f) {
    uint r;
    asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(r) : "f"(f));
    return as_float(r);
}

/* Two floats rounded to nearest even as bf16, lo in the low half: cvt.rn.bf16x2.f32 d, a, b puts a in the upper half. */
inline uint pack_bf16x2(const float lo, const float hi) {
    uint r;
    asm("cvt.rn.bf16x2.f32 %0, %1, %2;" : "=r"(r) : "f"(hi), "f"(lo));
    return r;
}

/* D = A * B + C on the tensor cores; separate output and input operands ("=f", "f", "r" constraints only: the
 * ones measured to work in NVIDIA OpenCL C). */
#define MMA_TF32(c, a, b)                                                                                          \
    asm volatile("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "       \
                 "{%10,%11,%12,%13};"                                                                              \
                 : "=f"((c)[0]), "=f"((c)[1]), "=f"((c)[2]), "=f"((c)[3])                                          \
                 : "r"((a)[0]), "r"((a)[1]), "r"((a)[2]), "r"((a)[3]), "r"((b)[0]), "r"((b)[1]),                   \
                   "f"((c)[0]), "f"((c)[1]), "f"((c)[2]), "f"((c)[3]))

#define MMA_BF16_OP(c, a, b)                                                                                       \
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "      \
                 "{%10,%11,%12,%13};"                                                                              \
                 : "=f"((c)[0]), "=f"((c)[1]), "=f"((c)[2]), "=f"((c)[3])                                          \
                 : "r"((a)[0]), "r"((a)[1]), "r"((a)[2]), "r"((a)[3]), "r"((b)[0]), "r"((b)[1]),                   \
                   "f"((c)[0]), "f"((c)[1]), "f"((c)[2]), "f"((c)[3]))

/* A warp tile: mt x nt mma of the fragments just loaded (acc [mt][nt][4], af [mt][4], bf [nt][2], flattened; mt and
 * nt are compile-time constants at every call, so the loops unroll and everything stays in registers). */
inline void warp_mma(float* acc, const uint* af, const uint* bf, const int mt, const int nt) {
#pragma unroll
    for (int i = 0; i < mt; i++) {
#pragma unroll
        for (int j = 0; j < nt; j++) {
            float* c = acc + (i * nt + j) * 4;
            const uint* a = af + i * 4;
            const uint* b = bf + j * 2;
            MMA_TF32(c, a, b);
        }
    }
}

/* The same with BF16 operands (m16n8k16: twice the k per instruction). */
inline void warp_mma_bf16(float* acc, const uint* af, const uint* bf, const int mt, const int nt) {
#pragma unroll
    for (int i = 0; i < mt; i++) {
#pragma unroll
        for (int j = 0; j < nt; j++) {
            float* c = acc + (i * nt + j) * 4;
            const uint* a = af + i * 4;
            const uint* b = bf + j * 2;
            MMA_BF16_OP(c, a, b);
        }
    }
}

/* The shared-memory address of a local pointer, as ldmatrix and cp.async take it (a 32-bit register). */
inline uint smem_address(__local const float* p) {
    return (uint) (ulong) p;
}

/*
 * ldmatrix.x4 for each of a warp's mt m-tiles: lane l gives, in off[i], the row (in floats from base; 16-byte
 * aligned) of row l & 7 of matrix l >> 3, and receives r[i][q] = word l & 3 of row l >> 2 of matrix q.
 */
inline void ldmatrix_x4(__local const float* base, const int* off, uint* r, const int mt) {
#pragma unroll
    for (int i = 0; i < mt; i++) {
        asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];"
                     : "=r"(r[i * 4 + 0]), "=r"(r[i * 4 + 1]), "=r"(r[i * 4 + 2]), "=r"(r[i * 4 + 3])
                     : "r"(smem_address(base + off[i])));
    }
}

/* cp.async of one float from global to local memory, zero-filled when !valid (src-size 0: src is not read). */
inline void cp_async4(__local float* dst, __global const float* src, const int valid) {
    asm volatile("cp.async.ca.shared.global [%0], [%1], 4, %2;" : : "r"(smem_address(dst)), "l"((ulong) src),
                 "r"(valid ? 4 : 0));
}

#define CP_ASYNC_COMMIT() asm volatile("cp.async.commit_group;")
#define CP_ASYNC_WAIT_(n) asm volatile("cp.async.wait_group " #n ";")
#define CP_ASYNC_WAIT(n) CP_ASYNC_WAIT_(n)

#define WARP_MMA(acc, af, bf, mt, nt) warp_mma((acc), (af), (bf), (mt), (nt))
#define WARP_MMA_BF16(acc, af, bf, mt, nt) warp_mma_bf16((acc), (af), (bf), (mt), (nt))
#define LDMATRIX_X4(base, off, r, mt) ldmatrix_x4((base), (off), (r), (mt))

#else

/* cvt.rna.tf32.f32 in integer arithmetic: add half a TF32 ulp to the magnitude and drop the 13 low mantissa bits
 * (ties go away from zero because the float is sign-magnitude); Inf and NaN pass unchanged. */
inline float to_tf32(const float f) {
    uint u = as_uint(f);
    if ((u & 0x7f800000u) != 0x7f800000u) {
        u = (u + 0x1000u) & 0xffffe000u;
    }
    return as_float(u);
}

/* What the tensor core reads of a .tf32 operand register: sign, exponent and the 10 high mantissa bits. */
inline float tf32_operand(const uint r) {
    return as_float(r & 0xffffe000u);
}

/* float -> bf16 bits, round to nearest even (cvt.rn.bf16.f32); NaN stays a (quiet) NaN. */
inline uint to_bf16_bits(const float f) {
    const uint u = as_uint(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) {
        return (u >> 16) | 0x40u;
    }
    return (u + 0x7fffu + ((u >> 16) & 1u)) >> 16;
}

/* cvt.rn.bf16x2.f32 of (hi, lo): lo in the low half. */
inline uint pack_bf16x2(const float lo, const float hi) {
    return to_bf16_bits(lo) | (to_bf16_bits(hi) << 16);
}

/* The two bf16 halves of an operand register as floats (exact). */
inline float bf16_lo(const uint r) {
    return as_float(r << 16);
}

inline float bf16_hi(const uint r) {
    return as_float(r & 0xffff0000u);
}

/*
 * A warp tile's mt x nt mma.m16n8k8 (TF32), emulated. s: the warp's scratch, mt A fragments [16][8] (row-major), then
 * nt B fragments [8][8] (k-major). Each lane writes the registers it holds at the places the PTX ISA assigns them, then
 * computes the accumulators it owns from the whole matrices.
 */
void warp_mma_emulated(__local float* s, const int lane, float* acc, const uint* af, const uint* bf, const int mt,
                       const int nt) {
    const int g = lane >> 2, t = lane & 3;
    for (int i = 0; i < mt; i++) {
        __local float* sa = s + i * 128;
        sa[g * 8 + t] = tf32_operand(af[i * 4 + 0]);
        sa[(g + 8) * 8 + t] = tf32_operand(af[i * 4 + 1]);
        sa[g * 8 + t + 4] = tf32_operand(af[i * 4 + 2]);
        sa[(g + 8) * 8 + t + 4] = tf32_operand(af[i * 4 + 3]);
    }
    for (int j = 0; j < nt; j++) {
        __local float* sb = s + mt * 128 + j * 64;
        sb[t * 8 + g] = tf32_operand(bf[j * 2 + 0]);
        sb[(t + 4) * 8 + g] = tf32_operand(bf[j * 2 + 1]);
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int i = 0; i < mt; i++) {
        __local const float* sa = s + i * 128;
        for (int j = 0; j < nt; j++) {
            __local const float* sb = s + mt * 128 + j * 64;
            float* c = acc + (i * nt + j) * 4;
            float d0 = c[0], d1 = c[1], d2 = c[2], d3 = c[3];
            for (int k = 0; k < 8; k++) {
                const float lo = sa[g * 8 + k], hi = sa[(g + 8) * 8 + k];
                const float b0 = sb[k * 8 + 2 * t], b1 = sb[k * 8 + 2 * t + 1];
                d0 = fma(lo, b0, d0);
                d1 = fma(lo, b1, d1);
                d2 = fma(hi, b0, d2);
                d3 = fma(hi, b1, d3);
            }
            c[0] = d0;
            c[1] = d1;
            c[2] = d2;
            c[3] = d3;
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
}

/*
 * A warp tile's mt x nt mma.m16n8k16 (BF16), emulated as above: s holds mt A fragments [16][16] (row-major), then nt
 * B fragments [16][8] (k-major); products of bf16 values are exact in fp32, summed in fp32.
 */
void warp_mma_bf16_emulated(__local float* s, const int lane, float* acc, const uint* af, const uint* bf, const int mt,
                            const int nt) {
    const int g = lane >> 2, t = lane & 3;
    for (int i = 0; i < mt; i++) {
        __local float* sa = s + i * 256;
        for (int q = 0; q < 4; q++) {
            const int row = g + (q & 1) * 8, col = 2 * t + (q >> 1) * 8;
            sa[row * 16 + col] = bf16_lo(af[i * 4 + q]);
            sa[row * 16 + col + 1] = bf16_hi(af[i * 4 + q]);
        }
    }
    for (int j = 0; j < nt; j++) {
        __local float* sb = s + mt * 256 + j * 128;
        for (int q = 0; q < 2; q++) {
            const int k = 2 * t + q * 8;
            sb[k * 8 + g] = bf16_lo(bf[j * 2 + q]);
            sb[(k + 1) * 8 + g] = bf16_hi(bf[j * 2 + q]);
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int i = 0; i < mt; i++) {
        __local const float* sa = s + i * 256;
        for (int j = 0; j < nt; j++) {
            __local const float* sb = s + mt * 256 + j * 128;
            float* c = acc + (i * nt + j) * 4;
            float d0 = c[0], d1 = c[1], d2 = c[2], d3 = c[3];
            for (int k = 0; k < 16; k++) {
                const float lo = sa[g * 16 + k], hi = sa[(g + 8) * 16 + k];
                const float b0 = sb[k * 8 + 2 * t], b1 = sb[k * 8 + 2 * t + 1];
                d0 = fma(lo, b0, d0);
                d1 = fma(lo, b1, d1);
                d2 = fma(hi, b0, d2);
                d3 = fma(hi, b1, d3);
            }
            c[0] = d0;
            c[1] = d1;
            c[2] = d2;
            c[3] = d3;
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
}

/*
 * ldmatrix.x4 for mt m-tiles, emulated: every lane publishes its row offsets in x (the warp's exchange, mt*32 ints),
 * then takes word l & 3 of row l >> 2 of each matrix from the row that lane 8q + (l >> 2) gave. A row that is not
 * 16-byte aligned (undefined for ldmatrix) reads as NaN, so that a test sees it.
 */
void ldmatrix_x4_emulated(__local int* x, const int lane, __local const float* base, const int* off, uint* r,
                          const int mt) {
    for (int i = 0; i < mt; i++) {
        x[i * 32 + lane] = off[i];
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int i = 0; i < mt; i++) {
        for (int q = 0; q < 4; q++) {
            const int o = x[i * 32 + q * 8 + (lane >> 2)];
            r[i * 4 + q] = (o & 3) != 0 ? as_uint(NAN) : as_uint(base[o + (lane & 3)]);
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
}

#define WARP_MMA(acc, af, bf, mt, nt) warp_mma_emulated(scratch, lane, (acc), (af), (bf), (mt), (nt))
#define WARP_MMA_BF16(acc, af, bf, mt, nt) warp_mma_bf16_emulated(scratch, lane, (acc), (af), (bf), (mt), (nt))
#define LDMATRIX_X4(base, off, r, mt) ldmatrix_x4_emulated(xchg, lane, (base), (off), (r), (mt))

#endif

/* Weight w'[co][ci][tap] of the packed convolution (see conv3d_weights_pack_mma), zero outside. */
inline float packed_weight(__global const float* restrict w, const int co, const int ci, const int tap, const int Cout,
                           const int Cin, const int T, const int flip) {
    if (co >= Cout || ci >= Cin) {
        return 0.0f;
    }
    /* flip: w'[co][ci][t] = w[ci][co][T-1-t], the backward-data weights of the forward weight w */
    return flip ? w[((long) ci * Cout + co) * T + (T - 1 - tap)] : w[((long) co * Cin + ci) * T + tap];
}

__kernel void conv3d_weights_pack_mma(__global uint* restrict wf, __global const float* restrict w, const int Cout,
                                      const int Cin, const int KD, const int KHW, const int CoutPad, const int flip) {
    const int SPP = (KHW + MMA_TAPS - 1) / MMA_TAPS;
    const int q = get_global_id(0), c8 = get_global_id(1), j = get_global_id(2);
    if (q >= KD * SPP || c8 * 8 >= Cin || j * 8 >= CoutPad) {
        return;
    }
    const int kd = q / SPP, s = q % SPP, T = KD * KHW;
    __global uint* dst = wf + (((long) c8 * KD * SPP + q) * (CoutPad / 8) + j) * 64;
    for (int l = 0; l < 32; l++) {
        const int co = j * 8 + (l >> 2), ci = c8 * 8 + (l & 3);
        for (int e = 0; e < 2; e++) {
#ifdef MMA_BF16
            const int tap = 2 * s + e; /* within the plane; an odd last pair has a zero second half */
            const float lo = tap < KHW ? packed_weight(w, co, ci, kd * KHW + tap, Cout, Cin, T, flip) : 0.0f;
            const float hi = tap < KHW ? packed_weight(w, co, ci + 4, kd * KHW + tap, Cout, Cin, T, flip) : 0.0f;
            dst[l * 2 + e] = pack_bf16x2(lo, hi);
#else
            dst[l * 2 + e] = as_uint(to_tf32(packed_weight(w, co, ci + 4 * e, kd * KHW + s, Cout, Cin, T, flip)));
#endif
        }
    }
}
