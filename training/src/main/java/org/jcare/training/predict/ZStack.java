package org.jcare.training.predict;

import java.util.ArrayList;
import java.util.List;
import org.jcare.io.image.FloatImage;

/**
 * Where the channels, Z and the axes restored one after the other (T, S) sit in an image with Y and X last, for the
 * task predictors that treat Z specially (isotropic, projection): plane lookup by (sample, channel, z) and output
 * images with another Z size, or without Z.
 */
final class ZStack {
    final FloatImage image;
    final String axes;
    final long[] shape;
    final int channelAxis;
    final int zAxis;
    final int channels;
    final int depth;
    final int height;
    final int width;
    private final int[] loopAxes;

    private ZStack(FloatImage image) {
        this.image = image;
        this.axes = image.axes().letters();
        this.shape = image.shape();
        this.channelAxis = axes.indexOf('C');
        this.zAxis = axes.indexOf('Z');
        this.channels = channelAxis < 0 ? 1 : (int) shape[channelAxis];
        this.depth = (int) shape[zAxis];
        this.height = (int) shape[shape.length - 2];
        this.width = (int) shape[shape.length - 1];
        List<Integer> loop = new ArrayList<>();
        for (int i = 0; i < axes.length() - 2; i++) {
            if (i != channelAxis && i != zAxis) {
                loop.add(i);
            }
        }
        this.loopAxes = loop.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The stack view of {@code image}, permuted so that Y and X are last.
     *
     * @param what the task, for error messages
     * @throws IllegalArgumentException when the image has no Z, Y or X axis
     */
    static ZStack of(FloatImage image, String what) {
        String a = image.axes().letters();
        if (!a.contains("Y") || !a.contains("X") || !a.contains("Z")) {
            throw new IllegalArgumentException("image " + image + " (axes " + a + ") needs Z, Y and X axes for "
                    + what + "; give the axes with --axes, for example ZYX");
        }
        FloatImage img = a.endsWith("YX") ? image : image.permute(a.replace("Y", "").replace("X", "") + "YX");
        return new ZStack(img);
    }

    /** Number of samples restored one after the other (product of the loop axes). */
    long samples() {
        long s = 1;
        for (int a : loopAxes) {
            s *= shape[a];
        }
        return s;
    }

    /** The YX plane of sample {@code s}, channel {@code c}, slice {@code z} (the image's own array). */
    float[] plane(long s, int c, int z) {
        return image.plane(planeIndex(axes, shape, loopIndex(s), c, z, channelAxis, zAxis));
    }

    /** Index along each loop axis of sample {@code s} (first loop axis slowest). */
    long[] loopIndex(long s) {
        long[] idx = new long[loopAxes.length];
        for (int i = loopAxes.length - 1; i >= 0; i--) {
            idx[i] = s % shape[loopAxes[i]];
            s /= shape[loopAxes[i]];
        }
        return idx;
    }

    /** An empty image with this one's axes, {@code outChannels} channels and {@code newDepth} slices along Z. */
    FloatImage withDepth(int outChannels, long newDepth) {
        long[] s = shape.clone();
        s[zAxis] = newDepth;
        return withChannels(axes, s, outChannels, zAxis);
    }

    /** An empty image with this one's axes without Z and {@code outChannels} channels. */
    FloatImage withoutZ(int outChannels) {
        String a = axes.substring(0, zAxis) + axes.substring(zAxis + 1);
        long[] s = new long[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != zAxis) {
                s[j++] = shape[i];
            }
        }
        int yAxis = a.length() - 2;
        return withChannels(a, s, outChannels, Math.min(zAxis, yAxis));
    }

    /** A zero image; a C axis is added at {@code channelAt} when there is none and more than one channel is needed. */
    private FloatImage withChannels(String a, long[] s, int outChannels, int channelAt) {
        int ci = a.indexOf('C');
        if (ci >= 0) {
            s[ci] = outChannels;
            return FloatImage.zeros(a, s);
        }
        if (outChannels == 1) {
            return FloatImage.zeros(a, s);
        }
        String na = a.substring(0, channelAt) + "C" + a.substring(channelAt);
        long[] ns = new long[s.length + 1];
        System.arraycopy(s, 0, ns, 0, channelAt);
        ns[channelAt] = outChannels;
        System.arraycopy(s, channelAt, ns, channelAt + 1, s.length - channelAt);
        return FloatImage.zeros(na, ns);
    }

    /**
     * The plane of an image with axes {@code a} and {@code s} (Y, X last) at loop index {@code loop} (over the axes
     * other than C, Z, Y, X, in order), channel {@code c} and slice {@code z}; planes enumerate the leading axes in C
     * order.
     */
    static int planeIndex(String a, long[] s, long[] loop, int c, int z, int channelAxis, int zAxis) {
        long p = 0;
        int li = 0;
        for (int i = 0; i < a.length() - 2; i++) {
            long v;
            if (i == channelAxis) {
                v = c;
            } else if (i == zAxis) {
                v = z;
            } else {
                v = loop[li++];
            }
            p = p * s[i] + v;
        }
        return (int) p;
    }

    /** The plane of {@code out} (same loop axes as this stack) at sample {@code sample}, channel c, slice z. */
    static float[] planeOf(FloatImage out, long[] loop, int c, int z) {
        String a = out.axes().letters();
        return out.plane(planeIndex(a, out.shape(), loop, c, z, a.indexOf('C'), a.indexOf('Z')));
    }
}
