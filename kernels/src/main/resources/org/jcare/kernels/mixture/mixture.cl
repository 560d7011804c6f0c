/*
 * mixture.cl: per-pixel readouts of an ensemble of M members, each a Laplace distribution (mu_m, b_m) per pixel
 * (a probabilistic CARE network), or a point mu_m (a plain one), mixed with equal weights. The float64 reference,
 * which is the specification, is MixtureRef.java; the formulas are in its class comment.
 *
 *   mixture_moments(out, x, f, N, S, O, hasScale, rowMean, rowVar, rowStd)
 *       mean (1/M) sum mu_m, variance (1/M) sum (2 b_m^2 + (mu_m - mean)^2), its square root
 *   mixture_cdf(out, x, f, y, N, S, O)                      out[i] = Fbar_i(y[i])
 *   mixture_quantile(out, x, f, levels, L, N, S, O, row0)   out[row0 + l][i] = Fbar_i^-1(levels[l])
 *   mixture_disagreement(out, x, f, N, S, O, rowNats, rowNorm)
 *       D = (1/M) sum_m KL(p_m || pbar) in nats, and D / ln M
 *   mixture_sample(out, x, f, N, S, O, hasScale, seed, K, row0, C, tz, ty, tx, oz, oy, ox, Z, Y, X, t)
 *       K samples: member floor(u1 M), then its Laplace at u2, u1 and u2 hashed from (seed, pixel key, sample)
 *
 * Buffers: x holds the members: pixel i of member m has its location at x[m * S + i] and its scale at
 * x[m * S + O + i] (an ensemble tile: each member's network output [mu channels, b channels] stacked, S = 2N,
 * O = N). f[m] multiplies member m's scales (recalibration; 1 = none). out is [rows][N]; a row index below 0 is
 * not written. levels are the L probabilities in (0, 1). For the samples, pixel i = ((c tz + z) ty + y) tx + x of
 * a tile whose first voxel sits at (oz, oy, ox) of an original image of Z x Y x X voxels, time point t: its key is
 * the flat index ((((t C + c) Z + z') Y + y') X + x') of that voxel (coordinates outside the image are clamped:
 * those are padding and are cropped), so samples do not depend on the tiling.
 *
 * Numerics (float32): D and the quantiles work in standardized coordinates y' = (y - min mu) / max b, where
 * every scale is at most 1 (D is invariant to that map). Quantiles: the bracket [min_m q_m(p), max_m q_m(p)] of
 * member quantiles, then Newton steps on the mixture cdf (or, for p > 1/2, on the survival function, where 1 - p is
 * exact: the inversion keeps its relative accuracy in both tails), a bisection step whenever Newton leaves the
 * bracket, until the step no longer changes x (at most MIXTURE_MAX_ITERATIONS); then once more in coordinates
 * centred on that answer, so that members far from it do not limit its float resolution.
 * D: a 6-point Gauss-Legendre rule on every segment between the break points mu_m + c b_m,
 * c in {-27, -9, -3, -1, 0, 1, 3, 9, 27}, and min mu - 40 max b, max mu + 40 max b, put in order by an odd-even
 * transposition network (fmin/fmax, no branches); the integrand d(y) = (1/M) sum_m p_m (ln p_m - ln pbar) in the
 * log domain (log-sum-exp), so identical members give exactly 0 and nothing underflows to NaN; points where every
 * density is negligible are skipped.
 *
 * Work-items: one per pixel i (moments, cdf, disagreement), one per (i, level) or (i, sample) (2D NDRange
 * (N, L) and (N, K)); each reads its pixel's M members; no communication, deterministic.
 * Build options: MIXTURE_M, the member count M (default 2 so the file compiles on its own): a program per ensemble
 * size, so that every loop over members has a constant trip count and the per-work-item arrays live in registers
 * (runtime member counts in loops and dynamically indexed arrays kept PoCL from vectorizing and cost 2-3x there).
 * Tunables: MIXTURE_MAX_ITERATIONS (100): the cap of the quantile iteration.
 */

