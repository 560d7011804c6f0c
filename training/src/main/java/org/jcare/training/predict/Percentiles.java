package org.jcare.training.predict;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.jcare.io.image.FloatImage;

/**
 * Percentiles exactly as {@code numpy.percentile(a, q)} computes them with its default method ('linear', Hyndman and
 * Fan type 7) on float32 data, for images of any size.
 *
 * <p>For {@code n} values and percentile {@code q}, the virtual index is {@code v = (n - 1) * (q / 100)}; with
 * {@code i = floor(v)}, {@code g = v - i} and the order statistics {@code a = x(i)}, {@code b = x(i + 1)} (both
 * {@code x(n - 1)} when {@code v >= n - 1}), the result is {@code a + d * g}, or {@code b - d * (1 - g)} when
 * {@code g >= 0.5}, where {@code d = b - a} is rounded to float32 as numpy does for float32 arrays and the rest is
 * double. Any NaN in the data makes the result NaN, as in numpy.
 *
 * <p>Order statistics are found by exact selection, not by sorting a copy: values are mapped to order-preserving
 * 32-bit keys; a first pass counts keys by their upper 16 bits (65,536 long counters), which locates the bucket of
 * every wanted rank; a second pass counts the lower 16 bits of the values in those buckets only, which gives the
 * exact key. Memory is bounded (a few MiB whatever the image size), counts are long (no overflow beyond 2^31 voxels)
 * and the image is read twice, in place (about 0.5 to 1 ns per voxel and pass on one core; large images are counted
 * on every core, each task into its own histogram). Tiny inputs (at most {@value #SORT_LIMIT} values) are sorted
 * instead, which is faster there and gives the same numbers.
 */
public final class Percentiles {
    /** Inputs up to this many values are copied and sorted instead of selected. */
    static final int SORT_LIMIT = 4096;
    private static final int BUCKETS = 1 << 16;
    /** Values per piece of work in a counting pass. */
    private static final int PIECE = 1 << 18;
    /** Fewest values per counting task: below this, a histogram per task costs more than the counting it shares. */
    private static final long VALUES_PER_TASK = 1 << 21;

    private Percentiles() {
    }

    /** Percentiles {@code q} (each in [0, 100]) of all values of {@code data}, which is not modified. */
    public static double[] of(float[] data, double... q) {
        return select(ChannelRuns.of(data, new long[] {data.length}, -1, 0), q, "array");
    }

    /** Percentiles {@code q} of all voxels of {@code img} (every channel together). */
    public static double[] of(FloatImage img, double... q) {
        return select(ChannelRuns.all(img), q, img.toString());
    }

    /**
     * Percentiles {@code q} of each channel of {@code img} over all its other axes, as numpy with
     * {@code axis=(all but C)}; an image without a C axis is one channel.
     *
     * @return {@code [channel][i]} = percentile {@code q[i]} of that channel
     */
    public static double[][] perChannel(FloatImage img, double... q) {
        int nc = ChannelRuns.channelCount(img);
        double[][] out = new double[nc][];
        for (int c = 0; c < nc; c++) {
            out[c] = select(ChannelRuns.of(img, c), q, img + " channel " + c);
        }
        return out;
    }

    /**
     * Percentiles {@code q} of each channel of the C-order array {@code data} of {@code shape} whose channels lie on
     * axis {@code channelAxis} (-1: one channel).
     *
     * @return {@code [channel][i]}
     */
    public static double[][] perChannel(float[] data, long[] shape, int channelAxis, double... q) {
        int nc = channelAxis < 0 ? 1 : Math.toIntExact(shape[channelAxis]);
        double[][] out = new double[nc][];
        for (int c = 0; c < nc; c++) {
            out[c] = select(ChannelRuns.of(data, shape, channelAxis, c), q, "channel " + c);
        }
        return out;
    }

    /**
     * Percentile {@code q} of values already sorted ascending (for example a training image sorted once and asked
     * for many random percentiles). NaNs, if any, must be at the end, as {@link Arrays#sort(float[])} puts them.
     */
    public static double ofSorted(float[] sorted, double q) {
        checkQ(q);
        int n = sorted.length;
        if (n == 0) {
            throw new IllegalArgumentException("percentile of an empty array");
        }
        if (Float.isNaN(sorted[n - 1])) {
            return Double.NaN;
        }
        double v = virtualIndex(n, q);
        long i = lowerIndex(n, v);
        long j = upperIndex(n, v);
        return lerp(sorted[(int) i], sorted[(int) j], v - Math.floor(v));
    }

