package org.jcare.training.data;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.jcare.io.image.FloatImage;
import org.jcare.optics.fft.LinearConvolution;
import org.jcare.optics.resample.ScipyZoom;

/**
 * CSBDeep's {@code anisotropic_distortions} ({@code csbdeep/data/transform.py}): the training degradation of the
 * isotropic and upsampling tasks, applied to each image pair in this order:
 * <ol>
 * <li>the target is the source image itself ({@code yield_target='source'}, isotropic: the lateral planes of the
 * anisotropic stack are the ground truth) or the pair's target ({@code 'target'}, upsampling from registered pairs);
 * <li>PSF blur of the source (float32 values as they are, not normalized): the PSF normalized to sum 1, missing axes
 * as singletons, per channel, {@code fftconvolve(mode='same')} ({@link LinearConvolution#same});
 * <li>Poisson noise {@code poisson(int(max(0, x)))} (the rate truncated to an integer first, as CSBDeep);
 * <li>Gaussian noise {@code max(0, x + N(0, sigma))};
 * <li>along the subsampled axis: {@link SubsampleAdjustment} (the factor may lose digits, the axis is cropped
 * centrally, {@code v // 2} before), source and target cropped alike, the source zoomed by {@code 1 / f} with order 0
 * and back by {@code f} with order 1 ({@link ScipyZoom}).
 * </ol>
 * The distorted source and the target have the same shape. The noise comes from a generator seeded by the seed and the
 * pair's index (numpy's generator cannot be reproduced, so noisy pairs agree with CSBDeep in distribution only).
 */
public final class AnisotropicDistortion {
    /**
     * The parameters of {@code anisotropic_distortions}.
     *
     * @param subsample      factor >= 1 (may be fractional)
     * @param psf            the blur, or null for none
     * @param poissonNoise   add Poisson noise
     * @param gaussSigma     standard deviation of Gaussian noise (0: none)
     * @param subsampleAxis  the axis subsampled: X for isotropic (lateral slices mimic the axial direction), Z for
     *                       upsampling
     * @param sourceAsTarget the source image is the target ({@code yield_target='source'})
     * @param cropThreshold  largest fraction of the axis the adjustment may crop (CSBDeep 0.2)
     * @param seed           seed of the noise
     */
    public record Settings(double subsample, Psf psf, boolean poissonNoise, double gaussSigma, char subsampleAxis,
                           boolean sourceAsTarget, double cropThreshold, long seed) {
        /** Validates everything at once. */
        public Settings {
            StringBuilder bad = new StringBuilder();
            if (!(subsample >= 1) || Double.isInfinite(subsample)) {
                bad.append("; subsample must be >= 1, got ").append(subsample);
            }
            if (!(gaussSigma >= 0) || Double.isInfinite(gaussSigma)) {
                bad.append("; gauss sigma must be >= 0, got ").append(gaussSigma);
            }
            if ("ZYX".indexOf(subsampleAxis) < 0) {
                bad.append("; subsample axis must be Z, Y or X, got ").append(subsampleAxis);
            }
            if (!(cropThreshold > 0 && cropThreshold < 1)) {
                bad.append("; crop threshold must be in (0, 1), got ").append(cropThreshold);
            }
            if (bad.length() > 0) {
                throw new IllegalArgumentException("invalid anisotropic distortion: " + bad.substring(2));
            }
        }

        /** CSBDeep's isotropic recipe: subsample X, the source is the target, crop threshold 0.2. */
        public static Settings isotropic(double subsample, Psf psf, boolean poisson, double gaussSigma, long seed) {
            return new Settings(subsample, psf, poisson, gaussSigma, 'X', true, 0.2, seed);
        }

        /** CSBDeep's upsampling recipe: subsample Z of the source, the pair's target is the target. */
        public static Settings upsampling(double subsample, Psf psf, boolean poisson, double gaussSigma, long seed) {
            return new Settings(subsample, psf, poisson, gaussSigma, 'Z', false, 0.2, seed);
        }
    }