#ifndef MIXTURE_M
#define MIXTURE_M 2
#endif
#ifndef MIXTURE_MAX_ITERATIONS
#define MIXTURE_MAX_ITERATIONS 100
#endif
#define M MIXTURE_M
#define NBREAKS (9 * M)

__constant float BREAKS[9] = {-27.0f, -9.0f, -3.0f, -1.0f, 0.0f, 1.0f, 3.0f, 9.0f, 27.0f};
__constant float GL_NODES[6] = {-0.93246951420315202781f, -0.66120938646626451366f, -0.23861918608319690863f,
                                0.23861918608319690863f, 0.66120938646626451366f, 0.93246951420315202781f};
__constant float GL_WEIGHTS[6] = {0.17132449237917034504f, 0.36076157304813860757f, 0.46791393457269104739f,
                                  0.46791393457269104739f, 0.36076157304813860757f, 0.17132449237917034504f};
#define MIXTURE_TAIL 40.0f
#define MIXTURE_NEGLIGIBLE 28.0f

/* Member m's location and (recalibrated) scale of pixel i. */
#define LOC(m) x[(long) (m) * S + i]
#define SCALE(m) (x[(long) (m) * S + O + i] * f[m])

__kernel void mixture_moments(__global float* out, __global const float* x, __global const float* f, const long N,
                              const long S, const long O, const int hasScale, const int rowMean, const int rowVar,
                              const int rowStd) {
    const long i = get_global_id(0);
    if (i >= N) {
        return;
    }
    float mean = 0.0f;
    for (int m = 0; m < M; m++) {
        mean += LOC(m);
    }
    mean /= M;
    float var = 0.0f;
    for (int m = 0; m < M; m++) {
        const float d = LOC(m) - mean;
        var = fma(d, d, var);
        if (hasScale) {
            const float b = SCALE(m);
            var = fma(2.0f * b, b, var);
        }
    }
    var /= M;
    if (rowMean >= 0) {
        out[rowMean * N + i] = mean;
    }
    if (rowVar >= 0) {
        out[rowVar * N + i] = var;
    }
    if (rowStd >= 0) {
        out[rowStd * N + i] = sqrt(var);
    }
}

__kernel void mixture_cdf(__global float* out, __global const float* x, __global const float* f,
                          __global const float* y, const long N, const long S, const long O) {
    const long i = get_global_id(0);
    if (i >= N) {
        return;
    }
    const float yi = y[i];
    float s = 0.0f;
    for (int m = 0; m < M; m++) {
        const float z = (yi - LOC(m)) / SCALE(m);
        const float e = 0.5f * exp(-fabs(z));
        s += z < 0.0f ? e : 1.0f - e;
    }
    out[i] = s / M;
}

/* Loads pixel i's members in standardized coordinates; returns min mu (m0) and max b (bm) through pointers. */
static void standardize(__global const float* x, __global const float* f, const long i, const long S,
                        const long O, float* u, float* s, float* m0, float* bm) {
    float lo = INFINITY;
    float big = 0.0f;
    for (int m = 0; m < M; m++) {
        u[m] = LOC(m);
        s[m] = SCALE(m);
        lo = fmin(lo, u[m]);
        big = fmax(big, s[m]);
    }
    for (int m = 0; m < M; m++) {
        u[m] = (u[m] - lo) / big;
        s[m] = s[m] / big;
    }
    *m0 = lo;
    *bm = big;
}

/*
 * The mixture quantile of probability p in coordinates where member m sits at u[m] with scale s[m]: the bracket of
 * member quantiles, then safeguarded Newton steps from x0 (clamped into the bracket).
 */
