package org.jcare.training.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.jcare.engine.Engine;
import org.jcare.engine.tensor.Scope;
import org.jcare.engine.tensor.Shape;
import org.jcare.engine.tensor.Tensor;
import org.jcare.io.AtomicFiles;
import org.jcare.io.FileFormatException;
import org.jcare.io.image.FloatImage;
import org.jcare.training.config.CareConfig;
import org.jcare.training.config.CareConfigJson;
import org.jcare.training.data.TrainingData;
import org.jcare.training.model.CareNetwork;
import org.jcare.training.predict.Restoration;

/**
 * Recalibration of probabilistic predictions by one scale factor s: every Laplace scale b becomes {@code s b}
 * (the regression analogue of temperature scaling, Guo et al. 2017). The factor is fitted by maximum likelihood on
 * pairs the networks did not train on (the validation patches after training, or a user's pairs with
 * {@code jcare calibrate}), stored with the model and applied at prediction.
 *
 * <ul>
 * <li>One Laplace prediction: the negative log likelihood {@code sum |y - mu| / (s b) + ln(s b) + ln 2} is smallest
 * at {@code s = mean(|y - mu| / b)}, in closed form.
 * <li>An ensemble (the mixture of its members' Laplace distributions, each scale times s): no closed form; the mixture
 * negative log likelihood is minimized over {@code ln s} by a grid over [1/100, 100] and golden-section search around
 * its best point.
 * </ul>
 * Maximum likelihood rather than minimizing the calibration error itself: it is a proper scoring rule, smooth in s,
 * and does not depend on a choice of confidence levels; the calibration error is what the README reports before and
 * after.
 */
public final class ScaleRecalibration {
    /** At most this many pixels per member enter a fit (an even subsample of larger sets). */
    public static final int MAX_PIXELS = 2_000_000;
    private static final double LOG_MIN = Math.log(1e-2);
    private static final double LOG_MAX = Math.log(1e2);

    private ScaleRecalibration() {
    }

    /**
     * Stores {@code factor} (null removes it) as {@code jcare.laplace_scale_factor} in the config.json of the model
     * folder {@code model}, replacing the file atomically; everything else in the folder is left as it is.
     *
     * @throws FileFormatException naming the folder when it is not a model folder (a zip cannot be changed in place)
     */
    public static void store(Path model, Double factor) throws IOException {
        Path file = model.resolve("config.json");
        if (!Files.isDirectory(model) || !Files.isRegularFile(file)) {
            throw new FileFormatException(model, "is not a model folder with a config.json (a zipped model cannot be"
                    + " recalibrated in place: unzip it first)");
        }
        CareConfig c = CareConfigJson.read(file).toBuilder().laplaceScaleFactor(factor).build();
        String json = CareConfigJson.toJson(c);
        AtomicFiles.write(file, true, tmp -> Files.writeString(tmp, json, StandardCharsets.UTF_8));
    }

    /** {@code r} with its scale multiplied by {@code factor} (null or 1, or a plain restoration: {@code r} itself). */
    public static Restoration apply(Restoration r, Double factor) {
        if (factor == null || factor == 1 || r.scale() == null) {
            return r;
        }
        return new Restoration(r.mean(), scaled(r.scale(), factor), r.tilesPerAxis());
    }

    /** A copy of {@code scale} times {@code factor}. */
    public static FloatImage scaled(FloatImage scale, double factor) {
        float f = (float) factor;
        float[][] planes = new float[scale.planeCount()][];
        for (int p = 0; p < planes.length; p++) {
            float[] src = scale.plane(p);
            float[] dst = new float[src.length];
            for (int i = 0; i < src.length; i++) {
                dst[i] = src[i] * f;
            }
            planes[p] = dst;
        }
        return new FloatImage(scale.axes(), scale.shape(), planes, scale.calibration());
    }

    /** The maximum-likelihood factor of one Laplace prediction: {@code mean(|y - mu| / b)}. */
    public static double fitLaplace(float[] mu, float[] b, float[] y) {
        check(mu, b, y);
        double[] parts = chunks(y.length, (from, to) -> {
            double s = 0;
            for (int i = from; i < to; i++) {
                s += Math.abs((double) y[i] - mu[i]) / b[i];
            }
            return s;
        });
        double s = 0;
        for (double p : parts) {
            s += p;
        }
        return s / y.length;
    }

