package org.jcare.engine.cl;

import static org.lwjgl.opencl.CL10.*;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;

/**
 * An OpenCL context on one device with one in-order, profiling-enabled queue, its program cache and raw
 * buffer allocation; on demand a second queue for overlapped transfers ({@link #transfers()}) and pinned host memory
 * ({@link #pinned}). Driven by one thread at a time. Closing releases programs, queues and context (buffers are owned
 * by whoever allocated them and must be closed first).
 */
public final class ClContext implements AutoCloseable {
    private final DeviceInfo device;
    private final ProgramCache programs;
    private long context;
    private long queue;
    private long allocations;
    private long allocatedBytes;
    private KernelProfiler profiler;
    private TransferQueue transfers;

    private ClContext(DeviceInfo device, BinaryCache binaryCache) {
        this.device = device;
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer err = stack.mallocInt(1);
            PointerBuffer props = stack.mallocPointer(3);
            props.put(0, CL_CONTEXT_PLATFORM).put(1, device.platformHandle()).put(2, 0);
            context = clCreateContext(props, device.deviceHandle(), null, 0, err);
            ClException.check(err.get(0), "clCreateContext(" + device.name() + ")");
            queue = clCreateCommandQueue(context, device.deviceHandle(), CL_QUEUE_PROFILING_ENABLE, err);
            if (err.get(0) != CL_SUCCESS) {
                int e = err.get(0);
                clReleaseContext(context);
                throw new ClException(e, "clCreateCommandQueue(" + device.name() + ")");
            }
        }
        this.programs = new ProgramCache(this, binaryCache);
    }

    /** Opens a context on {@code device} with the binary cache from the environment. */
    public static ClContext create(DeviceInfo device) {
        return create(device, BinaryCache.fromEnvironment());
    }

    /** Opens a context on {@code device} with an explicit binary cache. */
    public static ClContext create(DeviceInfo device, BinaryCache binaryCache) {
        SignalChaining.warnIfUnprotected(device);
        return new ClContext(device, binaryCache);
    }

    /** The device of this context. */
    public DeviceInfo device() {
        return device;
    }

    /** The cl_context handle. */
    public long handle() {
        return context;
    }

    /** The cl_command_queue handle. */
    public long queue() {
        return queue;
    }

    /** Programs built on this context. */
    public ProgramCache programs() {
        return programs;
    }

    /** Shorthand for {@code programs().get(source, options)}. */
    public ClProgram program(KernelSource source, String options) {
        return programs.get(source, options);
    }

    /**
     * Allocates a device buffer of {@code bytes}. Counted, so that tests can assert that steady-state training
     * allocates nothing (the buffer pool sits on top of this).
     */
    public ClBuffer allocate(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("buffer size must be positive, got " + bytes + " bytes");
        }
        if (bytes > device.maxAllocBytes()) {
            throw new ClException(CL_INVALID_BUFFER_SIZE, "clCreateBuffer(" + bytes + " B) exceeds the largest allocation of "
                    + device.name() + " (" + device.maxAllocBytes() + " B); use smaller tiles or batches");
        }
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer err = stack.mallocInt(1);
            long h = clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, err);
            ClException.check(err.get(0), "clCreateBuffer(" + bytes + " B)");
            allocations++;
            allocatedBytes += bytes;
            return new ClBuffer(this, h, bytes);
        }
    }

    /** The second queue, for transfers that overlap the kernels of this one (created on first use). */
    public TransferQueue transfers() {
        if (transfers == null) {
            transfers = new TransferQueue(this);
        }
        return transfers;
    }

    /** Pinned host memory of {@code bytes} (see {@link PinnedBuffer}); the caller closes it before the context. */
    public PinnedBuffer pinned(long bytes) {
        return new PinnedBuffer(this, bytes);
    }

    /** Number of device allocations made so far. */
    public long allocations() {
        return allocations;
    }

    /** Bytes allocated so far (not net of releases). */
    public long allocatedBytes() {
        return allocatedBytes;
    }

    /** Blocking write of {@code data} at {@code byteOffset}. */
    public void write(ClBuffer buffer, long byteOffset, float[] data) {
        ClException.check(clEnqueueWriteBuffer(queue, buffer.handle(), true, byteOffset, data, null, null),
                "clEnqueueWriteBuffer(" + data.length * 4L + " B at " + byteOffset + ")");
    }

    /** Blocking write of the remaining floats of a direct buffer at {@code byteOffset}. */
    public void write(ClBuffer buffer, long byteOffset, FloatBuffer data) {
        ClException.check(clEnqueueWriteBuffer(queue, buffer.handle(), true, byteOffset, data, null, null),
                "clEnqueueWriteBuffer(" + data.remaining() * 4L + " B at " + byteOffset + ")");
    }

    /** Blocking read into {@code data} from {@code byteOffset}. */
    public void read(ClBuffer buffer, long byteOffset, float[] data) {
        ClException.check(clEnqueueReadBuffer(queue, buffer.handle(), true, byteOffset, data, null, null),
                "clEnqueueReadBuffer(" + data.length * 4L + " B at " + byteOffset + ")");
    }

    /** Blocking read into the remaining floats of a direct buffer. */
    public void read(ClBuffer buffer, long byteOffset, FloatBuffer data) {
        ClException.check(clEnqueueReadBuffer(queue, buffer.handle(), true, byteOffset, data, null, null),
                "clEnqueueReadBuffer(" + data.remaining() * 4L + " B at " + byteOffset + ")");
    }

    /**
     * Non-blocking read into a direct buffer; returns an event that {@link #await(long)} waits for. The host
     * buffer must stay alive and untouched until then.
     */
    public long readAsync(ClBuffer buffer, long byteOffset, FloatBuffer data) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer event = stack.mallocPointer(1);
            ClException.check(clEnqueueReadBuffer(queue, buffer.handle(), false, byteOffset, data, null, event),
                    "clEnqueueReadBuffer(non-blocking, " + data.remaining() * 4L + " B)");
            return event.get(0);
        }
    }

    /** Waits for and releases an event from {@link #readAsync}. */
    public void await(long event) {
        ClException.check(clWaitForEvents(event), "clWaitForEvents");
        clReleaseEvent(event);
    }

    /** Device-side copy of {@code bytes} between buffers. */
    public void copy(ClBuffer src, long srcOffset, ClBuffer dst, long dstOffset, long bytes) {
        ClException.check(clEnqueueCopyBuffer(queue, src.handle(), dst.handle(), srcOffset, dstOffset, bytes, null, null),
                "clEnqueueCopyBuffer(" + bytes + " B)");
    }

    /** Waits until every enqueued command has finished. */
    public void finish() {
        ClException.check(clFinish(queue), "clFinish");
    }

    /** Submits enqueued commands without waiting. */
    public void flush() {
        ClException.check(clFlush(queue), "clFlush");
    }

    /** The installed profiler, or null. */
    public KernelProfiler profiler() {
        return profiler;
    }

    /** Installs (or, with null, removes) a profiler that records every launch. */
    public void profiler(KernelProfiler profiler) {
        this.profiler = profiler;
    }

    @Override
    public void close() {
        if (context == 0) {
            return;
        }
        try {
            clFinish(queue);
        } catch (RuntimeException ignored) {
            // close never throws
        }
        if (transfers != null) {
            transfers.close();
        }
        programs.close();
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
        queue = 0;
        context = 0;
    }
}
