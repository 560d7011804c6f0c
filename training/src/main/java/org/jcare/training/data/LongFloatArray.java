package org.jcare.training.data;

/**
 * A read-only float array addressed by long indices, so arrays of more than 2^31 values (a large {@code .npz} entry,
 * a memory-mapped file) can be handed over without one Java array.
 */
public interface LongFloatArray {
    /** Number of values. */
    long length();

    /** Copies {@code count} values from index {@code from} into {@code dst[dstOffset...]}. */
    void read(long from, float[] dst, int dstOffset, int count);

    /** A view of a Java array. */
    static LongFloatArray of(float[] data) {
        return new LongFloatArray() {
            @Override
            public long length() {
                return data.length;
            }

            @Override
            public void read(long from, float[] dst, int dstOffset, int count) {
                System.arraycopy(data, Math.toIntExact(from), dst, dstOffset, count);
            }
        };
    }
}
