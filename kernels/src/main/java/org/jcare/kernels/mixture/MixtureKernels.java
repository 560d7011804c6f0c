package org.jcare.kernels.mixture;

import java.util.HashMap;
import java.util.Map;
import org.jcare.engine.Engine;
import org.jcare.engine.cl.ClBuffer;
import org.jcare.engine.cl.ClProgram;
import org.jcare.engine.cl.KernelSource;
import org.jcare.kernels.common.WorkSizes;

/**
 * Launches the kernels of {@code mixture.cl}; one typed method per kernel (outputs, inputs, sizes, scalars). The
 * members of N pixels sit in one buffer: member m's location of pixel i at {@code x[m * S + i]}, its scale at
 * {@code x[m * S + O + i]}; {@code f[m]} multiplies member m's scales. Outputs are rows of N values.
 */
public final class MixtureKernels {
    private final Engine engine;
    private final Map<Integer, ClProgram> programs = new HashMap<>();

    private MixtureKernels(Engine engine) {
        this.engine = engine;
    }

    /** The launcher on {@code engine} (programs are cached per context, so this is cheap). */
    public static MixtureKernels on(Engine engine) {
        return engine.service(MixtureKernels.class, MixtureKernels::new);
    }

    /** The program built for {@code members} members (each ensemble size has its own: constant loop counts). */
    private ClProgram program(int members) {
        if (members < 1) {
            throw new IllegalArgumentException("a mixture needs at least one member, got " + members);
        }
        return programs.computeIfAbsent(members, m -> engine.cl().program(KernelSource.load(MixtureKernels.class,
                "mixture.cl"), "-DMIXTURE_M=" + m));
    }

    /** {@code mixture_moments}: mean, variance and standard deviation into the given rows (-1 skips one). */
    public void moments(ClBuffer out, ClBuffer x, ClBuffer f, int m, long n, long stride, long scaleOffset,
                        boolean hasScale, int rowMean, int rowVar, int rowStd) {
        program(m).kernel("mixture_moments").call().arg(out).arg(x).arg(f).arg(n).arg(stride)
                .arg(scaleOffset).arg(hasScale ? 1 : 0).arg(rowMean).arg(rowVar).arg(rowStd)
                .launch1d(n, WorkSizes.along(n));
    }

    /** {@code mixture_cdf}: {@code out[i] = Fbar_i(y[i])}. */
    public void cdf(ClBuffer out, ClBuffer x, ClBuffer f, ClBuffer y, int m, long n, long stride, long scaleOffset) {
        program(m).kernel("mixture_cdf").call().arg(out).arg(x).arg(f).arg(y).arg(n).arg(stride)
                .arg(scaleOffset).launch1d(n, WorkSizes.along(n));
    }

    /** {@code mixture_quantile}: the quantiles of the {@code l} levels into rows {@code row0 ...}. */
    public void quantile(ClBuffer out, ClBuffer x, ClBuffer f, ClBuffer levels, int l, int m, long n, long stride,
                         long scaleOffset, int row0) {
        program(m).kernel("mixture_quantile").call().arg(out).arg(x).arg(f).arg(levels).arg(l).arg(n)
                .arg(stride).arg(scaleOffset).arg(row0).launch(new long[] {n, l}, WorkSizes.local2d(n));
    }

    /** {@code mixture_disagreement}: D in nats and D / ln M into the given rows (-1 skips one). */
    public void disagreement(ClBuffer out, ClBuffer x, ClBuffer f, int m, long n, long stride, long scaleOffset,
                             int rowNats, int rowNorm) {
        program(m).kernel("mixture_disagreement").call().arg(out).arg(x).arg(f).arg(n).arg(stride)
                .arg(scaleOffset).arg(rowNats).arg(rowNorm).launch1d(n, WorkSizes.along(n));
    }

    /** {@code mixture_sample}: {@code k} samples into rows {@code row0 ...}, keyed by {@code keys}. */
    public void sample(ClBuffer out, ClBuffer x, ClBuffer f, int m, long n, long stride, long scaleOffset,
                       boolean hasScale, long seed, int k, int row0, SampleKeys keys) {
        program(m).kernel("mixture_sample").call().arg(out).arg(x).arg(f).arg(n).arg(stride).arg(scaleOffset)
                .arg(hasScale ? 1 : 0).arg(seed).arg(k).arg(row0).arg(keys.channels()).arg(keys.tileZ())
                .arg(keys.tileY()).arg(keys.tileX()).arg(keys.originZ()).arg(keys.originY()).arg(keys.originX())
                .arg(keys.imageZ()).arg(keys.imageY()).arg(keys.imageX()).arg(keys.timePoint())
                .launch(new long[] {n, k}, WorkSizes.local2d(n));
    }
}
