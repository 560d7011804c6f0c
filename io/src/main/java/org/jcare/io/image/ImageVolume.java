package org.jcare.io.image;

/** A {@link VolumeReader} over an image in memory (tests, and images small enough to read whole). */
public final class ImageVolume implements VolumeReader {
    private final FloatImage image;
    private final String name;

    /** A volume over {@code image} (its planes are shared, not copied). */
    public ImageVolume(FloatImage image, String name) {
        if (image.axes().has('S')) {
            throw new IllegalArgumentException(name + ": axes " + image.axes() + " contain S; volumes have TCZYX axes");
        }
        this.image = image;
        this.name = name;
    }

    @Override
    public Axes axes() {
        return image.axes();
    }

    @Override
    public long[] shape() {
        return image.shape();
    }

    @Override
    public Calibration calibration() {
        return image.calibration();
    }

    @Override
    public float[] read(long[] start, int[] size) {
        long[] shape = image.shape();
        int rank = shape.length;
        int n = 1;
        for (int s : size) {
            n = Math.multiplyExact(n, s);
        }
        float[] out = new float[n];
        if (n == 0) {
            return out;
        }
        int w = (int) shape[rank - 1];
        int rowLen = size[rank - 1];
        int rows = n / rowLen;
        long[] idx = new long[rank - 1];
        for (int r = 0; r < rows; r++) {
            long plane = 0;
            for (int i = 0; i < rank - 2; i++) {
                plane = plane * shape[i] + start[i] + idx[i];
            }
            int y = (int) (start[rank - 2] + idx[rank - 2]);
            System.arraycopy(image.plane((int) plane), y * w + (int) start[rank - 1], out, r * rowLen, rowLen);
            for (int i = rank - 2; i >= 0; i--) {
                if (++idx[i] < size[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return out;
    }

    @Override
    public int[] blockShape() {
        long[] s = image.shape();
        int[] b = new int[s.length];
        java.util.Arrays.fill(b, 1);
        b[s.length - 2] = (int) s[s.length - 2];
        b[s.length - 1] = (int) s[s.length - 1];
        return b;
    }

    @Override
    public String describe() {
        return name;
    }
}