    /** The maximum-likelihood factor of the mixture of M Laplace predictions ({@code mu[m][i]}, {@code b[m][i]}). */
    public static double fitMixture(float[][] mu, float[][] b, float[] y) {
        for (int m = 0; m < mu.length; m++) {
            check(mu[m], b[m], y);
        }
        if (mu.length == 1) {
            return fitLaplace(mu[0], b[0], y);
        }
        int grid = 41;
        double best = LOG_MIN;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int g = 0; g < grid; g++) {
            double t = LOG_MIN + (LOG_MAX - LOG_MIN) * g / (grid - 1);
            double v = mixtureNll(mu, b, y, Math.exp(t));
            if (v < bestValue) {
                bestValue = v;
                best = t;
            }
        }
        double step = (LOG_MAX - LOG_MIN) / (grid - 1);
        double lo = Math.max(LOG_MIN, best - step);
        double hi = Math.min(LOG_MAX, best + step);
        double ratio = (Math.sqrt(5) - 1) / 2;
        double a = hi - ratio * (hi - lo);
        double c = lo + ratio * (hi - lo);
        double fa = mixtureNll(mu, b, y, Math.exp(a));
        double fc = mixtureNll(mu, b, y, Math.exp(c));
        for (int it = 0; it < 40; it++) {
            if (fa < fc) {
                hi = c;
                c = a;
                fc = fa;
                a = hi - ratio * (hi - lo);
                fa = mixtureNll(mu, b, y, Math.exp(a));
            } else {
                lo = a;
                a = c;
                fa = fc;
                c = lo + ratio * (hi - lo);
                fc = mixtureNll(mu, b, y, Math.exp(c));
            }
        }
        return Math.exp(0.5 * (lo + hi));
    }

    /**
     * The mean negative log likelihood per pixel of the mixture with every scale times {@code s}:
     * {@code -ln((1/M) sum_m exp(-|y - mu_m| / (s b_m)) / (2 s b_m))}, by log-sum-exp.
     */
    public static double mixtureNll(float[][] mu, float[][] b, float[] y, double s) {
        int nm = mu.length;
        double[] parts = chunks(y.length, (from, to) -> {
            double sum = 0;
            double[] l = new double[nm];
            for (int i = from; i < to; i++) {
                double lmax = Double.NEGATIVE_INFINITY;
                for (int m = 0; m < nm; m++) {
                    double sb = s * b[m][i];
                    l[m] = -Math.abs((double) y[i] - mu[m][i]) / sb - Math.log(2 * sb);
                    lmax = Math.max(lmax, l[m]);
                }
                double e = 0;
                for (int m = 0; m < nm; m++) {
                    e += Math.exp(l[m] - lmax);
                }
                sum -= lmax + Math.log(e / nm);
            }
            return sum;
        });
        double total = 0;
        for (double p : parts) {
            total += p;
        }
        return total / y.length;
    }

    /**
     * The maximum-likelihood factor of probabilistic networks (one, or an ensemble's members) on patches they did not
     * train on: each network restores the patches' sources (already normalized, as in training), and the fit is
     * against their targets in the same units.
     *
     * @param batchSize patches per forward pass
     * @throws IllegalArgumentException when a network is not probabilistic (its output is not [mean, scale])
     */
    public static double fitOnPatches(List<? extends CareNetwork> members, TrainingData patches, int batchSize) {
        int n = patches.size();
        // the targets' voxels: a projection's targets lack the sources' Z
        long voxels = (long) patches.channelsOut() * patches.targetVoxels();
        int stride = (int) Math.max(1, n * voxels / MAX_PIXELS);
        int used = (n + stride - 1) / stride;
        float[] y = new float[Math.toIntExact(used * voxels)];
        for (int k = 0; k < used; k++) {
            System.arraycopy(patches.y(k * stride), 0, y, Math.toIntExact(k * voxels), (int) voxels);
        }
        float[][] mu = new float[members.size()][];
        float[][] b = new float[members.size()][];
        for (int m = 0; m < members.size(); m++) {
            CareNetwork net = members.get(m);
            if (net.outputChannels() != 2 * patches.channelsOut()) {
                throw new IllegalArgumentException("recalibration needs probabilistic networks (mean and scale per"
                        + " channel); member " + m + " has " + net.outputChannels() + " output channels for "
                        + patches.channelsOut() + " target channels");
            }
            float[][] out = predictPatches(net, patches, stride, used, batchSize, (int) voxels);
            mu[m] = out[0];
            b[m] = out[1];
        }
        return fitMixture(mu, b, y);
    }

    /** Every {@code stride}-th patch through {@code net}: {mean, scale}, patch after patch. */
    private static float[][] predictPatches(CareNetwork net, TrainingData patches, int stride, int used,
                                            int batchSize, int voxels) {
        Engine engine = net.engine();
        float[] mean = new float[used * voxels];
        float[] scale = new float[used * voxels];
        long[] xs = patches.xShape();
        int xVoxels = Math.toIntExact(xs[1] * patches.patchVoxels());
        try (var noGrad = engine.noGrad()) {
            for (int start = 0; start < used; start += batchSize) {
                int bs = Math.min(batchSize, used - start);
                long[] dims = xs.clone();
                dims[0] = bs;
                float[] hx = new float[bs * xVoxels];
                for (int k = 0; k < bs; k++) {
                    System.arraycopy(patches.x((start + k) * stride), 0, hx, k * xVoxels, xVoxels);
                }
                try (Scope scope = engine.scope()) {
                    float[] out = net.forward(engine.tensor(Shape.of(dims), hx)).toArray();
                    for (int k = 0; k < bs; k++) {
                        System.arraycopy(out, 2 * k * voxels, mean, (start + k) * voxels, voxels);
                        System.arraycopy(out, (2 * k + 1) * voxels, scale, (start + k) * voxels, voxels);
                    }
                }
            }
        }
        return new float[][] {mean, scale};
    }

    private interface Range {
        double sum(int from, int to);
    }

    /** Sums of fixed chunks, computed in parallel and returned in order (a deterministic total). */
    private static double[] chunks(int n, Range range) {
        int chunk = 1 << 16;
        int count = (n + chunk - 1) / chunk;
        return IntStream.range(0, count).parallel()
                .mapToDouble(c -> range.sum(c * chunk, Math.min(n, (c + 1) * chunk))).toArray();
    }

    private static void check(float[] mu, float[] b, float[] y) {
        if (mu.length != y.length || b.length != y.length) {
            throw new IllegalArgumentException("recalibration needs one mean, scale and target per pixel, got "
                    + mu.length + ", " + b.length + " and " + y.length);
        }
        if (y.length == 0) {
            throw new IllegalArgumentException("recalibration needs at least one pixel");
        }
    }
}
