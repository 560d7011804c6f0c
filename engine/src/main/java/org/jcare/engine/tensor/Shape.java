package org.jcare.engine.tensor;

import java.util.Arrays;

/**
 * An immutable tensor shape in the engine's one layout: N C [D] H W, W fastest. Sizes are 64-bit so that
 * volumes over 2^31 elements are described exactly.
 */
public final class Shape {
    private final long[] dims;

    private Shape(long[] dims) {
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(dims));
            }
        }
        this.dims = dims;
    }

    /** A shape from its dimensions, outermost first. */
    public static Shape of(long... dims) {
        return new Shape(dims.clone());
    }

    /** A shape from int dimensions. */
    public static Shape of(int... dims) {
        long[] l = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            l[i] = dims[i];
        }
        return new Shape(l);
    }

    /** Number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Size of dimension {@code i}; negative {@code i} counts from the end. */
    public long dim(int i) {
        return dims[i < 0 ? dims.length + i : i];
    }

    /** Size of dimension {@code i} as an int, failing loudly if it does not fit. */
    public int dimInt(int i) {
        return Math.toIntExact(dim(i));
    }

    /** A copy of all dimensions. */
    public long[] dims() {
        return dims.clone();
    }

    /** Product of all dimensions. */
    public long numel() {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Bytes of a float32 tensor of this shape. */
    public long bytes() {
        return Math.multiplyExact(numel(), 4L);
    }

    /** Number of spatial dimensions of an N C [D] H W activation (2 or 3). */
    public int spatialRank() {
        return dims.length - 2;
    }

    /** Batch size of an N C [D] H W activation. */
    public int batch() {
        return dimInt(0);
    }

    /** Channels of an N C [D] H W activation. */
    public int channels() {
        return dimInt(1);
    }

    /** Depth of an N C D H W activation, 1 for N C H W (kernels treat 2D as depth 1). */
    public int depth() {
        return dims.length == 5 ? dimInt(2) : 1;
    }

    /** Height of an N C [D] H W activation. */
    public int height() {
        return dimInt(dims.length - 2);
    }

    /** Width of an N C [D] H W activation. */
    public int width() {
        return dimInt(dims.length - 1);
    }

    /** Voxels per channel and sample: D*H*W. */
    public long spatialSize() {
        long n = 1;
        for (int i = 2; i < dims.length; i++) {
            n *= dims[i];
        }
        return n;
    }

    /** This shape with dimension {@code i} replaced. */
    public Shape with(int i, long size) {
        long[] d = dims.clone();
        d[i < 0 ? d.length + i : i] = size;
        return new Shape(d);
    }

    /** Requires an N C H W or N C D H W activation, naming {@code op} otherwise. */
    public Shape requireActivation(String op) {
        if (dims.length != 4 && dims.length != 5) {
            throw new IllegalArgumentException(op + ": expected an N C H W or N C D H W tensor, got " + this);
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
