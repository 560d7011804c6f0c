package org.jcare.engine.cl;

import static org.lwjgl.opencl.CL10.*;

import java.util.Arrays;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;

/**
 * A kernel of a built program. Not thread-safe: arguments are set on the shared cl_kernel object, so one
 * context is driven by one thread at a time (as everything in the engine).
 */
public final class ClKernel implements AutoCloseable {
    private final ClContext context;
    private final String name;
    private long handle;

    ClKernel(ClContext context, String name, long handle) {
        this.context = context;
        this.name = name;
        this.handle = handle;
    }

    /** The kernel's function name. */
    public String name() {
        return name;
    }

    /** Starts setting arguments from index 0. */
    public Call call() {
        if (handle == 0) {
            throw new IllegalStateException("kernel " + name + " used after close");
        }
        return new Call();
    }

    @Override
    public void close() {
        if (handle != 0) {
            clReleaseKernel(handle);
            handle = 0;
        }
    }

    /** Sets arguments in order, then launches. */
    public final class Call {
        private int index;

        private Call() {
        }

        /** A buffer argument. */
        public Call arg(ClBuffer buffer) {
            check(clSetKernelArg1p(handle, index, buffer.handle()), "buffer");
            return this;
        }

        /** An {@code int} argument. */
        public Call arg(int value) {
            check(clSetKernelArg1i(handle, index, value), "int " + value);
            return this;
        }

        /** A {@code long} argument (OpenCL {@code long}, 64 bits). */
        public Call arg(long value) {
            check(clSetKernelArg1l(handle, index, value), "long " + value);
            return this;
        }

        /** A {@code float} argument. */
        public Call arg(float value) {
            check(clSetKernelArg1f(handle, index, value), "float " + value);
            return this;
        }

        /** A {@code __local} buffer of {@code bytes}. */
        public Call local(long bytes) {
            check(clSetKernelArg(handle, index, bytes), "local " + bytes + " B");
            return this;
        }

        private void check(int status, String what) {
            if (status != CL_SUCCESS) {
                throw new ClException(status, "clSetKernelArg(" + name + ", arg " + index + " = " + what + ")");
            }
            index++;
        }

        /**
         * Enqueues the kernel. {@code global} is rounded up to a multiple of {@code local} (NVIDIA has no
         * non-uniform work-groups), so every kernel bounds-checks its work-item ids. {@code local} may be null.
         */
        public void launch(long[] global, long[] local) {
            long[] padded = global.clone();
            if (local != null) {
                if (local.length != global.length) {
                    throw new IllegalArgumentException("kernel " + name + ": global " + Arrays.toString(global)
                            + " and local " + Arrays.toString(local) + " differ in rank");
                }
                for (int i = 0; i < padded.length; i++) {
                    padded[i] = (global[i] + local[i] - 1) / local[i] * local[i];
                }
            }
            for (long g : padded) {
                if (g <= 0) {
                    return; // nothing to do: an empty tensor
                }
            }
            try (MemoryStack stack = MemoryStack.stackPush()) {
                PointerBuffer g = stack.mallocPointer(padded.length);
                for (int i = 0; i < padded.length; i++) {
                    g.put(i, padded[i]);
                }
                PointerBuffer l = null;
                if (local != null) {
                    l = stack.mallocPointer(local.length);
                    for (int i = 0; i < local.length; i++) {
                        l.put(i, local[i]);
                    }
                }
                KernelProfiler profiler = context.profiler();
                PointerBuffer event = profiler == null ? null : stack.mallocPointer(1);
                int status = clEnqueueNDRangeKernel(context.queue(), handle, padded.length, null, g, l, null, event);
                if (status != CL_SUCCESS) {
                    throw new ClException(status, "clEnqueueNDRangeKernel(" + name + ", global=" + Arrays.toString(padded)
                            + ", local=" + (local == null ? "auto" : Arrays.toString(local)) + ")");
                }
                if (profiler != null) {
                    profiler.record(name, event.get(0));
                }
            }
        }

        /** One-dimensional launch. */
        public void launch1d(long global, long local) {
            launch(new long[] {global}, new long[] {local});
        }
    }
}
