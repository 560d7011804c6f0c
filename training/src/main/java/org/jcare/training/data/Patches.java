package org.jcare.training.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jcare.io.image.FloatImage;
import org.jcare.training.predict.Percentiles;

/**
 * Training patches from raw image pairs, as CSBDeep's {@code create_patches} (CSBDeep 0.8,
 * {@code csbdeep/data/generate.py}), reproducibly seeded.
 *
 * <p>Per image pair (source x, target y, same axes and shape, patch size p per axis including C):
 * <ol>
 * <li>Background filter ({@code no_background_patches}): the target is maximum-filtered with a window of
 * {@code p//2} per axis ({@code p} where {@code p == 1}; the channel axis too, as CSBDeep), constant 0 border; a
 * centre is eligible where the filtered value exceeds {@code threshold} times the {@code percentile}-th percentile of
 * the whole target.
 * <li>Valid centres: per axis {@code [p//2, d - p + p//2]}, so the patch {@code [c - p//2, c - p//2 + p)} lies
 * inside. {@code n} centres are drawn among the eligible valid ones without replacement (Floyd's algorithm), with
 * replacement when fewer are eligible than asked. Source and target patches share the location.
 * <li>Normalization ({@code norm_percentiles}): per patch {@code pmin ~ U(1, 3)} and {@code pmax ~ U(99.5, 99.9)};
 * those percentiles of the whole source image and of the whole target image, per channel, are {@code lo} and
 * {@code hi}, and each patch maps {@code v -> (v - lo) / (hi - lo + 1e-20)} in float32, unclipped.
 * </ol>
 * Finally all patches are shuffled. The output is in the engine layout ({@link TrainingData}), spatial axes ordered
 * T/Z, Y, X; a Z or T axis with patch size 1 is dropped (2D training from 3D stacks, as in CSBDeep's isotropic
 * recipe). Random draws come from one {@link SplittableRandom}: per image the centres, then per patch its two
 * percentiles; then the shuffle. Each image is held as one array (at most 2^31 voxels per image).
 *
 * <p>Before allocating, the patch memory {@code 2 * patches * prod(p) * 4} bytes (CSBDeep's estimate) is checked
 * against the limit of {@link PatchOptions#memoryLimitBytes()} or the free Java heap.
 */
public final class Patches {
    private Patches() {
    }

    /**
     * Creates normalized training patches.
     *
     * @throws IOException              when an image cannot be read
     * @throws IllegalArgumentException for shapes, axes, patch sizes or filters that do not work, naming the image
     * @throws IllegalStateException    when the patches would not fit the memory limit
     */
    public static TrainingData create(RawData raw, PatchOptions opt) throws IOException {
        SplittableRandom rng = new SplittableRandom(opt.seed());
        List<float[]> xs = new ArrayList<>();
        List<float[]> ys = new ArrayList<>();
        String axes0 = null;
        int channels0 = -1;
        String spatial0 = null;
        int[] spatialShape0 = null;
        for (int i = 0; i < raw.size(); i++) {
            RawData.ImagePair pair = raw.get(i);
            FiniteTrainingData.require(pair);
            Layout lay = Layout.of(pair, opt.patchSize());
            if (axes0 == null) {
                axes0 = lay.axes;
                channels0 = lay.channels;
                spatial0 = lay.spatialAxes;
                spatialShape0 = lay.spatialShape();
                checkMemory(raw.size(), opt, lay);
            } else if (!axes0.equals(lay.axes) || channels0 != lay.channels) {
                throw new IllegalArgumentException("not all images have the same axes and channels: " + pair.name()
                        + " has axes " + lay.axes + " with " + lay.channels + " channels, the first image " + axes0
                        + " with " + channels0);
            }
            sample(pair, lay, opt, rng, xs, ys);
        }
        if (opt.shuffle()) {
            for (int j = xs.size() - 1; j > 0; j--) {
                int t = rng.nextInt(j + 1);
                xs.set(t, xs.set(j, xs.get(t)));
                ys.set(t, ys.set(j, ys.get(t)));
            }
        }
        return TrainingData.of(spatial0, spatialShape0, channels0, channels0, xs, ys);
    }

