package org.jcare.training.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jcare.training.predict.Percentiles;

/**
 * Training patches cut afresh for every sample of every batch, from image pairs held in memory: the default way
 * {@code jcare train} learns from folders of images. A fixed set of patches (CSBDeep's {@code create_patches}, then
 * {@link BatchSequence}) makes a small data set pass over the same few hundred patches dozens of times per epoch,
 * which overfits; here no two batches share patches unless the images are tiny.
 *
 * <p>The sampling is {@link Patches}' for each patch: the same background filter (a centre is eligible where the
 * maximum-filtered target exceeds {@code threshold} times its {@code percentile}-th percentile), the same valid
 * centres, and the same per-patch normalization ({@code pmin ~ U(1, 3)}, {@code pmax ~ U(99.5, 99.9)} percentiles of
 * the whole source and target image per channel). What differs is when: sample {@code j} of batch {@code i} is drawn
 * from a {@link SplittableRandom} seeded from {@code (seed, i, j)}. Its image is {@code (i * B + j) mod images}
 * (each image equally often, as CSBDeep's equal count per image), then its centre uniformly among the eligible ones,
 * its two percentiles and its augmentation. So any batch can be computed alone, a resumed run draws what an
 * uninterrupted one would, and the same seed gives the same batches on every machine.
 *
 * <p>Memory: both images of every pair, their sorted values (for the percentiles) and the eligible centres stay on the
 * host, about 20 bytes per voxel; this is checked against the Java heap before each pair is prepared.
 */
public final class FreshPatches {
    /** Separates this generator's random streams from {@link BatchSequence}'s, which use the same seed. */
    private static final long STREAM = 0x0F2E_5AB1_7C4D_9E83L;

    private final List<Image> images;
    private final PatchOptions options;
    private final String spatialAxes;
    private final int[] spatialShape;
    private final int channels;

    /** One image pair ready to cut patches from. */
    private record Image(String name, float[] x, float[] y, Patches.Layout layout, int[] stride, int[] starts,
                         float[][] sortedX, float[][] sortedY) {
    }

    private FreshPatches(List<Image> images, PatchOptions options) {
        this.images = images;
        this.options = options;
        Patches.Layout first = images.get(0).layout();
        this.spatialAxes = first.spatialAxes;
        this.spatialShape = first.spatialShape();
        this.channels = first.channels;
    }

    /**
     * Reads every pair of {@code raw} and prepares it for sampling with {@code options} (patch size, filter,
     * percentile ranges; {@code patchesPerImage}, {@code shuffle} and {@code seed} do not apply here).
     *
     * @throws IOException              when an image cannot be read
     * @throws IllegalArgumentException naming the image for shapes, axes, patch sizes, non-finite values or a filter
     *                                  that leaves no centre
     * @throws IllegalStateException    when the images do not fit the Java heap
     */
    public static FreshPatches prepare(RawData raw, PatchOptions options) throws IOException {
        List<Image> images = new ArrayList<>();
        long held = 0;
        for (int i = 0; i < raw.size(); i++) {
            RawData.ImagePair pair = raw.get(i);
            FiniteTrainingData.require(pair);
            Patches.Layout lay = Patches.Layout.of(pair, options.patchSize());
            if (!images.isEmpty()) {
                Patches.Layout first = images.get(0).layout();
                if (!first.axes.equals(lay.axes) || first.channels != lay.channels) {
                    throw new IllegalArgumentException("not all images have the same axes and channels: "
                            + pair.name() + " has axes " + lay.axes + " with " + lay.channels + " channels, the first"
                            + " image " + first.axes + " with " + first.channels);
                }
                if (!Arrays.equals(first.spatialShape(), lay.spatialShape())) {
                    throw new IllegalArgumentException(pair.name() + ": patches would be "
                            + Arrays.toString(lay.spatialShape()) + " but those of the first image "
                            + Arrays.toString(first.spatialShape()));
                }
            }
            long voxels = pair.source().numel();
            held += checkMemory(raw.size(), i, voxels, held);
            images.add(image(pair, lay, options));
        }
        return new FreshPatches(List.copyOf(images), options);
    }

    /** Bytes kept for one pair (x, y, their sorted copies and the centres), checked against the free heap. */
    private static long checkMemory(int pairs, int index, long voxels, long held) {
        long need = 20L * voxels;
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        // the pair's x and y are already read; the sorted copies and centres are what is still to allocate
        long toAllocate = 12L * voxels;
        if (toAllocate > free) {
            throw new IllegalStateException(String.format(Locale.ROOT, "fresh patches keep every image pair in memory:"
                    + " pair %d of %d needs %.2f GiB more (%.2f GiB held so far) but the Java heap has %.2f GiB free;"
                    + " set -Xmx (JCARE_JAVA_OPTS=-Xmx...), or use --fixed-patches", index + 1, pairs,
                    toAllocate / 1073741824.0, held / 1073741824.0, free / 1073741824.0));
        }
        return need;
    }

    private static Image image(RawData.ImagePair pair, Patches.Layout lay, PatchOptions opt) {
        float[] x = Patches.toArray(pair.source(), pair.name());
        float[] y = Patches.toArray(pair.target(), pair.name());
        int[] stride = Patches.strides(lay.shape);
        int[] starts = eligibleStarts(pair.name(), y, lay, stride, opt);
        float[][] sx = opt.normalize() ? Patches.sortedChannels(x, lay) : null;
        float[][] sy = opt.normalize() ? Patches.sortedChannels(y, lay) : null;
        return new Image(pair.name(), x, y, lay, stride, starts, sx, sy);
    }