    private final Settings settings;

    /** A distortion with {@code settings}. */
    public AnisotropicDistortion(Settings settings) {
        this.settings = settings;
    }

    /** The settings. */
    public Settings settings() {
        return settings;
    }

    /** Every pair of {@code raw}, distorted when it is read (CSBDeep's transforms are generators too). */
    public RawData applyTo(RawData raw) {
        String what = String.format(Locale.ROOT, "anisotropic distortion along %s (subsample %s%s%s%s)",
                settings.subsampleAxis(), settings.subsample(), settings.psf() == null ? "" : ", psf "
                        + settings.psf().source(), settings.poissonNoise() ? ", Poisson noise" : "",
                settings.gaussSigma() > 0 ? ", Gaussian noise " + settings.gaussSigma() : "");
        return raw.transformed(this::apply, what);
    }

    /** The distorted pair number {@code index} of a data set. */
    public RawData.ImagePair apply(RawData.ImagePair pair, int index) {
        FloatImage source = pair.source();
        FloatImage target = settings.sourceAsTarget() ? source : pair.target();
        String axes = source.axes().letters();
        String spatial = axes.replace("C", "");
        if (!spatial.equals("YX") && !spatial.equals("ZYX")) {
            throw new IllegalArgumentException(pair.name() + ": anisotropic distortion works on images with axes YX or"
                    + " ZYX (and C), got " + axes);
        }
        if (spatial.indexOf(settings.subsampleAxis()) < 0) {
            throw new IllegalArgumentException(pair.name() + ": cannot subsample along " + settings.subsampleAxis()
                    + ", the image has axes " + axes);
        }
        FloatImage x = settings.psf() == null ? copy(source) : blur(source, pair.name());
        RandomGenerator rng = new Well19937c(mix(settings.seed(), index));
        if (settings.poissonNoise()) {
            poisson(x, rng);
        }
        if (settings.gaussSigma() > 0) {
            gauss(x, rng, settings.gaussSigma());
        }
        if (settings.subsample() != 1) {
            char a = settings.subsampleAxis();
            int d = (int) x.size(a);
            SubsampleAdjustment adj;
            try {
                adj = SubsampleAdjustment.of(d, settings.subsample(), settings.cropThreshold());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(pair.name() + ": " + e.getMessage());
            }
            int v = d - adj.size();
            target = crop(target, a, v / 2, adj.size());
            x = crop(x, a, v / 2, adj.size());
            x = scaleDownUp(x, a, adj.factor());
        }
        return new RawData.ImagePair(x, target, pair.name());
    }

    /** CSBDeep's {@code _scale_down_up}: zoom by 1/f with order 0, then by f with order 1, along {@code axis}. */
    public static FloatImage scaleDownUp(FloatImage img, char axis, double factor) {
        FloatImage low = ScipyZoom.zoomAxis(img, axis, 1 / factor, 0);
        FloatImage back = ScipyZoom.zoomAxis(low, axis, factor, 1);
        if (back.size(axis) != img.size(axis)) {
            throw new IllegalStateException("zooming " + img.size(axis) + " samples by 1/" + factor + " and back gave "
                    + back.size(axis) + "; the subsample adjustment should prevent this");
        }
        return back;
    }