static float invert(const float* u, const float* s, const float p, const float x0) {
    const int lower = p <= 0.5f;
    /* the lower half solves Fbar = p, the upper half Sbar = 1 - p (exact in float for p >= 1/2) */
    const float target = lower ? p : 1.0f - p;
    const float logTwoTarget = log(2.0f * target);
    float lo = INFINITY;
    float hi = -INFINITY;
    for (int m = 0; m < M; m++) {
        const float q = lower ? u[m] + s[m] * logTwoTarget : u[m] - s[m] * logTwoTarget;
        lo = fmin(lo, q);
        hi = fmax(hi, q);
    }
    float xq = clamp(x0, lo, hi);
    for (int it = 0; it < MIXTURE_MAX_ITERATIONS && hi > lo; it++) {
        float val = 0.0f;
        float dens = 0.0f;
        for (int m = 0; m < M; m++) {
            const float z = (xq - u[m]) / s[m];
            const float e = exp(-fabs(z));
            dens += e / (2.0f * s[m]);
            const int tailSide = lower ? z < 0.0f : z >= 0.0f;
            val += tailSide ? 0.5f * e : 1.0f - 0.5f * e;
        }
        val /= M;
        dens /= M;
        /* g increases with x on both sides: Fbar - p, or (1 - p) - Sbar */
        const float g = lower ? val - target : target - val;
        if (g < 0.0f) {
            lo = xq;
        } else if (g > 0.0f) {
            hi = xq;
        } else {
            break;
        }
        float next = xq - g / dens;
        if (!(next > lo && next < hi)) {
            next = 0.5f * (lo + hi);
        }
        if (next == xq) {
            break;
        }
        xq = next;
    }
    return xq;
}

__kernel void mixture_quantile(__global float* out, __global const float* x, __global const float* f,
                               __global const float* levels, const int L, const long N, const long S,
                               const long O, const int row0) {
    const long i = get_global_id(0);
    const int l = (int) get_global_id(1);
    if (i >= N || l >= L) {
        return;
    }
    float u[M];
    float s[M];
    float m0;
    float bm;
    standardize(x, f, i, S, O, u, s, &m0, &bm);
    const float p = levels[l];
    float guess = 0.0f;
    for (int m = 0; m < M; m++) {
        guess += p <= 0.5f ? u[m] + s[m] * log(2.0f * p) : u[m] - s[m] * log(2.0f * (1.0f - p));
    }
    /* first in coordinates from the lowest member, then again centred on that answer: members many scales away
       from the quantile would otherwise cost its last digits (float resolution of the distance to min mu) */
    const float q1 = fma(bm, invert(u, s, p, guess / M), m0);
    for (int m = 0; m < M; m++) {
        u[m] = (LOC(m) - q1) / bm;
    }
    out[(long) (row0 + l) * N + i] = fma(bm, invert(u, s, p, 0.0f), q1);
}

/*
 * d(y) = (1/M) sum_m p_m (ln p_m - ln pbar) at standardized y, in the log domain (invS = 1 / s). Since
 * d <= max_m p_m ln M, a point where every density is below e^-MIXTURE_NEGLIGIBLE contributes nothing measurable
 * (< 1e-12 per unit length) and is skipped without exponentials: most of the tails.
 */
static float integrand(const float y, const float* u, const float* invS, const float* lnNorm, float* r, float* e) {
    float lmax = -INFINITY;
    for (int m = 0; m < M; m++) {
        r[m] = fma(-fabs(y - u[m]), invS[m], lnNorm[m]);
        lmax = fmax(lmax, r[m]);
    }
    if (lmax < -MIXTURE_NEGLIGIBLE) {
        return 0.0f;
    }
    float sum = 0.0f;
    for (int m = 0; m < M; m++) {
        r[m] -= lmax;
        e[m] = exp(r[m]);
        sum += e[m];
    }
    const float lnMean = log(sum / M);
    float d = 0.0f;
    for (int m = 0; m < M; m++) {
        d = fma(e[m], r[m] - lnMean, d);
    }
    return exp(lmax) * d / M;
}