    /** The flat start offsets of every patch whose centre passes the background filter ({@link Patches}' rule). */
    private static int[] eligibleStarts(String name, float[] y, Patches.Layout lay, int[] stride, PatchOptions opt) {
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
        int[] lo = new int[rank];
        int[] len = new int[rank];
        long box = 1;
        int back = 0;
        for (int a = 0; a < rank; a++) {
            lo[a] = lay.patch[a] / 2;
            len[a] = lay.shape[a] - lay.patch[a] + 1;
            box *= len[a];
            back += lo[a] * stride[a];
        }
        int[] starts = new int[Math.toIntExact(box)];
        int n = 0;
        Patches.BoxIterator it = new Patches.BoxIterator(lo, len, stride);
        for (long k = 0; k < box; k++, it.next()) {
            if (filtered == null || filtered[it.offset] > threshold) {
                starts[n++] = it.offset - back;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: the background filter leaves no patch"
                    + " centre (no neighbourhood maximum of the target exceeds %.4g = %s x its %s-th percentile);"
                    + " lower the threshold or check the target image", name, threshold, opt.filterThreshold(),
                    opt.filterPercentile()));
        }
        return Arrays.copyOf(starts, n);
    }

    /** Number of image pairs. */
    public int images() {
        return images.size();
    }

    /** Eligible patch positions of pair {@code i} (after the background filter). */
    public int eligible(int i) {
        return images.get(i).starts().length;
    }

    /** Spatial axes of the patches: "YX", "ZYX" or "TYX". */
    public String spatialAxes() {
        return spatialAxes;
    }

    /** Patch size per spatial axis. */
    public int[] spatialShape() {
        return spatialShape.clone();
    }

    /** Channels of source and target. */
    public int channels() {
        return channels;
    }

    /**
     * Batches of {@code batchSize} fresh patches drawn with {@code seed}.
     *
     * @throws IllegalArgumentException for a batch size below 1 or an augmentation the patches do not allow
     */
    public BatchSource batches(int batchSize, long seed, Augmentation augmentation) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        Augmentation aug = augmentation == null ? Augmentation.NONE : augmentation;
        int r = spatialShape.length;
        if (aug.rot90() && spatialShape[r - 1] != spatialShape[r - 2]) {
            throw new IllegalArgumentException("rot90 augmentation needs square YX patches, got Y="
                    + spatialShape[r - 2] + " X=" + spatialShape[r - 1] + "; disable rotation or use square patches");
        }
        if (aug.flipZ() && r < 3) {
            throw new IllegalArgumentException("Z flip augmentation asked for 2D patches (" + spatialAxes + ")");
        }
        return new Batches(batchSize, seed, aug);
    }

    /** One normalized source and target patch, [C, spatial...] each, drawn with {@code rng} from pair {@code i}. */
    float[][] draw(int i, SplittableRandom rng) {
        Image img = images.get(i);
        Patches.Layout lay = img.layout();
        int start = img.starts()[rng.nextInt(img.starts().length)];
        float[] px = lay.extract(img.x(), start, img.stride());
        float[] py = lay.extract(img.y(), start, img.stride());
        if (options.normalize()) {
            double pmin = Patches.uniform(rng, options.pmin());
            double pmax = Patches.uniform(rng, options.pmax());
            Patches.normalize(px, img.sortedX(), pmin, pmax, lay.patchVoxels());
            Patches.normalize(py, img.sortedY(), options.reluLast() ? 0 : pmin, pmax, lay.patchVoxels());
        }
        return new float[][] {px, py};
    }

    /** The batches of one seed. */
    private final class Batches implements BatchSource {
        private final int batchSize;
        private final long seed;
        private final Augmentation augmentation;

        Batches(int batchSize, long seed, Augmentation augmentation) {
            this.batchSize = batchSize;
            this.seed = seed;
            this.augmentation = augmentation;
        }

        @Override
        public int batchSize() {
            return batchSize;
        }

        @Override
        public int channelsIn() {
            return channels;
        }

        @Override
        public int channelsOut() {
            return channels;
        }

        @Override
        public int[] spatialShape() {
            return spatialShape.clone();
        }

        @Override
        public void fillBatch(long i, float[] x, float[] y) {
            if (i < 0) {
                throw new IndexOutOfBoundsException("batch " + i);
            }
            int voxels = images.get(0).layout().patchVoxels();
            int per = channels * voxels;
            if (x.length < batchSize * per || y.length < batchSize * per) {
                throw new IllegalArgumentException("batch buffers of " + x.length + " and " + y.length
                        + " floats, need " + batchSize * per + " each");
            }
            for (int k = 0; k < batchSize; k++) {
                long sample = i * batchSize + k;
                SplittableRandom rng = new SplittableRandom(BatchSequence.mix(seed ^ STREAM, i, k));
                float[][] p = draw((int) (sample % images.size()), rng);
                if (augmentation.isNone()) {
                    System.arraycopy(p[0], 0, x, k * per, per);
                    System.arraycopy(p[1], 0, y, k * per, per);
                } else {
                    BatchSequence.Transform t = BatchSequence.Transform.draw(augmentation, rng);
                    t.apply(p[0], x, k * per, channels, spatialShape);
                    t.apply(p[1], y, k * per, channels, spatialShape);
                }
            }
        }
    }
}
