package org.jcare.io.image;

import java.util.Arrays;

/**
 * A float32 image with explicit axes, held on the host as planes: the last two axes form a plane (one
 * {@code float[]}, row-major), the leading axes enumerate planes in C order. This keeps images of more than
 * 2^31 voxels representable (only one plane must fit an array) and matches how TIFF stores them.
 */
public final class FloatImage {
    private final Axes axes;
    private final long[] shape;
    private final float[][] planes;
    private final Calibration calibration;

    /**
     * An image over existing planes (not copied).
     *
     * @throws IllegalArgumentException when the axes do not fit the shape or the planes do not fit either
     */
    public FloatImage(Axes axes, long[] shape, float[][] planes, Calibration calibration) {
        axes.requireFits(shape, "image");
        if (shape.length < 2) {
            throw new IllegalArgumentException("an image needs at least two axes, got " + Arrays.toString(shape));
        }
        long planeSize = shape[shape.length - 2] * shape[shape.length - 1];
        if (planeSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("plane of " + planeSize + " pixels is too large for one array");
        }
        long count = 1;
        for (int i = 0; i < shape.length - 2; i++) {
            count *= shape[i];
        }
        if (planes.length != count) {
            throw new IllegalArgumentException("image of shape " + Arrays.toString(shape) + " needs " + count
                    + " planes, got " + planes.length);
        }
        for (float[] p : planes) {
            if (p.length != planeSize) {
                throw new IllegalArgumentException("plane of " + p.length + " values, expected " + planeSize);
            }
        }
        this.axes = axes;
        this.shape = shape.clone();
        this.planes = planes;
        this.calibration = calibration == null ? Calibration.NONE : calibration;
    }

    /** A zero image. */
    public static FloatImage zeros(String axes, long... shape) {
        Axes a = Axes.of(axes);
        a.requireFits(shape, "image");
        long count = 1;
        for (int i = 0; i < shape.length - 2; i++) {
            count *= shape[i];
        }
        int planeSize = Math.toIntExact(shape[shape.length - 2] * shape[shape.length - 1]);
        float[][] planes = new float[Math.toIntExact(count)][planeSize];
        return new FloatImage(a, shape, planes, Calibration.NONE);
    }

    /** An image whose voxels are {@code data} in C order (for images under 2^31 voxels). */
    public static FloatImage of(String axes, long[] shape, float[] data) {
        FloatImage img = zeros(axes, shape);
        int ps = img.planeSize();
        if (data.length != img.numel()) {
            throw new IllegalArgumentException("data of " + data.length + " values for shape " + Arrays.toString(shape));
        }
        for (int p = 0; p < img.planes.length; p++) {
            System.arraycopy(data, p * ps, img.planes[p], 0, ps);
        }
        return img;
    }

    /** The axes. */
    public Axes axes() {
        return axes;
    }

    /** A copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    /** Size along {@code axis}, 1 when the axis is absent. */
    public long size(char axis) {
        int i = axes.indexOf(axis);
        return i < 0 ? 1 : shape[i];
    }

    /** Physical pixel sizes. */
    public Calibration calibration() {
        return calibration;
    }

    /** The same pixels with another calibration. */
    public FloatImage withCalibration(Calibration c) {
        return new FloatImage(axes, shape, planes, c);
    }

    /** Total voxels. */
    public long numel() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** Number of planes. */
    public int planeCount() {
        return planes.length;
    }

    /** Pixels per plane. */
    public int planeSize() {
        return (int) (shape[shape.length - 2] * shape[shape.length - 1]);
    }

    /** Plane {@code i} (the stored array, not a copy). */
    public float[] plane(int i) {
        return planes[i];
    }

    /** The value at a multi-index (one index per axis). */
    public float get(long... index) {
        long flat = flatIndex(index);
        int ps = planeSize();
        return planes[(int) (flat / ps)][(int) (flat % ps)];
    }

    /** Sets the value at a multi-index. */
    public void set(float value, long... index) {
        long flat = flatIndex(index);
        int ps = planeSize();
        planes[(int) (flat / ps)][(int) (flat % ps)] = value;
    }

    /** Value at a flat C-order index. */
    public float getFlat(long flat) {
        int ps = planeSize();
        return planes[(int) (flat / ps)][(int) (flat % ps)];
    }