__kernel void mixture_disagreement(__global float* out, __global const float* x, __global const float* f,
                                   const long N, const long S, const long O, const int rowNats, const int rowNorm) {
    const long i = get_global_id(0);
    if (i >= N) {
        return;
    }
    float total = 0.0f;
#if M > 1
    float u[M];
    float s[M];
    float lnNorm[M];
    float invS[M];
    float r[M];
    float e[M];
    float bp[NBREAKS];
    float m0;
    float bm;
    standardize(x, f, i, S, O, u, s, &m0, &bm);
    float umax = 0.0f;
    for (int m = 0; m < M; m++) {
        lnNorm[m] = -log(2.0f * s[m]);
        invS[m] = 1.0f / s[m];
        umax = fmax(umax, u[m]);
        for (int j = 0; j < 9; j++) {
            bp[9 * m + j] = fma(s[m], BREAKS[j], u[m]);
        }
    }
    /* odd-even transposition sort: NBREAKS rounds of compare-exchanges, the same for every pixel */
    for (int round = 0; round < NBREAKS; round++) {
        for (int j = round & 1; j + 1 < NBREAKS; j += 2) {
            const float lo = fmin(bp[j], bp[j + 1]);
            const float hi = fmax(bp[j], bp[j + 1]);
            bp[j] = lo;
            bp[j + 1] = hi;
        }
    }
    float a = -MIXTURE_TAIL;
    for (int k = 0; k <= NBREAKS; k++) {
        const float c = k < NBREAKS ? bp[k] : umax + MIXTURE_TAIL;
        const float halfWidth = 0.5f * (c - a);
        float sum = 0.0f;
        for (int j = 0; j < 6; j++) {
            sum = fma(GL_WEIGHTS[j], integrand(fma(halfWidth, GL_NODES[j] + 1.0f, a), u, invS, lnNorm, r, e), sum);
        }
        total = fma(halfWidth, sum, total);
        a = c;
    }
    total = fmax(total, 0.0f);
#endif
    if (rowNats >= 0) {
        out[rowNats * N + i] = total;
    }
    if (rowNorm >= 0) {
        out[rowNorm * N + i] = M > 1 ? total / log((float) M) : 0.0f;
    }
}

/* splitmix64's finalizer */
static ulong mix64(ulong z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
    return z ^ (z >> 31);
}

/* The top 24 bits of hash(seed, counter) as a uniform number in (0, 1), both ends excluded (exact in float). */
static float uniform24(const ulong seed, const ulong counter) {
    const ulong h = mix64(seed ^ mix64(counter + 0x9E3779B97F4A7C15UL));
    return ((float) (h >> 40) + 0.5f) * 0x1.0p-24f;
}

__kernel void mixture_sample(__global float* out, __global const float* x, __global const float* f, const long N,
                             const long S, const long O, const int hasScale, const long seed, const int K,
                             const int row0, const int C, const int tz, const int ty, const int tx, const long oz,
                             const long oy, const long ox, const long Z, const long Y, const long X, const long t) {
    const long i = get_global_id(0);
    const int k = (int) get_global_id(1);
    if (i >= N || k >= K) {
        return;
    }
    const long xx = i % tx;
    const long yy = (i / tx) % ty;
    const long zz = (i / tx / ty) % tz;
    const long c = i / tx / ty / tz;
    const long gz = clamp(oz + zz, 0L, Z - 1);
    const long gy = clamp(oy + yy, 0L, Y - 1);
    const long gx = clamp(ox + xx, 0L, X - 1);
    const long key = (((t * C + c) * Z + gz) * Y + gy) * X + gx;
    const ulong counter = ((ulong) key * 256UL + (ulong) k) * 2UL;
    const float u1 = uniform24((ulong) seed, counter);
    const float u2 = uniform24((ulong) seed, counter + 1UL);
    const int m = min(M - 1, (int) (u1 * M));
    const float uc = u2 - 0.5f;
    const float b = hasScale ? SCALE(m) : 0.0f;
    /* mu - b sgn(u) ln(1 - 2|u|), written as mu + b sgn(u) (-log1p(-2|u|)) */
    out[(long) (row0 + k) * N + i] = LOC(m) - b * sign(uc) * log1p(-2.0f * fabs(uc));
}
