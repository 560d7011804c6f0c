package org.jcare.engine.cl;

import static org.lwjgl.opencl.CL10.*;
import static org.lwjgl.opencl.CL12.clEnqueueBarrierWithWaitList;
import static org.lwjgl.opencl.CL12.clEnqueueMarkerWithWaitList;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;

/**
 * A second in-order queue of a {@link ClContext} for host-device transfers that overlap the kernels of the compute
 * queue (the context's own queue), and the events that order the two: an upload on this queue gives an event that
 * the compute queue waits for ({@link #computeWaitsFor}) before the kernels that read the data; a download waits for a
 * marker of the compute queue ({@link #computeMarker}) that completes after the kernels that wrote it. Events are
 * raw handles; whoever gets one releases it with {@link #release} (or waits and releases with {@link #await}).
 * Created by {@link ClContext#transfers()}, closed with the context. Driven by one thread at a time.
 */
public final class TransferQueue implements AutoCloseable {
    private final ClContext context;
    private long queue;

    TransferQueue(ClContext context) {
        this.context = context;
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer err = stack.mallocInt(1);
            queue = clCreateCommandQueue(context.handle(), context.device().deviceHandle(), 0, err);
            ClException.check(err.get(0), "clCreateCommandQueue(transfers, " + context.device().name() + ")");
        }
    }

    /** The cl_command_queue handle of the transfer queue. */
    public long handle() {
        return queue;
    }

    private static PointerBuffer waitList(MemoryStack stack, long... events) {
        int n = 0;
        for (long e : events) {
            if (e != 0) {
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        PointerBuffer list = stack.mallocPointer(n);
        for (long e : events) {
            if (e != 0) {
                list.put(e);
            }
        }
        return list.flip();
    }

    /**
     * Non-blocking write of the remaining floats of {@code data} (pinned memory: {@link PinnedBuffer#floats}) into
     * {@code buffer} at {@code byteOffset}, on this queue, after the events of {@code waitFor} (0 = none); returns its
     * event. {@code data} must stay untouched until the event completes.
     */
    public long write(ClBuffer buffer, long byteOffset, FloatBuffer data, long... waitFor) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer event = stack.mallocPointer(1);
            ClException.check(clEnqueueWriteBuffer(queue, buffer.handle(), false, byteOffset, data,
                    waitList(stack, waitFor), event), "clEnqueueWriteBuffer(transfers, " + data.remaining() * 4L + " B)");
            return event.get(0);
        }
    }

    /**
     * Non-blocking read of {@code buffer} from {@code byteOffset} into the remaining floats of {@code data}, on this
     * queue, after the events of {@code waitFor} (0 = none); returns its event. {@code data} holds the values once the
     * event completes.
     */
    public long read(ClBuffer buffer, long byteOffset, FloatBuffer data, long... waitFor) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer event = stack.mallocPointer(1);
            ClException.check(clEnqueueReadBuffer(queue, buffer.handle(), false, byteOffset, data,
                    waitList(stack, waitFor), event), "clEnqueueReadBuffer(transfers, " + data.remaining() * 4L + " B)");
            return event.get(0);
        }
    }

    /** An event of the compute queue that completes once everything enqueued there so far has. */
    public long computeMarker() {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer event = stack.mallocPointer(1);
            ClException.check(clEnqueueMarkerWithWaitList(context.queue(), null, event), "clEnqueueMarkerWithWaitList");
            return event.get(0);
        }
    }

    /** Makes the compute queue run nothing enqueued after this call before the events (0 = none) complete. */
    public void computeWaitsFor(long... events) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer list = waitList(stack, events);
            if (list != null) {
                ClException.check(clEnqueueBarrierWithWaitList(context.queue(), list, null), "clEnqueueBarrierWithWaitList");
            }
        }
    }

    /** Submits what both queues hold, without waiting (so that the transfers start while the host works on). */
    public void flush() {
        ClException.check(clFlush(queue), "clFlush(transfers)");
        context.flush();
    }

    /** Waits for {@code event} (0: returns at once) and releases it. */
    public static void await(long event) {
        if (event != 0) {
            ClException.check(clWaitForEvents(event), "clWaitForEvents");
            clReleaseEvent(event);
        }
    }

    /** Releases {@code event} without waiting (0: nothing). */
    public static void release(long event) {
        if (event != 0) {
            clReleaseEvent(event);
        }
    }

    /** Waits for every transfer enqueued so far. */
    public void finish() {
        ClException.check(clFinish(queue), "clFinish(transfers)");
    }

    @Override
    public void close() {
        if (queue == 0) {
            return;
        }
        try {
            clFinish(queue);
        } catch (RuntimeException ignored) {
            // close never throws
        }
        clReleaseCommandQueue(queue);
        queue = 0;
    }
}
