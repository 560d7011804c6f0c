package org.jcare.io.model;

import java.util.Arrays;

/**
 * A named weight tensor's content on the host: shape and float32 values in C order (for a convolution weight
 * {@code [out, in, (d,) h, w]}). One Java array holds it, so a tensor is limited to 2^31 values; CARE networks have
 * a few million parameters at most.
 *
 * @param shape  the shape, empty for a scalar
 * @param values the values, as many as the shape's product
 */
public record TensorData(long[] shape, float[] values) {
    /**
     * Checks that the values fit the shape.
     *
     * @throws IllegalArgumentException otherwise
     */
    public TensorData {
        long n = 1;
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative size in shape " + Arrays.toString(shape));
            }
            n *= s;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got "
                    + values.length);
        }
        shape = shape.clone();
    }

    /** A copy of the shape. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorData t && Arrays.equals(shape, t.shape) && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "TensorData" + Arrays.toString(shape);
    }
}
