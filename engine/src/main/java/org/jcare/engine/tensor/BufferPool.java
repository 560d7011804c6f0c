package org.jcare.engine.tensor;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.jcare.engine.cl.ClBuffer;
import org.jcare.engine.cl.ClContext;

/**
 * Reuses device buffers by size class so that, after the first training step, steps allocate no device
 * memory. Sizes are rounded up to a class (a quarter of their highest power of two, at least 256 bytes), so a
 * buffer wastes under a quarter of its size (or 256 bytes) while tiles of slightly different size still share buffers.
 */
public final class BufferPool implements AutoCloseable {
    private final ClContext context;
    private final Map<Long, ArrayDeque<ClBuffer>> free = new HashMap<>();
    private long allocations;
    private long bytesInUse;
    private long peakBytesInUse;
    private long bytesHeld;

    /** A pool allocating from {@code context}. */
    public BufferPool(ClContext context) {
        this.context = context;
    }

    /** The size class of a request: what {@link #acquire(long)} actually allocates. */
    public static long sizeClass(long bytes) {
        long granule = Math.max(256, Long.highestOneBit(Math.max(1, bytes)) / 4);
        return (bytes + granule - 1) / granule * granule;
    }

    /** A buffer of at least {@code bytes}, reused when one of the same class is free. */
    public ClBuffer acquire(long bytes) {
        long cls = sizeClass(bytes);
        ArrayDeque<ClBuffer> q = free.get(cls);
        ClBuffer b = q == null ? null : q.pollLast();
        if (b == null) {
            try {
                b = context.allocate(cls);
            } catch (RuntimeException e) {
                // Memory held for other sizes may be what is missing: give it back once, then try again.
                trim();
                b = context.allocate(cls);
            }
            allocations++;
            bytesHeld += cls;
        }
        bytesInUse += cls;
        peakBytesInUse = Math.max(peakBytesInUse, bytesInUse);
        return b;
    }

    /** Returns a buffer from {@link #acquire(long)} for reuse. */
    public void release(ClBuffer buffer) {
        if (!buffer.isOpen()) {
            return;
        }
        bytesInUse -= buffer.bytes();
        free.computeIfAbsent(buffer.bytes(), k -> new ArrayDeque<>()).addLast(buffer);
    }

    /** Device allocations made by this pool (constant in a steady-state training loop). */
    public long allocations() {
        return allocations;
    }

    /** Bytes currently handed out. */
    public long bytesInUse() {
        return bytesInUse;
    }

    /** Largest {@link #bytesInUse()} seen (the peak device memory of the work done through this pool). */
    public long peakBytesInUse() {
        return peakBytesInUse;
    }

    /** Resets the peak to the current use, so that a phase can measure its own peak. */
    public void resetPeak() {
        peakBytesInUse = bytesInUse;
    }

    /** Bytes of device memory the pool holds, in use or free. */
    public long bytesHeld() {
        return bytesHeld;
    }

    /** Releases every free buffer back to the device. */
    public void trim() {
        for (ArrayDeque<ClBuffer> q : free.values()) {
            for (ClBuffer b : q) {
                bytesHeld -= b.bytes();
                b.close();
            }
        }
        free.clear();
    }

    @Override
    public void close() {
        trim();
    }
}
