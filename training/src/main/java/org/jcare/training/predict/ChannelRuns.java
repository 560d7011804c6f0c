package org.jcare.training.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jcare.io.image.FloatImage;

/**
 * The voxels of one channel of an image as runs of equally strided values in float arrays, so per-channel work
 * (percentiles, normalization) reads planes in place without copying and without int indices over the whole volume.
 */
final class ChannelRuns {
    /** Receives one run: {@code count} values {@code a[offset], a[offset + stride], ...}. */
    @FunctionalInterface
    interface RunConsumer {
        void accept(float[] a, int offset, int count, int stride);
    }

    private final float[][] arrays;
    private final int[] offsets;
    private final int[] counts;
    private final int[] strides;
    private final long total;

    private ChannelRuns(float[][] arrays, int[] offsets, int[] counts, int[] strides) {
        this.arrays = arrays;
        this.offsets = offsets;
        this.counts = counts;
        this.strides = strides;
        long t = 0;
        for (int c : counts) {
            t += c;
        }
        this.total = t;
    }

    /** Number of values. */
    long count() {
        return total;
    }

    /** Visits every run in memory order. */
    void forEach(RunConsumer consumer) {
        for (int i = 0; i < arrays.length; i++) {
            consumer.accept(arrays[i], offsets[i], counts[i], strides[i]);
        }
    }

    /** One run, or a piece of one: {@code count} values {@code a[offset], a[offset + stride], ...}. */
    record Piece(float[] a, int offset, int count, int stride) {
    }

    /** The runs in memory order, each cut into pieces of at most {@code maxCount} values (work for parallel tasks). */
    List<Piece> pieces(int maxCount) {
        List<Piece> out = new ArrayList<>();
        forEach((a, off, cnt, stride) -> {
            for (int done = 0; done < cnt; done += maxCount) {
                out.add(new Piece(a, off + done * stride, Math.min(maxCount, cnt - done), stride));
            }
        });
        return out;
    }

    /** Number of channels of {@code img}: the size of its C axis, 1 without one. */
    static int channelCount(FloatImage img) {
        int c = img.axes().indexOf('C');
        return c < 0 ? 1 : Math.toIntExact(img.shape()[c]);
    }

    /** All voxels of {@code img}, every channel together: one run per plane. */
    static ChannelRuns all(FloatImage img) {
        float[][] a = new float[img.planeCount()][];
        for (int p = 0; p < a.length; p++) {
            a[p] = img.plane(p);
        }
        return uniform(a, 0, img.planeSize(), 1);
    }

    /** The runs of channel {@code channel} of {@code img} (the whole image when it has no C axis). */
    static ChannelRuns of(FloatImage img, int channel) {
        long[] shape = img.shape();
        int rank = shape.length;
        int ci = img.axes().indexOf('C');
        int planes = img.planeCount();
        int ps = img.planeSize();
        if (ci < 0 || shape[ci] == 1) {
            if (channel != 0) {
                throw new IndexOutOfBoundsException("channel " + channel + " of a single-channel image " + img);
            }
            float[][] a = new float[planes][];
            for (int p = 0; p < planes; p++) {
                a[p] = img.plane(p);
            }
            return uniform(a, 0, ps, 1);
        }
        int nc = (int) shape[ci];
        if (channel < 0 || channel >= nc) {
            throw new IndexOutOfBoundsException("channel " + channel + " of an image with " + nc + " channels: " + img);
        }
        if (ci < rank - 2) {
            // C enumerates planes: plane p belongs to channel (p / inner) % nc
            long inner = 1;
            for (int i = ci + 1; i < rank - 2; i++) {
                inner *= shape[i];
            }
            int n = planes / nc;
            float[][] a = new float[n][];
            int k = 0;
            for (int p = 0; p < planes; p++) {
                if ((p / inner) % nc == channel) {
                    a[k++] = img.plane(p);
                }
            }
            return uniform(a, 0, ps, 1);
        }
        float[][] a = new float[planes][];
        for (int p = 0; p < planes; p++) {
            a[p] = img.plane(p);
        }
        if (ci == rank - 2) {
            int w = (int) shape[rank - 1];
            return uniform(a, channel * w, w, 1);
        }
        int h = (int) shape[rank - 2];
        return uniform(a, channel, h, nc);
    }

    /** The runs of channel {@code channel} of a C-order array of {@code shape} with channels on {@code channelAxis}. */
    static ChannelRuns of(float[] data, long[] shape, int channelAxis, int channel) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("array of " + data.length + " values for shape " + Arrays.toString(shape));
        }
        if (channelAxis < 0) {
            return uniform(new float[][] {data}, 0, data.length, 1);
        }
        int nc = Math.toIntExact(shape[channelAxis]);
        if (channel < 0 || channel >= nc) {
            throw new IndexOutOfBoundsException("channel " + channel + " of " + nc + " channels, shape "
                    + Arrays.toString(shape));
        }
        long outer = 1;
        for (int i = 0; i < channelAxis; i++) {
            outer *= shape[i];
        }
        long inner = n / outer / nc;
        if (inner == 1) {
            return uniform(new float[][] {data}, channel, (int) outer, nc);
        }
        float[][] a = new float[(int) outer][];
        int[] off = new int[(int) outer];
        for (int o = 0; o < outer; o++) {
            a[o] = data;
            off[o] = (int) ((o * (long) nc + channel) * inner);
        }
        int[] counts = new int[(int) outer];
        int[] strides = new int[(int) outer];
        Arrays.fill(counts, (int) inner);
        Arrays.fill(strides, 1);
        return new ChannelRuns(a, off, counts, strides);
    }

    private static ChannelRuns uniform(float[][] a, int offset, int count, int stride) {
        int[] off = new int[a.length];
        int[] counts = new int[a.length];
        int[] strides = new int[a.length];
        Arrays.fill(off, offset);
        Arrays.fill(counts, count);
        Arrays.fill(strides, stride);
        return new ChannelRuns(a, off, counts, strides);
    }
}
