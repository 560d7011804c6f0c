package org.jcare.engine.cl;

import static org.lwjgl.opencl.CL10.clCreateKernel;
import static org.lwjgl.opencl.CL10.clReleaseProgram;

import java.nio.IntBuffer;
import java.util.HashMap;
import java.util.Map;
import org.lwjgl.system.MemoryStack;

/** A built program and its kernels, created once per name and reused. */
public final class ClProgram implements AutoCloseable {
    private final ClContext context;
    private final String sourceName;
    private final String options;
    private final Map<String, ClKernel> kernels = new HashMap<>();
    private long handle;

    ClProgram(ClContext context, String sourceName, String options, long handle) {
        this.context = context;
        this.sourceName = sourceName;
        this.options = options;
        this.handle = handle;
    }

    /** The kernel named {@code name}; created on first use. */
    public ClKernel kernel(String name) {
        ClKernel k = kernels.get(name);
        if (k == null) {
            try (MemoryStack stack = MemoryStack.stackPush()) {
                IntBuffer err = stack.mallocInt(1);
                long h = clCreateKernel(handle, name, err);
                ClException.check(err.get(0), "clCreateKernel(" + name + " in " + sourceName + ", options '" + options + "')");
                k = new ClKernel(context, name, h);
                kernels.put(name, k);
            }
        }
        return k;
    }

    /** Source file name, for messages. */
    public String sourceName() {
        return sourceName;
    }

    /** Build options this program was built with. */
    public String options() {
        return options;
    }

    long handle() {
        return handle;
    }

    /**
     * The build log on this program's device (after a successful build too: with {@code -cl-nv-verbose} in the
     * options NVIDIA lists registers, spills and shared memory per kernel). Empty or near-empty for a program loaded
     * from the binary cache, whose build does not run the compiler.
     */
    public String buildLog() {
        return context.programs().buildLog(handle);
    }

    @Override
    public void close() {
        kernels.values().forEach(ClKernel::close);
        kernels.clear();
        if (handle != 0) {
            clReleaseProgram(handle);
            handle = 0;
        }
    }
}
