package org.jcare.engine.cl;

import static org.lwjgl.opencl.CL10.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import org.lwjgl.system.MemoryStack;

/**
 * Host memory the OpenCL driver has pinned (page-locked), for transfers at DMA speed: a buffer created with
 * {@code CL_MEM_ALLOC_HOST_PTR} and mapped once for its lifetime; {@link #floats()} is the mapped memory. Reads and
 * writes of device buffers from or into it are what NVIDIA's OpenCL moves at PCIe speed (55 GB/s against 9-16 GB/s
 * from pageable Java or malloc memory on an H200, OPENCL-KERNELS.md 4); on a CPU device it is ordinary host memory.
 * Closing unmaps and releases it (idempotent, never throws); the memory must not be used afterwards.
 */
public final class PinnedBuffer implements AutoCloseable {
    private final ClContext context;
    private final long bytes;
    private long handle;
    private ByteBuffer mapped;

    PinnedBuffer(ClContext context, long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("pinned buffer size must be positive, got " + bytes + " bytes");
        }
        this.context = context;
        this.bytes = bytes;
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer err = stack.mallocInt(1);
            handle = clCreateBuffer(context.handle(), CL_MEM_READ_WRITE | CL_MEM_ALLOC_HOST_PTR, bytes, err);
            ClException.check(err.get(0), "clCreateBuffer(CL_MEM_ALLOC_HOST_PTR, " + bytes + " B)");
            mapped = clEnqueueMapBuffer(context.queue(), handle, true, CL_MAP_READ | CL_MAP_WRITE, 0, bytes, null, null,
                    err, null);
            if (err.get(0) != CL_SUCCESS || mapped == null) {
                int e = err.get(0);
                clReleaseMemObject(handle);
                handle = 0;
                throw new ClException(e, "clEnqueueMapBuffer(" + bytes + " B)");
            }
            mapped.order(ByteOrder.nativeOrder());
        }
    }

    /** Size in bytes. */
    public long bytes() {
        return bytes;
    }

    /** Capacity in floats. */
    public int capacity() {
        return (int) Math.min(Integer.MAX_VALUE, bytes / 4);
    }

    /** A float view of the first {@code count} floats of the pinned memory (position 0, limit {@code count}). */
    public FloatBuffer floats(int count) {
        if (mapped == null) {
            throw new IllegalStateException("pinned buffer of " + bytes + " bytes used after close");
        }
        if (count < 0 || count > capacity()) {
            throw new IllegalArgumentException(count + " floats do not fit a pinned buffer of " + bytes + " bytes");
        }
        FloatBuffer f = mapped.asFloatBuffer();
        f.limit(count);
        return f;
    }

    @Override
    public void close() {
        if (handle == 0) {
            return;
        }
        try {
            clEnqueueUnmapMemObject(context.queue(), handle, mapped, null, null);
            clFinish(context.queue());
        } catch (RuntimeException ignored) {
            // close never throws
        }
        clReleaseMemObject(handle);
        handle = 0;
        mapped = null;
    }
}
