package org.jcare.kernels.mixture;

import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;

/**
 * Readouts of an equal-weight ensemble mixture per pixel, on the device ({@link MixtureRef} is their
 * specification): moments, cdf, quantiles, the disagreement D and samples. Each writes rows of N values into an
 * output tensor, so that one tile's readouts land in one tensor read back at once. There is no autograd here:
 * readouts are computed after training, nothing is trained through them.
 */
public final class Mixture {
    private Mixture() {
    }

    /**
     * Mean, variance and standard deviation (rows {@code rowMean}, {@code rowVar}, {@code rowStd} of {@code out};
     * -1 leaves one out). For plain members the variance is the population variance of the member means.
     */
    public static void moments(Tensor out, MixtureMembers x, int rowMean, int rowVar, int rowStd) {
        requireRows(out, x, "moments", rowMean, rowVar, rowStd);
        MixtureKernels.on(out.engine()).moments(out.buffer(), x.data().buffer(), x.factors().buffer(), x.count(),
                x.pixels(), x.stride(), x.scaleOffset(), x.probabilistic(), rowMean, rowVar, rowStd);
    }

    /** The mixture cdf of every pixel at {@code y} (N values) into {@code out} (N values). */
    public static void cdf(Tensor out, MixtureMembers x, Tensor y) {
        x.requireScales("the mixture cdf");
        requireRows(out, x, "cdf", 0);
        if (y.numel() < x.pixels()) {
            throw new IllegalArgumentException("mixture cdf: " + x.pixels() + " pixels but " + y.numel()
                    + " values to evaluate at (" + y.shape() + ")");
        }
        MixtureKernels.on(out.engine()).cdf(out.buffer(), x.data().buffer(), x.factors().buffer(), y.buffer(),
                x.count(), x.pixels(), x.stride(), x.scaleOffset());
    }

    /**
     * The probabilities of {@link #quantiles} on the device, each checked to lie in (0, 1).
     *
     * @throws IllegalArgumentException naming a level outside (0, 1)
     */
    public static Tensor levels(Engine engine, float... levels) {
        if (levels.length == 0) {
            throw new IllegalArgumentException("mixture quantiles: no levels");
        }
        for (float p : levels) {
            if (!(p > 0 && p < 1)) {
                throw new IllegalArgumentException("mixture quantile level " + p + " is outside (0, 1)");
            }
        }
        return engine.tensor(Shape.of(levels.length), levels);
    }

    /**
     * The quantiles of the mixture at the probabilities {@code levels} (made by {@link #levels}) into rows
     * {@code row0, row0 + 1, ...} of {@code out}.
     */
    public static void quantiles(Tensor out, MixtureMembers x, Tensor levels, int row0) {
        x.requireScales("the mixture quantiles");
        int l = Math.toIntExact(levels.numel());
        requireRows(out, x, "quantiles", row0, row0 + l - 1);
        MixtureKernels.on(out.engine()).quantile(out.buffer(), x.data().buffer(), x.factors().buffer(),
                levels.buffer(), l, x.count(), x.pixels(), x.stride(), x.scaleOffset(), row0);
    }

    /** The disagreement D in nats (row {@code rowNats}) and D / ln M (row {@code rowNorm}); -1 leaves one out. */
    public static void disagreement(Tensor out, MixtureMembers x, int rowNats, int rowNorm) {
        x.requireScales("the disagreement D");
        requireRows(out, x, "disagreement", rowNats, rowNorm);
        MixtureKernels.on(out.engine()).disagreement(out.buffer(), x.data().buffer(), x.factors().buffer(),
                x.count(), x.pixels(), x.stride(), x.scaleOffset(), rowNats, rowNorm);
    }

    /** The most samples per pixel: the counter of a pixel's draws has room for this many. */
    public static final int MAX_SAMPLES = 256;

    /**
     * {@code count} samples of every pixel (member, then its Laplace; plain members: a random member's mean) into
     * rows {@code row0 ...}, reproducible for {@code seed} and independent of the tiling ({@link SampleKeys}).
     */
    public static void samples(Tensor out, MixtureMembers x, long seed, int count, int row0, SampleKeys keys) {
        if (count < 1 || count > MAX_SAMPLES) {
            throw new IllegalArgumentException("mixture samples: ask for 1 to " + MAX_SAMPLES + ", got " + count);
        }
        if (keys.pixels() != x.pixels()) {
            throw new IllegalArgumentException("mixture samples: keys describe " + keys.pixels() + " pixels, the"
                    + " members have " + x.pixels());
        }
        requireRows(out, x, "samples", row0, row0 + count - 1);
        MixtureKernels.on(out.engine()).sample(out.buffer(), x.data().buffer(), x.factors().buffer(), x.count(),
                x.pixels(), x.stride(), x.scaleOffset(), x.probabilistic(), seed, count, row0, keys);
    }

    private static void requireRows(Tensor out, MixtureMembers x, String what, int... rows) {
        int max = -1;
        for (int r : rows) {
            if (r < -1) {
                throw new IllegalArgumentException("mixture " + what + ": row " + r + " (use -1 to leave one out)");
            }
            max = Math.max(max, r);
        }
        if (out.numel() < (max + 1) * x.pixels()) {
            throw new IllegalArgumentException("mixture " + what + ": row " + max + " of " + x.pixels()
                    + " pixels does not fit the output " + out.shape());
        }
    }
}
