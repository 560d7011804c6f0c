package org.jcare.kernels.common;

import java.util.Random;
import org.jcare.engine.tensor.Shape;

/**
 * A float64 host tensor: what the references compute on. Same layout as the engine (N C [D] H W, W fastest).
 *
 * @param shape the shape
 * @param data  the values, {@code shape.numel()} of them, C order
 */
public record DoubleTensor(Shape shape, double[] data) {
    /** Checks that the data fits the shape. */
    public DoubleTensor {
        if (data.length != shape.numel()) {
            throw new IllegalArgumentException("data of " + data.length + " values for shape " + shape);
        }
    }

    /** Zeros of {@code shape}. */
    public static DoubleTensor zeros(Shape shape) {
        return new DoubleTensor(shape, new double[Math.toIntExact(shape.numel())]);
    }

    /** Uniform values in [lo, hi) from a seeded generator. */
    public static DoubleTensor uniform(Shape shape, long seed, double lo, double hi) {
        Random r = new Random(seed);
        double[] d = new double[Math.toIntExact(shape.numel())];
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + (hi - lo) * r.nextDouble();
        }
        return new DoubleTensor(shape, d);
    }

    /** The values widened from float32 (what the device computes on). */
    public static DoubleTensor of(Shape shape, float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return new DoubleTensor(shape, d);
    }

    /** The values rounded to float32, for uploading to the device. */
    public float[] toFloats() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return f;
    }

    /** The values rounded to float32 and back: the reference then sees exactly what the device sees. */
    public DoubleTensor roundedToFloat() {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) data[i];
        }
        return new DoubleTensor(shape, d);
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /** Sum of {@code this * other}: the scalar that finite-difference checks differentiate. */
    public double dot(DoubleTensor other) {
        double s = 0;
        for (int i = 0; i < data.length; i++) {
            s += data[i] * other.data[i];
        }
        return s;
    }
}
