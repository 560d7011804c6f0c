package org.jcare.training.predict;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.jcare.io.image.Tczyx;

/**
 * The percentiles of {@link Percentiles} (numpy's 'linear' method on float32, exactly) per channel of a volume that
 * is read box by box and never held whole: the same two-pass selection over order-preserving 32-bit keys of the float
 * bits, here with histograms that merge by addition, so boxes may be counted in any order, on any number of threads or
 * machines (Spark tasks), and still give exactly the numbers of the in-memory path.
 *
 * <p>Pass 1 counts every value of a channel by the upper 16 bits of its key (65,536 long counters per channel), which
 * locates the bucket of each wanted rank; {@link #refine()} picks those buckets; pass 2 counts the lower 16 bits of the
 * values in them only, which gives each order statistic exactly. Boxes hold all channels of one frame, channel after
 * channel ({@code [c][z][y][x]}, as {@link Tczyx#read} returns a box of one time point). Any NaN (or infinity) makes the
 * channel's percentiles NaN, as a NaN does in numpy; {@link #requireFinite} turns that into a refusal, since one such
 * voxel would make the whole restoration NaN.
 */
public final class StreamingPercentiles implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int BUCKETS = 1 << 16;
    private final int channels;
    private final double[] q;
    private final long[][] upper;
    private final long[] count;
    private final long[] nans;
    private int[][] slot;
    private int[][] bucketOf;
    private long[][] rankInBucket;
    private long[][] lower;

    /** Empty histograms for {@code channels} channels and percentiles {@code q} (each in [0, 100]). */
    public StreamingPercentiles(int channels, double... q) {
        for (double p : q) {
            if (!(p >= 0 && p <= 100)) {
                throw new IllegalArgumentException("percentile " + p + " is outside [0, 100]");
            }
        }
        this.channels = channels;
        this.q = q.clone();
        this.upper = new long[channels][BUCKETS];
        this.count = new long[channels];
        this.nans = new long[channels];
    }

    /** Whether pass 1 is over ({@link #refine()} was called). */
    public boolean refined() {
        return slot != null;
    }

    /** Pass 1: counts a box of all channels ({@code box.length} a multiple of the channel count). */
    public void countUpper(float[] box) {
        requirePass(false);
        int per = box.length / channels;
        for (int c = 0; c < channels; c++) {
            long[] h = upper[c];
            long n = 0;
            for (int i = c * per, end = i + per; i < end; i++) {
                float v = box[i];
                if (!Float.isFinite(v)) { // NaN or infinity: refused by requireFinite
                    nans[c]++;
                }
                h[Percentiles.key(v) >>> 16]++;
                n++;
            }
            count[c] += n;
        }
    }

    /** Pass 2: counts a box in the refined buckets. */
    public void countLower(float[] box) {
        requirePass(true);
        int per = box.length / channels;
        for (int c = 0; c < channels; c++) {
            if (lower[c] == null) {
                continue;
            }
            long[] h = lower[c];
            int[] s = slot[c];
            for (int i = c * per, end = i + per; i < end; i++) {
                int k = Percentiles.key(box[i]);
                int sl = s[k >>> 16];
                if (sl >= 0) {
                    h[(sl << 16) | (k & 0xFFFF)]++;
                }
            }
        }
    }

    /** Adds the counts of {@code other} (same channels and percentiles, same pass) to these. */
    public StreamingPercentiles merge(StreamingPercentiles other) {
        if (other.channels != channels || !Arrays.equals(other.q, q) || other.refined() != refined()) {
            throw new IllegalArgumentException("cannot merge percentile histograms of other channels, percentiles or"
                    + " pass");
        }
        for (int c = 0; c < channels; c++) {
            if (!refined()) {
                add(upper[c], other.upper[c]);
                count[c] += other.count[c];
                nans[c] += other.nans[c];
            } else if (lower[c] != null) {
                add(lower[c], other.lower[c]);
            }
        }
        return this;
    }

    /** An empty copy for pass 2 of another task: the refined buckets, no lower counts. */
    public StreamingPercentiles emptyCopyForPass2() {
        requirePass(true);
        StreamingPercentiles s = new StreamingPercentiles(channels, q);
        System.arraycopy(count, 0, s.count, 0, channels);
        System.arraycopy(nans, 0, s.nans, 0, channels);
        for (int c = 0; c < channels; c++) {
            s.upper[c] = upper[c];
        }
        s.slot = slot;
        s.bucketOf = bucketOf;
        s.rankInBucket = rankInBucket;
        s.lower = new long[channels][];
        for (int c = 0; c < channels; c++) {
            s.lower[c] = lower[c] == null ? null : new long[lower[c].length];
        }
        return s;
    }

    /** Ends pass 1: finds the bucket of every wanted rank. */
    public void refine() {
        requirePass(false);
        slot = new int[channels][];
        bucketOf = new int[channels][];
        rankInBucket = new long[channels][];
        lower = new long[channels][];
        for (int c = 0; c < channels; c++) {
            long n = count[c];
            if (n == 0) {
                throw new IllegalArgumentException("percentile of no values (channel " + c + ")");
            }
            if (nans[c] > 0) {
                continue;
            }
            long[] ranks = ranks(n);
            bucketOf[c] = new int[ranks.length];
            rankInBucket[c] = new long[ranks.length];
            for (int r = 0; r < ranks.length; r++) {
                long remaining = ranks[r];
                int b = 0;
                while (remaining >= upper[c][b]) {
                    remaining -= upper[c][b];
                    b++;
                }
                bucketOf[c][r] = b;
                rankInBucket[c][r] = remaining;
            }
            slot[c] = new int[BUCKETS];
            Arrays.fill(slot[c], -1);
            int nSlots = 0;
            for (int b : bucketOf[c]) {
                if (slot[c][b] < 0) {
                    slot[c][b] = nSlots++;
                }
            }
            lower[c] = new long[nSlots * BUCKETS];
        }
    }

    /** After pass 2: {@code [channel][i]} = percentile {@code q[i]} of that channel. */
    public double[][] result() {
        requirePass(true);
        double[][] out = new double[channels][q.length];
        for (int c = 0; c < channels; c++) {
            if (nans[c] > 0) {
                Arrays.fill(out[c], Double.NaN);
                continue;
            }
            long n = count[c];
            long[] ranks = ranks(n);
            float[] values = new float[ranks.length];
            for (int r = 0; r < ranks.length; r++) {
                int base = slot[c][bucketOf[c][r]] * BUCKETS;
                long remaining = rankInBucket[c][r];
                int lo = 0;
                while (remaining >= lower[c][base + lo]) {
                    remaining -= lower[c][base + lo];
                    lo++;
                }
                values[r] = Percentiles.fromKey((bucketOf[c][r] << 16) | lo);
            }
            for (int i = 0; i < q.length; i++) {
                double v = Percentiles.virtualIndex(n, q[i]);
                out[c][i] = Percentiles.lerp(values[2 * i], values[2 * i + 1], v - Math.floor(v));
            }
        }
        return out;
    }

    private long[] ranks(long n) {
        long[] ranks = new long[2 * q.length];
        for (int i = 0; i < q.length; i++) {
            double v = Percentiles.virtualIndex(n, q[i]);
            ranks[2 * i] = Percentiles.lowerIndex(n, v);
            ranks[2 * i + 1] = Percentiles.upperIndex(n, v);
        }
        return ranks;
    }

    private void requirePass(boolean second) {
        if (refined() != second) {
            throw new IllegalStateException(second ? "pass 2 needs refine() after pass 1" : "pass 1 is over");
        }
    }

    private static void add(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] += from[i];
        }
    }

    /**
     * The {@code q} percentiles of every channel of time point {@code t} of {@code volume}, read box by box on
     * {@code threads} threads (boxes of the volume's storage blocks).
     *
     * @return {@code [channel][i]}
     */
    public static double[][] ofFrame(Tczyx volume, long t, int threads, double... q) throws IOException {
        List<long[][]> boxes = frameBoxes(volume, t);
        int channels = (int) volume.shape()[1];
        int tasks = Math.max(1, Math.min(threads, boxes.size()));
        StreamingPercentiles total = pass(volume, boxes, tasks, () -> new StreamingPercentiles(channels, q), null);
        total.refine();
        StreamingPercentiles second = pass(volume, boxes, tasks, total::emptyCopyForPass2, total);
        return second.result();
    }

    private static StreamingPercentiles pass(Tczyx volume, List<long[][]> boxes, int tasks,
                                             java.util.function.Supplier<StreamingPercentiles> fresh,
                                             StreamingPercentiles refined) throws IOException {
        try {
            return IntStream.range(0, tasks).parallel().mapToObj(k -> {
                StreamingPercentiles h = fresh.get();
                for (int i = k; i < boxes.size(); i += tasks) {
                    long[][] b = boxes.get(i);
                    float[] data;
                    try {
                        data = volume.read(b[0], org.jcare.io.zarr.Boxes.toInts(b[1]));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (refined == null) {
                        h.countUpper(data);
                    } else {
                        h.countLower(data);
                    }
                }
                return h;
            }).reduce(StreamingPercentiles::merge).orElseThrow();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * The boxes {start, size} (TCZYX) that cover time point {@code t}: all channels, the volume's blocks in ZYX, cut
     * to at most 4 M values and to a 64th of this JVM's heap (a box is read whole; the result does not depend on the
     * boxes).
     */
    public static List<long[][]> frameBoxes(Tczyx volume, long t) {
        long[] s = volume.shape();
        int[] b = volume.blockShape();
        long cap = Math.max(1 << 12, Math.min(1 << 22, Runtime.getRuntime().maxMemory() / 4 / 64 / s[1]));
        long[] step = {1, s[1], Math.max(1, b[2]), Math.max(1, b[3]), Math.max(1, b[4])};
        while (step[2] * step[3] * step[4] > cap && step[2] > 1) {
            step[2] = (step[2] + 1) / 2;
        }
        while (step[2] * step[3] * step[4] > cap && step[3] > 1) {
            step[3] = (step[3] + 1) / 2;
        }
        List<long[][]> out = new ArrayList<>();
        for (long z = 0; z < s[2]; z += step[2]) {
            for (long y = 0; y < s[3]; y += step[3]) {
                for (long x = 0; x < s[4]; x += step[4]) {
                    out.add(new long[][] {{t, 0, z, y, x}, {1, s[1], Math.min(step[2], s[2] - z),
                        Math.min(step[3], s[3] - y), Math.min(step[4], s[4] - x)}});
                }
            }
        }
        return out;
    }

    /**
     * Refuses percentiles that non-finite voxels made NaN: streamed restoration does not fill such voxels.
     *
     * @param p    {@link #result()} of time point {@code t}
     * @param what the input, for the message
     * @throws IllegalArgumentException naming the input, time point and channel
     */
    public static void requireFinite(double[][] p, long t, String what) {
        for (int c = 0; c < p.length; c++) {
            for (double v : p[c]) {
                if (Double.isNaN(v)) {
                    throw new IllegalArgumentException(what + " holds non-finite voxels (NaN or infinity) in time"
                            + " point " + t + ", channel " + c + "; one of them would make the whole restoration NaN:"
                            + " fix the data (streamed restoration does not fill them)");
                }
            }
        }
    }
}