    private static void checkMemory(int images, PatchOptions opt, Layout lay) {
        long perPatch = 1;
        for (int p : lay.patch) {
            perPatch *= p;
        }
        long need = 2L * images * opt.patchesPerImage() * perPatch * 4L;
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        long limit = opt.memoryLimitBytes() > 0 ? opt.memoryLimitBytes() : free;
        if (need > limit) {
            throw new IllegalStateException(String.format(Locale.ROOT, "%d images x %d patches of %s need %.1f MiB for"
                    + " X and Y, more than the %s of %.1f MiB; lower the patches per image or the patch size%s",
                    images, opt.patchesPerImage(), Arrays.toString(lay.patch), need / 1048576.0,
                    opt.memoryLimitBytes() > 0 ? "limit" : "free Java heap", limit / 1048576.0,
                    opt.memoryLimitBytes() > 0 ? "" : ", or raise -Xmx"));
        }
    }

    /** Samples the patches of one pair and appends them, normalized, to {@code xs} and {@code ys}. */
    private static void sample(RawData.ImagePair pair, Layout lay, PatchOptions opt, SplittableRandom rng,
            List<float[]> xs, List<float[]> ys) {
        float[] x = toArray(pair.source(), pair.name());
        float[] y = toArray(pair.target(), pair.name());
        int rank = lay.shape.length;
        float[] filtered = null;
        double threshold = Double.NEGATIVE_INFINITY;
        if (opt.filter()) {
            int[] window = new int[rank];
            for (int a = 0; a < rank; a++) {
                window[a] = lay.patch[a] > 1 ? lay.patch[a] / 2 : lay.patch[a];
            }
            filtered = MaxFilter.apply(y, lay.shape, window);
            threshold = opt.filterThreshold() * Percentiles.of(y, opt.filterPercentile())[0];
        }
        // valid centres: [p//2, d - p + p//2] per axis; count the eligible ones in C order
        int[] lo = new int[rank];
        int[] len = new int[rank];
        long box = 1;
        for (int a = 0; a < rank; a++) {
            lo[a] = lay.patch[a] / 2;
            len[a] = lay.shape[a] - lay.patch[a] + 1;
            box *= len[a];
        }
        int[] stride = strides(lay.shape);
        long nValid = 0;
        if (filtered == null) {
            nValid = box;
        } else {
            BoxIterator it = new BoxIterator(lo, len, stride);
            for (long k = 0; k < box; k++, it.next()) {
                if (filtered[it.offset] > threshold) {
                    nValid++;
                }
            }
        }
        if (nValid == 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: the background filter leaves no patch"
                    + " centre (no neighbourhood maximum of the target exceeds %.4g = %s x its %s-th percentile);"
                    + " lower the threshold or check the target image", pair.name(), threshold,
                    opt.filterThreshold(), opt.filterPercentile()));
        }
        long[] ranks = draw(rng, nValid, opt.patchesPerImage());
        int[] centres = new int[ranks.length];
        BoxIterator it = new BoxIterator(lo, len, stride);
        long seen = 0;
        int r = 0;
        for (long k = 0; k < box && r < ranks.length; k++, it.next()) {
            if (filtered == null || filtered[it.offset] > threshold) {
                while (r < ranks.length && ranks[r] == seen) {
                    centres[r++] = it.offset;
                }
                seen++;
            }
        }
        float[][] sortedX = null;
        float[][] sortedY = null;
        if (opt.normalize()) {
            sortedX = sortedChannels(x, lay);
            sortedY = sortedChannels(y, lay);
        }
        for (int centre : centres) {
            int start = centre;
            for (int a = 0; a < rank; a++) {
                start -= (lay.patch[a] / 2) * stride[a];
            }
            float[] px = lay.extract(x, start, stride);
            float[] py = lay.extract(y, start, stride);
            if (opt.normalize()) {
                double pmin = uniform(rng, opt.pmin());
                double pmax = uniform(rng, opt.pmax());
                normalize(px, sortedX, pmin, pmax, lay.patchVoxels());
                normalize(py, sortedY, opt.reluLast() ? 0 : pmin, pmax, lay.patchVoxels());
            }
            xs.add(px);
            ys.add(py);
        }
    }

    /** {@code k} sorted ranks in [0, n): distinct (Floyd) when {@code k <= n}, with replacement otherwise. */
    static long[] draw(SplittableRandom rng, long n, int k) {
        long[] out = new long[k];
        if (n < k) {
            for (int i = 0; i < k; i++) {
                out[i] = rng.nextLong(n);
            }
        } else {
            java.util.HashSet<Long> chosen = new java.util.HashSet<>();
            int i = 0;
            for (long j = n - k; j < n; j++) {
                long t = rng.nextLong(j + 1);
                long v = chosen.add(t) ? t : j;
                if (v == j) {
                    chosen.add(j);
                }
                out[i++] = v;
            }
        }
        Arrays.sort(out);
        return out;
    }

    static double uniform(SplittableRandom rng, double[] range) {
        return range[0] + (range[1] - range[0]) * rng.nextDouble();
    }

    static void normalize(float[] patch, float[][] sorted, double pmin, double pmax, int voxels) {
        for (int c = 0; c < sorted.length; c++) {
            float lo = (float) Percentiles.ofSorted(sorted[c], pmin);
            float hi = (float) Percentiles.ofSorted(sorted[c], pmax);
            float d = hi - lo + 1e-20f;
            for (int i = c * voxels; i < (c + 1) * voxels; i++) {
                patch[i] = (patch[i] - lo) / d;
            }
        }
    }

    /** Each channel's values of the whole image, sorted (once per image; many random percentiles follow). */
    static float[][] sortedChannels(float[] img, Layout lay) {
        int nc = lay.channels;
        float[][] out = new float[nc][img.length / nc];
        if (lay.channelAxis < 0) {
            out[0] = img.clone();
        } else {
            int[] stride = strides(lay.shape);
            int cs = stride[lay.channelAxis];
            int per = lay.shape[lay.channelAxis] * cs;
            int[] k = new int[nc];
            for (int i = 0; i < img.length; i++) {
                int c = (i % per) / cs;
                out[c][k[c]++] = img[i];
            }
        }
        for (float[] o : out) {
            Arrays.sort(o);
        }
        return out;
    }

    static float[] toArray(FloatImage img, String name) {
        if (img.numel() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + ": image of " + img.numel() + " voxels is too large to sample"
                    + " training patches from in one piece (limit 2^31); split or crop it");
        }
        return img.toArray();
    }

    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int st = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = st;
            st *= shape[i];
        }
        return s;
    }

    /** Walks a box of a C-order array in C order, keeping the flat offset. */
    static final class BoxIterator {
        private final int[] len;
        private final int[] stride;
        private final int[] idx;
        int offset;

        BoxIterator(int[] lo, int[] len, int[] stride) {
            this.len = len;
            this.stride = stride;
            this.idx = new int[len.length];
            for (int a = 0; a < lo.length; a++) {
                offset += lo[a] * stride[a];
            }
        }

        void next() {
            for (int a = len.length - 1; a >= 0; a--) {
                offset += stride[a];
                if (++idx[a] < len[a]) {
                    return;
                }
                offset -= stride[a] * len[a];
                idx[a] = 0;
            }
        }
    }

    /** Axes, shape and patch size of one pair, and how a patch maps to the engine layout. */
    static final class Layout {
        final String axes;
        final int[] shape;
        final int[] patch;
        final int channelAxis;
        final int channels;
        final String spatialAxes;
        /** Axes of the raw image that become the engine layout's spatial axes, in order. */
        final int[] spatialIndex;

        private Layout(String axes, int[] shape, int[] patch, int channelAxis, String spatialAxes,
                int[] spatialIndex) {
            this.axes = axes;
            this.shape = shape;
            this.patch = patch;
            this.channelAxis = channelAxis;
            this.channels = channelAxis < 0 ? 1 : shape[channelAxis];
            this.spatialAxes = spatialAxes;
            this.spatialIndex = spatialIndex;
        }

        static Layout of(RawData.ImagePair pair, int[] patchSize) {
            String axes = pair.source().axes().letters();
            long[] ls = pair.source().shape();
            int[] shape = new int[ls.length];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = Math.toIntExact(ls[i]);
            }
            int ci = axes.indexOf('C');
            int[] patch;
            if (patchSize.length == axes.length()) {
                patch = patchSize.clone();
                if (ci >= 0 && patch[ci] != shape[ci]) {
                    throw new IllegalArgumentException(pair.name() + ": patch size " + Arrays.toString(patchSize)
                            + " has " + patch[ci] + " along C but the image has " + shape[ci]
                            + " channels; patches must contain all channels");
                }
            } else if (ci >= 0 && patchSize.length == axes.length() - 1) {
                patch = new int[axes.length()];
                for (int i = 0, k = 0; i < patch.length; i++) {
                    patch[i] = i == ci ? shape[ci] : patchSize[k++];
                }
            } else {
                throw new IllegalArgumentException(pair.name() + ": patch size " + Arrays.toString(patchSize)
                        + " does not fit axes " + axes + " (give one size per axis, or per non-C axis)");
            }
            for (int i = 0; i < shape.length; i++) {
                if (patch[i] < 1 || patch[i] > shape[i]) {
                    throw new IllegalArgumentException(pair.name() + ": patch size " + Arrays.toString(patch)
                            + " is larger than the image " + Arrays.toString(shape) + " (axes " + axes
                            + ") along " + axes.charAt(i));
                }
            }
            StringBuilder sp = new StringBuilder();
            List<Integer> idx = new ArrayList<>();
            for (char c : "STZYX".toCharArray()) {
                int a = axes.indexOf(c);
                if (a < 0 || (patch[a] == 1 && c != 'Y' && c != 'X')) {
                    continue;
                }
                sp.append(c);
                idx.add(a);
            }
            String s = sp.toString();
            if (!s.equals("YX") && !s.equals("ZYX") && !s.equals("TYX")) {
                throw new IllegalArgumentException(pair.name() + ": patches of size " + Arrays.toString(patch)
                        + " over axes " + axes + " would have spatial axes " + s + "; training needs YX, ZYX or TYX"
                        + " (give patch size 1 along the axes to drop)");
            }
            return new Layout(axes, shape, patch, ci, s, idx.stream().mapToInt(Integer::intValue).toArray());
        }

        int[] spatialShape() {
            int[] s = new int[spatialIndex.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = patch[spatialIndex[i]];
            }
            return s;
        }

        int patchVoxels() {
            int v = 1;
            for (int i : spatialIndex) {
                v *= patch[i];
            }
            return v;
        }

        /** The patch starting at flat offset {@code start}, as [C, spatial...] in C order. */
        float[] extract(float[] img, int start, int[] stride) {
            int rank = spatialIndex.length + 1;
            int[] size = new int[rank];
            int[] st = new int[rank];
            size[0] = channels;
            st[0] = channelAxis < 0 ? 0 : stride[channelAxis];
            for (int i = 0; i < spatialIndex.length; i++) {
                size[i + 1] = patch[spatialIndex[i]];
                st[i + 1] = stride[spatialIndex[i]];
            }
            int total = channels * patchVoxels();
            float[] out = new float[total];
            int inner = size[rank - 1];
            int innerStride = st[rank - 1];
            int[] idx = new int[rank - 1];
            int off = start;
            for (int o = 0; o < total; o += inner) {
                if (innerStride == 1) {
                    System.arraycopy(img, off, out, o, inner);
                } else {
                    for (int j = 0; j < inner; j++) {
                        out[o + j] = img[off + j * innerStride];
                    }
                }
                for (int a = rank - 2; a >= 0; a--) {
                    off += st[a];
                    if (++idx[a] < size[a]) {
                        break;
                    }
                    off -= st[a] * size[a];
                    idx[a] = 0;
                }
            }
            return out;
        }
    }
}