    /** All voxels in C order (for images under 2^31 voxels). */
    public float[] toArray() {
        long n = numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("image of " + n + " voxels does not fit one array; read it plane by plane");
        }
        float[] out = new float[(int) n];
        int ps = planeSize();
        for (int p = 0; p < planes.length; p++) {
            System.arraycopy(planes[p], 0, out, p * ps, ps);
        }
        return out;
    }

    /**
     * The same image with its axes reordered to {@code newAxes} (a permutation of the current letters). Copies
     * the voxels.
     */
    public FloatImage permute(String newAxes) {
        Axes target = Axes.of(newAxes);
        if (target.size() != axes.size()) {
            throw new IllegalArgumentException("cannot permute axes " + axes + " to " + target + ": different letters");
        }
        int[] perm = new int[target.size()];
        long[] newShape = new long[target.size()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = axes.indexOf(target.letters().charAt(i));
            if (perm[i] < 0) {
                throw new IllegalArgumentException("cannot permute axes " + axes + " to " + target + ": different letters");
            }
            newShape[i] = shape[perm[i]];
        }
        if (target.equals(axes)) {
            return this;
        }
        int rank = perm.length;
        if (perm[rank - 2] == rank - 2 && perm[rank - 1] == rank - 1) {
            return permutePlanes(target, perm, newShape);
        }
        FloatImage out = zeros(target.letters(), newShape);
        long[] idx = new long[shape.length];
        long[] src = new long[shape.length];
        long n = numel();
        for (long f = 0; f < n; f++) {
            for (int i = 0; i < perm.length; i++) {
                src[perm[i]] = idx[i];
            }
            out.setFlat(f, get(src));
            for (int i = idx.length - 1; i >= 0; i--) {
                if (++idx[i] < newShape[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return new FloatImage(out.axes, out.shape, out.planes, calibration);
    }

    /** Permutes only the leading axes: whole planes move, so each is copied with one arraycopy. */
    private FloatImage permutePlanes(Axes target, int[] perm, long[] newShape) {
        int lead = perm.length - 2;
        long[] srcStride = new long[lead];
        long stride = 1;
        for (int i = lead - 1; i >= 0; i--) {
            srcStride[i] = stride;
            stride *= shape[i];
        }
        float[][] out = new float[planes.length][];
        long[] idx = new long[lead];
        for (int p = 0; p < out.length; p++) {
            long src = 0;
            for (int i = 0; i < lead; i++) {
                src += idx[i] * srcStride[perm[i]];
            }
            out[p] = planes[(int) src].clone();
            for (int i = lead - 1; i >= 0; i--) {
                if (++idx[i] < newShape[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return new FloatImage(target, newShape, out, calibration);
    }

    /**
     * The same planes (not copied) under other axes and shape: the last two sizes must stay the same and the number of
     * planes too, for example to add or drop singleton axes ({@code "ZYX"} of shape [5, h, w] as {@code "TZCYX"} of
     * shape [1, 5, 1, h, w]).
     *
     * @throws IllegalArgumentException when the new shape does not hold the same planes
     */
    public FloatImage withAxes(String newAxes, long... newShape) {
        Axes a = Axes.of(newAxes);
        a.requireFits(newShape, "image");
        int n = newShape.length;
        int r = shape.length;
        if (n < 2 || newShape[n - 2] != shape[r - 2] || newShape[n - 1] != shape[r - 1]) {
            throw new IllegalArgumentException("cannot view " + this + " as " + a + " " + Arrays.toString(newShape)
                    + ": the plane (last two axes) must stay " + shape[r - 2] + " x " + shape[r - 1]);
        }
        return new FloatImage(a, newShape, planes, calibration);
    }

    private void setFlat(long flat, float v) {
        int ps = planeSize();
        planes[(int) (flat / ps)][(int) (flat % ps)] = v;
    }

    private long flatIndex(long[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index of rank " + index.length + " for image of axes " + axes);
        }
        long flat = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside " + Arrays.toString(shape));
            }
            flat = flat * shape[i] + index[i];
        }
        return flat;
    }

    @Override
    public String toString() {
        return "FloatImage(" + axes + " " + Arrays.toString(shape) + ")";
    }
}