    /** The PSF blur, per channel, of a YX or ZYX (+C) image. */
    private FloatImage blur(FloatImage img, String name) {
        String axes = img.axes().letters();
        String spatial = axes.replace("C", "");
        Psf.Aligned k;
        try {
            k = settings.psf().alignedTo(spatial);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
        FloatImage c = img.axes().has('C') ? img.permute("C" + spatial) : img;
        int channels = img.axes().has('C') ? (int) img.size('C') : 1;
        int nz = spatial.length() == 3 ? (int) img.size('Z') : 1;
        int ny = (int) img.size('Y');
        int nx = (int) img.size('X');
        int plane = ny * nx;
        FloatImage out = FloatImage.zeros(c.axes().letters(), c.shape()).withCalibration(img.calibration());
        for (int ch = 0; ch < channels; ch++) {
            float[] vol = new float[Math.multiplyExact(nz, plane)];
            for (int z = 0; z < nz; z++) {
                System.arraycopy(c.plane(ch * nz + z), 0, vol, z * plane, plane);
            }
            float[] r = LinearConvolution.same(vol, new int[] {nz, ny, nx}, k.values(), k.shape());
            for (int z = 0; z < nz; z++) {
                System.arraycopy(r, z * plane, out.plane(ch * nz + z), 0, plane);
            }
        }
        return img.axes().has('C') ? out.permute(axes) : out;
    }

    /** Poisson noise with rate {@code floor(max(0, x))}, one distribution per integer rate (commons-math3). */
    private static void poisson(FloatImage x, RandomGenerator rng) {
        Map<Integer, PoissonDistribution> byRate = new HashMap<>();
        for (int p = 0; p < x.planeCount(); p++) {
            float[] a = x.plane(p);
            for (int i = 0; i < a.length; i++) {
                int rate = (int) Math.max(0f, a[i]);
                a[i] = rate == 0 ? 0 : byRate.computeIfAbsent(rate, r -> new PoissonDistribution(rng, r,
                        PoissonDistribution.DEFAULT_EPSILON, PoissonDistribution.DEFAULT_MAX_ITERATIONS)).sample();
            }
        }
    }

    /** {@code max(0, x + noise)} with float32 noise N(0, sigma). */
    private static void gauss(FloatImage x, RandomGenerator rng, double sigma) {
        for (int p = 0; p < x.planeCount(); p++) {
            float[] a = x.plane(p);
            for (int i = 0; i < a.length; i++) {
                float noise = (float) (rng.nextGaussian() * sigma);
                a[i] = Math.max(0f, a[i] + noise);
            }
        }
    }

    /** {@code [start, start + size)} of {@code img} along {@code axis}. */
    static FloatImage crop(FloatImage img, char axis, int start, int size) {
        String a = img.axes().letters();
        int ax = a.indexOf(axis);
        long[] shape = img.shape();
        if (start == 0 && size == shape[ax]) {
            return img;
        }
        long[] out = shape.clone();
        out[ax] = size;
        FloatImage r = FloatImage.zeros(a, out).withCalibration(img.calibration());
        int rank = shape.length;
        int h = (int) shape[rank - 2];
        int w = (int) shape[rank - 1];
        int oh = (int) out[rank - 2];
        int ow = (int) out[rank - 1];
        long inner = 1;
        for (int i = ax + 1; i < rank - 2; i++) {
            inner *= shape[i];
        }
        for (int p = 0; p < r.planeCount(); p++) {
            float[] dst = r.plane(p);
            if (ax == rank - 1) {
                float[] src = img.plane(p);
                for (int y = 0; y < h; y++) {
                    System.arraycopy(src, y * w + start, dst, y * ow, ow);
                }
            } else if (ax == rank - 2) {
                System.arraycopy(img.plane(p), start * w, dst, 0, oh * w);
            } else {
                long o = p / (inner * size);
                long k = p / inner % size;
                long i = p % inner;
                System.arraycopy(img.plane(Math.toIntExact((o * shape[ax] + start + k) * inner + i)), 0, dst, 0, h * w);
            }
        }
        return r;
    }

    private static FloatImage copy(FloatImage img) {
        float[][] planes = new float[img.planeCount()][];
        for (int p = 0; p < planes.length; p++) {
            planes[p] = img.plane(p).clone();
        }
        return new FloatImage(img.axes(), img.shape(), planes, img.calibration());
    }

    private static long mix(long seed, long index) {
        long h = seed * 0x9E3779B97F4A7C15L + index;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 29)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 32);
    }
}
