package org.jcare.training.interop;

import java.util.SplittableRandom;
import org.jcare.io.FileFormatException;
import org.jcare.io.image.FloatImage;
import org.jcare.io.model.bmz.CoverPng;
import org.jcare.io.npz.NpyArray;
import org.jcare.training.predict.Restoration;

/**
 * The Model Zoo package's test tensors: the test input cut to sizes the network takes, in the package's axis order
 * ({@code b c (z) y x}), the restoration as the output tensor, and the cover made from both.
 */
final class TestImages {
    /** Largest test input per spatial axis: keeps the package small. */
    private static final int MAX_SIZE = 256;

    private TestImages() {
    }

    /**
     * The test input as an image of axes {@code C + spatial}: {@code image} (axes of the model, C optional) centre-cut
     * to multiples of {@code div} (at most {@value #MAX_SIZE} per axis, at least {@code min}), or, without an image,
     * a synthetic one (blurred blobs with noise, fixed seed) of the smallest such size of at least 64.
     *
     * @throws FileFormatException when the image has other axes or channels than the model, or is too small
     */
    static FloatImage prepare(FloatImage image, String spatial, int channels, int[] min, int[] div)
            throws FileFormatException {
        if (image == null) {
            return synthetic(spatial, channels, min, div);
        }
        String axes = image.axes().letters();
        String withC = axes.contains("C") ? axes : "C" + axes;
        FloatImage img = axes.contains("C") ? image : image.withAxes(withC, prepend(1, image.shape()));
        if (!withC.replace("C", "").equals(spatial)) {
            throw new FileFormatException(java.nio.file.Path.of("test image"), "has axes " + axes + ", the model takes "
                    + spatial + (channels > 1 ? "C" : "") + "; give an image of the model's axes");
        }
        img = img.permute("C" + spatial);
        long[] s = img.shape();
        if (s[0] != channels) {
            throw new FileFormatException(java.nio.file.Path.of("test image"), "has " + s[0] + " channels, the model "
                    + "takes " + channels);
        }
        long[] from = new long[s.length];
        long[] size = new long[s.length];
        size[0] = channels;
        for (int i = 1; i < s.length; i++) {
            long want = Math.min(s[i], MAX_SIZE) / div[i - 1] * div[i - 1];
            if (want < min[i - 1]) {
                throw new FileFormatException(java.nio.file.Path.of("test image"), "is " + s[i] + " pixels along "
                        + spatial.charAt(i - 1) + "; the package's test input needs at least " + min[i - 1]
                        + " (twice the network's halo, in multiples of " + div[i - 1] + ")");
            }
            size[i] = want;
            from[i] = (s[i] - want) / 2;
        }
        return crop(img, from, size).withCalibration(image.calibration());
    }

    /**
     * The middle Z plane of a stack (axes with Z, Y, X, optionally C) as a YX (CYX) image, or {@code image} as it is
     * when it has no Z (or is null): an isotropic model's network restores lateral slices, so a stack given as its
     * test image contributes one.
     */
    static FloatImage lateralPlane(FloatImage image) {
        if (image == null || !image.axes().has('Z')) {
            return image;
        }
        String axes = image.axes().letters();
        boolean c = axes.contains("C");
        FloatImage s = image.permute(c ? "CZYX" : "ZYX");
        long[] shape = s.shape();
        int channels = c ? (int) shape[0] : 1;
        long nz = shape[c ? 1 : 0];
        long ny = image.size('Y');
        long nx = image.size('X');
        float[][] planes = new float[channels][];
        for (int ch = 0; ch < channels; ch++) {
            planes[ch] = s.plane((int) (ch * nz + nz / 2)).clone();
        }
        return new FloatImage(org.jcare.io.image.Axes.of(c ? "CYX" : "YX"), c ? new long[] {channels, ny, nx}
                : new long[] {ny, nx}, planes, image.calibration());
    }

    private static long[] prepend(long v, long[] s) {
        long[] out = new long[s.length + 1];
        out[0] = v;
        System.arraycopy(s, 0, out, 1, s.length);
        return out;
    }

