package org.jcare.engine.cl;

import static org.lwjgl.opencl.CL10.clReleaseMemObject;
import static org.lwjgl.opencl.CL11.CL_BUFFER_CREATE_TYPE_REGION;
import static org.lwjgl.opencl.CL11.clCreateSubBuffer;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import org.lwjgl.system.MemoryStack;

/**
 * A device buffer (cl_mem). Owns its handle; {@link #close()} releases it once and never throws.
 * Sub-buffers are views that keep the parent alive in OpenCL's reference counting.
 */
public final class ClBuffer implements AutoCloseable {
    private final ClContext context;
    private final long bytes;
    private long handle;

    ClBuffer(ClContext context, long handle, long bytes) {
        this.context = context;
        this.handle = handle;
        this.bytes = bytes;
    }

    /** The cl_mem handle; throws if the buffer was closed. */
    public long handle() {
        if (handle == 0) {
            throw new IllegalStateException("buffer of " + bytes + " bytes used after close");
        }
        return handle;
    }

    /** Size in bytes. */
    public long bytes() {
        return bytes;
    }

    /** The context this buffer belongs to. */
    public ClContext context() {
        return context;
    }

    /** True until closed. */
    public boolean isOpen() {
        return handle != 0;
    }

    /**
     * A view of {@code [offsetBytes, offsetBytes + sizeBytes)}; the offset must be a multiple of the device's
     * base-address alignment ({@link DeviceInfo#baseAddrAlignBytes()}).
     */
    public ClBuffer subBuffer(long offsetBytes, long sizeBytes) {
        if (offsetBytes < 0 || sizeBytes <= 0 || offsetBytes + sizeBytes > bytes) {
            throw new IllegalArgumentException("sub-buffer [" + offsetBytes + ", " + (offsetBytes + sizeBytes)
                    + ") outside buffer of " + bytes + " bytes");
        }
        try (MemoryStack stack = MemoryStack.stackPush()) {
            ByteBuffer region = stack.malloc(2 * 8);
            region.putLong(0, offsetBytes).putLong(8, sizeBytes);
            IntBuffer err = stack.mallocInt(1);
            long sub = clCreateSubBuffer(handle(), 1L /* CL_MEM_READ_WRITE */, CL_BUFFER_CREATE_TYPE_REGION, region, err);
            ClException.check(err.get(0), "clCreateSubBuffer(offset " + offsetBytes + " B, size " + sizeBytes + " B)");
            return new ClBuffer(context, sub, sizeBytes);
        }
    }

    @Override
    public void close() {
        if (handle != 0) {
            clReleaseMemObject(handle);
            handle = 0;
        }
    }
}