    /** numpy's virtual index {@code (n - 1) * (q / 100)}. */
    static double virtualIndex(long n, double q) {
        return (n - 1) * (q / 100.0);
    }

    static long lowerIndex(long n, double v) {
        return v >= n - 1 ? n - 1 : v < 0 ? 0 : (long) Math.floor(v);
    }

    static long upperIndex(long n, double v) {
        return v >= n - 1 ? n - 1 : v < 0 ? 0 : (long) Math.floor(v) + 1;
    }

    /** numpy's {@code _lerp} on float32 inputs: the difference is a float32 subtraction, the rest double. */
    static double lerp(float a, float b, double g) {
        float d = b - a;
        return g >= 0.5 ? b - d * (1 - g) : a + d * g;
    }

    private static void checkQ(double q) {
        if (!(q >= 0 && q <= 100)) {
            throw new IllegalArgumentException("percentile " + q + " is outside [0, 100]");
        }
    }

    /** The percentiles {@code q} of the values of {@code runs}. */
    static double[] select(ChannelRuns runs, double[] q, String what) {
        return select(runs, q, what, SORT_LIMIT);
    }

    /** As {@link #select(ChannelRuns, double[], String)}, sorting only up to {@code sortLimit} values. */
    static double[] select(ChannelRuns runs, double[] q, String what, int sortLimit) {
        for (double p : q) {
            checkQ(p);
        }
        long n = runs.count();
        if (n == 0) {
            throw new IllegalArgumentException("percentile of no values (" + what + ")");
        }
        if (n <= sortLimit) {
            float[] copy = new float[(int) n];
            int[] k = {0};
            runs.forEach((a, off, cnt, stride) -> {
                for (int i = 0; i < cnt; i++) {
                    copy[k[0]++] = a[off + i * stride];
                }
            });
            Arrays.sort(copy);
            double[] out = new double[q.length];
            for (int i = 0; i < q.length; i++) {
                out[i] = ofSorted(copy, q[i]);
            }
            return out;
        }
        long[] ranks = new long[2 * q.length];
        for (int i = 0; i < q.length; i++) {
            double v = virtualIndex(n, q[i]);
            ranks[2 * i] = lowerIndex(n, v);
            ranks[2 * i + 1] = upperIndex(n, v);
        }
        float[] values = orderStatistics(runs, ranks);
        if (values == null) {
            double[] nan = new double[q.length];
            Arrays.fill(nan, Double.NaN);
            return nan;
        }
        double[] out = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            double v = virtualIndex(n, q[i]);
            out[i] = lerp(values[2 * i], values[2 * i + 1], v - Math.floor(v));
        }
        return out;
    }

    /**
     * The values of the given 0-based ranks in ascending order of all values of {@code runs}, or null when a value
     * is NaN. Two passes: upper 16 key bits, then lower 16 bits inside the buckets that hold a wanted rank.
     */
    static float[] orderStatistics(ChannelRuns runs, long[] ranks) {
        long[] hist = count(runs, BUCKETS, null);
        // NaN keys lie above +inf and below -inf: buckets 0x0000-0x007F and 0xFF80-0xFFFF hold NaNs (and, in
        // 0x007F and 0xFF80, the infinities)
        for (int b = 0; b < 0x7F; b++) {
            if (hist[b] != 0 || hist[0xFFFF - b] != 0) {
                return null;
            }
        }
        if ((hist[0x7F] != 0 || hist[0xFF80] != 0) && hasNaN(runs)) {
            return null;
        }
        int[] bucketOf = new int[ranks.length];
        long[] rankInBucket = new long[ranks.length];
        for (int r = 0; r < ranks.length; r++) {
            long remaining = ranks[r];
            int b = 0;
            while (remaining >= hist[b]) {
                remaining -= hist[b];
                b++;
            }
            bucketOf[r] = b;
            rankInBucket[r] = remaining;
        }
        int[] slot = new int[BUCKETS];
        Arrays.fill(slot, -1);
        int nSlots = 0;
        for (int b : bucketOf) {
            if (slot[b] < 0) {
                slot[b] = nSlots++;
            }
        }
        long[] low = count(runs, nSlots * BUCKETS, slot);
        float[] out = new float[ranks.length];
        for (int r = 0; r < ranks.length; r++) {
            int base = slot[bucketOf[r]] * BUCKETS;
            long remaining = rankInBucket[r];
            int lo = 0;
            while (remaining >= low[base + lo]) {
                remaining -= low[base + lo];
                lo++;
            }
            out[r] = fromKey((bucketOf[r] << 16) | lo);
        }
        return out;
    }

    /**
     * One counting pass ({@link Counter#add}) over every value of {@code runs}, on up to one task per core: the runs
     * are cut into pieces dealt out to the tasks in turn, each task counts into its own histogram, and the totals are
     * summed. Counts are integers, so the result does not depend on the split; a task gets at least
     * {@value #VALUES_PER_TASK} values, so small inputs stay on one thread.
     */
    private static long[] count(ChannelRuns runs, int size, int[] slot) {
        List<ChannelRuns.Piece> pieces = runs.pieces(PIECE);
        int tasks = (int) Math.max(1, Math.min(Math.min(pieces.size(), ForkJoinPool.getCommonPoolParallelism() + 1),
                runs.count() / VALUES_PER_TASK));
        return IntStream.range(0, tasks).parallel().mapToObj(t -> {
            Counter counter = new Counter(size);
            for (int i = t; i < pieces.size(); i += tasks) {
                ChannelRuns.Piece p = pieces.get(i);
                counter.add(p.a(), p.offset(), p.count(), p.stride(), slot);
            }
            return counter.totals();
        }).reduce((x, y) -> {
            for (int i = 0; i < x.length; i++) {
                x[i] += y[i];
            }
            return x;
        }).orElseThrow();
    }

    private static boolean hasNaN(ChannelRuns runs) {
        boolean[] found = {false};
        runs.forEach((a, off, cnt, stride) -> {
            int end = off + cnt * stride;
            for (int i = off; i < end && !found[0]; i += stride) {
                found[0] = a[i] != a[i];
            }
        });
        return found[0];
    }

    /**
     * Key counts in an int histogram (a quarter of the cache footprint of longs, which matters: the histogram is the
     * working set), flushed into long totals before any counter could overflow. Runs are counted in chunks of at most
     * 2^29 values with plain counted loops (stride 1 separately), which the JIT compiles to about 0.5 ns per value.
     */
    private static final class Counter {
        private static final int CHUNK = 1 << 29;
        private static final long FLUSH_AFTER = 1L << 30;
        private final int[] h;
        private final long[] totals;
        private long sinceFlush;

        Counter(int size) {
            h = new int[size];
            totals = new long[size];
        }

        /**
         * Counts one run. With {@code slot == null} the index is the key's upper 16 bits; otherwise only values whose
         * upper bits map to a slot count, at {@code slot * 65536 + lower 16 bits}.
         */
        void add(float[] a, int off, int cnt, int stride, int[] slot) {
            for (int done = 0; done < cnt; done += CHUNK) {
                int n = Math.min(CHUNK, cnt - done);
                int from = off + done * stride;
                if (slot == null) {
                    upper(a, from, n, stride);
                } else {
                    lower(a, from, n, stride, slot);
                }
                // every counter holds at most 2^30 + 2^29 < 2^31 before this check
                sinceFlush += n;
                if (sinceFlush > FLUSH_AFTER) {
                    flush();
                }
            }
        }

        private void upper(float[] a, int from, int n, int stride) {
            int[] hist = h;
            if (stride == 1) {
                for (int i = from; i < from + n; i++) {
                    hist[key(a[i]) >>> 16]++;
                }
            } else {
                for (int k = 0, i = from; k < n; k++, i += stride) {
                    hist[key(a[i]) >>> 16]++;
                }
            }
        }

        private void lower(float[] a, int from, int n, int stride, int[] slot) {
            int[] hist = h;
            if (stride == 1) {
                for (int i = from; i < from + n; i++) {
                    int k = key(a[i]);
                    int s = slot[k >>> 16];
                    if (s >= 0) {
                        hist[(s << 16) | (k & 0xFFFF)]++;
                    }
                }
            } else {
                for (int c = 0, i = from; c < n; c++, i += stride) {
                    int k = key(a[i]);
                    int s = slot[k >>> 16];
                    if (s >= 0) {
                        hist[(s << 16) | (k & 0xFFFF)]++;
                    }
                }
            }
        }

        private void flush() {
            for (int j = 0; j < totals.length; j++) {
                totals[j] += h[j];
            }
            Arrays.fill(h, 0);
            sinceFlush = 0;
        }

        long[] totals() {
            flush();
            return totals;
        }
    }

    /** An unsigned-order-preserving key: flips all bits of negatives, only the sign bit of non-negatives. */
    static int key(float v) {
        int bits = Float.floatToRawIntBits(v);
        return bits ^ ((bits >> 31) | 0x80000000);
    }

    static float fromKey(int key) {
        int bits = key < 0 ? key ^ 0x80000000 : ~key;
        return Float.intBitsToFloat(bits);
    }
}