    private static FloatImage crop(FloatImage img, long[] from, long[] size) {
        long[] s = img.shape();
        float[] all = img.toArray();
        int n = 1;
        for (long v : size) {
            n *= (int) v;
        }
        float[] out = new float[n];
        int rank = s.length;
        long[] idx = new long[rank];
        for (int o = 0; o < n; o++) {
            long rem = o;
            long flat = 0;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d] = rem % size[d];
                rem /= size[d];
            }
            for (int d = 0; d < rank; d++) {
                flat = flat * s[d] + from[d] + idx[d];
            }
            out[o] = all[(int) flat];
        }
        return FloatImage.of(img.axes().letters(), size, out);
    }

    private static FloatImage synthetic(String spatial, int channels, int[] min, int[] div) {
        int nd = spatial.length();
        long[] shape = new long[nd + 1];
        shape[0] = channels;
        int n = channels;
        for (int i = 0; i < nd; i++) {
            int target = Math.max(min[i], nd == 3 && i == 0 ? 16 : 64);
            shape[i + 1] = (long) Math.ceil((double) target / div[i]) * div[i];
            n *= (int) shape[i + 1];
        }
        SplittableRandom r = new SplittableRandom(2018);
        int blobs = 12;
        double[][] centre = new double[blobs][nd];
        for (double[] c : centre) {
            for (int i = 0; i < nd; i++) {
                c[i] = r.nextDouble() * shape[i + 1];
            }
        }
        float[] v = new float[n];
        int voxels = n / channels;
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < voxels; p++) {
                int rem = p;
                double[] pos = new double[nd];
                for (int i = nd - 1; i >= 0; i--) {
                    pos[i] = rem % shape[i + 1];
                    rem /= (int) shape[i + 1];
                }
                double s = 10;
                for (double[] b : centre) {
                    double d2 = 0;
                    for (int i = 0; i < nd; i++) {
                        d2 += (pos[i] - b[i]) * (pos[i] - b[i]);
                    }
                    s += 200 * Math.exp(-d2 / (2 * 16.0));
                }
                v[c * voxels + p] = (float) (s + Math.sqrt(s) * r.nextGaussian());
            }
        }
        return FloatImage.of("C" + spatial, shape, v);
    }

    /** {@code img} (axes {@code C + spatial}) as an array {@code [1, C, spatial...]}. */
    static NpyArray batchChannelFirst(FloatImage img, String spatial) {
        FloatImage cf = img.permute("C" + spatial);
        return array(prepend(1, cf.shape()), cf.toArray());
    }

    /** The restoration as {@code [1, C_out (means, then scales), spatial...]}. */
    static NpyArray output(Restoration r, String spatial) {
        float[] mean = channelFirst(r.mean(), spatial);
        long[] s = channelFirstShape(r.mean(), spatial);
        if (!r.isProbabilistic()) {
            return array(prepend(1, s), mean);
        }
        float[] scale = channelFirst(r.scale(), spatial);
        float[] both = new float[mean.length + scale.length];
        System.arraycopy(mean, 0, both, 0, mean.length);
        System.arraycopy(scale, 0, both, mean.length, scale.length);
        s[0] *= 2;
        return array(prepend(1, s), both);
    }

    private static float[] channelFirst(FloatImage img, String spatial) {
        return img.axes().has('C') ? img.permute("C" + spatial).toArray() : img.permute(spatial).toArray();
    }

    private static long[] channelFirstShape(FloatImage img, String spatial) {
        return img.axes().has('C') ? img.permute("C" + spatial).shape() : prepend(1, img.permute(spatial).shape());
    }

    static NpyArray array(long[] shape, float[] values) {
        int plane = (int) (shape[shape.length - 1] * shape[shape.length - 2]);
        float[][] chunks = new float[values.length / plane][];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = java.util.Arrays.copyOfRange(values, i * plane, (i + 1) * plane);
        }
        return new NpyArray(shape, chunks);
    }

    /**
     * Input and output (first channel; the middle plane of a stack) side by side. Both have the same Y and X; either
     * may be a stack ({@code [1, C, Z, Y, X]}) or a plane (a projection's output).
     */
    static byte[] cover(NpyArray in, NpyArray out) {
        long[] s = in.shape();
        int h = (int) s[s.length - 2];
        int w = (int) s[s.length - 1];
        return CoverPng.sideBySide(in.chunk(middlePlane(in)), out.chunk(middlePlane(out)), h, w);
    }

    private static int middlePlane(NpyArray a) {
        return a.shape().length == 5 ? (int) (a.shape()[2] / 2) : 0;
    }
}
